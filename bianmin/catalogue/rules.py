"""Pure rules of the catalogue: a guide's consistency, its disclosure completeness (四(一)4(6),
附件 "公开办事制度": basis, procedure, materials, time limit, fees and fee basis) and the
"涉群必进" check of a centre's implementation list (四(一)3)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GUIDE_FIELDS_FOR_DISCLOSURE = (
    ("legal_basis", "办理依据"),
    ("procedure", "办理流程"),
    ("materials", "申报材料"),
    ("time_limit", "承诺时限"),
    ("fees", "收费标准及依据"),
)


def guide_errors(
    *, handling_type: str, statutory_limit_days: int | None, promised_limit_days: int, is_free: bool, fees: str
) -> dict[str, str]:
    """Field → Chinese message for a guide that contradicts itself (checked on every save)."""
    errors: dict[str, str] = {}
    if handling_type == "immediate" and promised_limit_days != 0:
        errors["promised_limit_days"] = "即办件当场办结,承诺时限应填0。"
    if handling_type == "promised":
        if promised_limit_days < 1:
            errors["promised_limit_days"] = "承诺件的承诺时限至少为1个工作日。"
        elif statutory_limit_days is not None and promised_limit_days > statutory_limit_days:
            errors["promised_limit_days"] = f"承诺时限不能超过法定时限({statutory_limit_days}个工作日)。"
    if is_free and fees.strip():
        errors["fees"] = "已勾选“不收费”,收费标准应为空。"
    return errors


@dataclass(frozen=True)
class GuideFacts:
    legal_basis: str
    procedure: str
    material_count: int
    handling_type: str
    promised_limit_days: int
    is_free: bool
    fees: str
    fee_basis: str


def missing_disclosure(facts: GuideFacts) -> list[str]:
    """The disclosure items (附件 公开办事制度, 1 point each) a guide does not yet state."""
    missing = []
    if not facts.legal_basis.strip():
        missing.append("办理依据")
    if not facts.procedure.strip():
        missing.append("办理流程")
    if facts.material_count == 0:
        missing.append("申报材料")
    if facts.handling_type == "promised" and facts.promised_limit_days < 1:
        missing.append("承诺时限")
    if not facts.is_free and not (facts.fees.strip() and facts.fee_basis.strip()):
        missing.append("收费标准及依据")
    return missing


def items_without_window(
    *,
    authorized_kinds: Iterable[str],  # the township's stations (signed an authorization or not)
    items_by_kind: Mapping[str, Iterable[str]],
    items_with_window: Iterable[str],
) -> list[str]:
    """涉群必进: item codes of the given stations that no window of the centre handles."""
    handled = set(items_with_window)
    return sorted(code for kind in set(authorized_kinds) for code in items_by_kind.get(kind, ()) if code not in handled)
