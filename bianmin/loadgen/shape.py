"""What to generate: how many centres, how many years of cases up to which moment, from which seed.

A county is the plan's: 16 township centres (三 总体目标), about 200 villages, ~400,000 cases a year
(25,000 per centre). A province is Jiangxi's size: 1,600 township units and ~20,000 villages; its
cases are scaled to a tenth of a county's per centre (2,500 a year, 4 million in all) — every per-
centre cost (organisation, catalogue, reports, findings) is there in full and the case tables are
ten times a county's, while 40 million rows would take hours to write on a small machine.
"""

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
# The benchmarks' fixed "now": a Wednesday morning late in a year with an official holiday
# schedule, so the year's figures, the open cases and the lights are the same on every run.
BENCH_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=CHINA)


@dataclass(frozen=True)
class Shape:
    scale: str = "county"
    centres: int = 16
    years: int = 1
    cases_per_centre_year: int = 25_000
    items: int = 2_000  # the province-wide catalogue (江西省政务服务事项目录) every centre picks from
    seed: int = 20181008
    now: datetime = BENCH_NOW

    @property
    def months(self) -> list[tuple[int, int]]:
        """The ``years × 12`` months ending with the month of ``now`` (which is cut at ``now``)."""
        year, month = self.now.year, self.now.month
        months = [(year, month)]
        while len(months) < self.years * 12:
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
            months.append((year, month))
        return months[::-1]

    @property
    def first_day(self) -> date:
        year, month = self.months[0]
        return date(year, month, 1)

    @property
    def expected_cases(self) -> int:
        return self.centres * self.years * self.cases_per_centre_year

    def key(self) -> dict:
        """The shape as JSON values: stored with the data so a benchmark can tell it may reuse them."""
        values = asdict(self)
        values["now"] = self.now.isoformat()
        return values

    def describe(self) -> str:
        (y0, m0), (y1, m1) = self.months[0], self.months[-1]
        return (
            f"{self.scale} of {self.centres:,} centres, {self.years} year{'s' if self.years > 1 else ''} of cases "
            f"({y0}-{m0:02d}..{y1}-{m1:02d}, to {self.now:%Y-%m-%d %H:%M}), ~{self.cases_per_centre_year:,} cases "
            f"per centre-year, {self.items:,} catalogue items, seed {self.seed}"
        )


COUNTY = Shape()
PROVINCE = Shape(scale="province", centres=1_600, cases_per_centre_year=2_500)
SCALES = {"county": COUNTY, "province": PROVINCE}


def shape_for(scale: str, **changes) -> Shape:
    """The scale's shape with ``changes`` (None values are left at the scale's default)."""
    return replace(SCALES[scale], **{k: v for k, v in changes.items() if v is not None})
