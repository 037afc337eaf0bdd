"""The statutory holidays the law itself fixes, for a year whose State Council schedule is not known.

《全国年节及纪念日放假办法》 as revised in 2024 (国务院令第795号), article 2: 元旦 1 day (1-1);
春节 4 days (除夕 and 正月初一至初三); 清明节 1 day (the solar term); 劳动节 2 days (5-1, 5-2);
端午节 1 day (五月初五); 中秋节 1 day (八月十五); 国庆节 3 days (10-1..10-3). Lunar dates and the
solar term come from lunar-python. Adjusted working days (调休) cannot be known in advance, so a
schedule built here has none and is always provisional.
"""

from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar, Solar


def _solar(lunar_year: int, month: int, day: int) -> date:
    solar = Lunar.fromYmd(lunar_year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    term = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    return date(term.getYear(), term.getMonth(), term.getDay())


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[date, str]:
    """Every statutory rest day of ``year`` (Gregorian) with its holiday name."""
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    # The Spring Festival that falls in this Gregorian year: 正月初一 of lunar year ``year``;
    # its 除夕 is the day before (in late January or February, so in the same Gregorian year).
    new_year = _solar(year, 1, 1)
    for offset in range(-1, 3):
        days[new_year + timedelta(days=offset)] = "春节"
    days[_qingming(year)] = "清明节"
    days[date(year, 5, 1)] = "劳动节"
    days[date(year, 5, 2)] = "劳动节"
    days[_solar(year, 5, 5)] = "端午节"
    days[_solar(year, 8, 15)] = "中秋节"
    for day in (1, 2, 3):
        days[date(year, 10, day)] = "国庆节"
    return days
