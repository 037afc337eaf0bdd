"""Redistricting of a township (撤乡设镇, 撤镇设街道, 更名, 调整区划代码, 撤并).

Nothing is deleted and no history moves: the township's ``Region`` row keeps its primary key, so its
centre, windows, agency points, staff, cases, reports and assessments (all foreign keys) stay
attached. What the unit was called and coded until the change is kept in ``UnitChange``; reports of
earlier months read it (``history.py``). Receipt numbers issued after a re-coding carry the new
code; earlier ones keep theirs (they are stored on the case).

A merge (撤并) retires the absorbed township and its centre (``is_active=False``, readable for
ever), moves its villages and their agency points to the surviving township's centre, and moves the
absorbed centre's working staff there too (their cases stay with the centre that handled them).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from bianmin.adoption.models import ChangeKind, UnitChange
from bianmin.core.errors import ApplicationError
from bianmin.org.models import AgencyPoint, Centre, Department, Region, RegionKind, RegionLevel, Staff, Window

TOWNSHIP_CODE = re.compile(r"^\d{9}$")
TOWNSHIP_KINDS = (RegionKind.TOWN, RegionKind.XIANG, RegionKind.STREET)


def standard_centre_name(name: str) -> str:
    """四(一)2(1): “xx乡(镇、街道)便民服务中心”."""
    return f"{name}便民服务中心"


def _record(region: Region, kind: str, *, effective_on: date, centre_name: str, actor, **extra) -> UnitChange:
    return UnitChange.objects.create(
        region=region,
        kind=kind,
        effective_on=effective_on,
        old_name=region.name,
        old_code=region.code,
        old_kind=region.kind,
        old_centre_name=centre_name,
        recorded_by=actor,
        **extra,
    )


def _require_township(township: Region) -> Centre | None:
    if township.level != RegionLevel.TOWNSHIP:
        raise ApplicationError("只能调整乡镇(街道)。")
    if not township.is_active:
        raise ApplicationError(f"{township.name}已停用,不能再调整。")
    return Centre.objects.filter(township=township).first()


def _check_code(township: Region, code: str) -> None:
    if not TOWNSHIP_CODE.match(code):
        raise ApplicationError("乡镇(街道)区划代码应为9位数字。", field="new_code")
    county = township.parent
    if county is not None and not code.startswith(county.code):
        raise ApplicationError(f"区划代码应以本县代码{county.code}开头。", field="new_code")
    if Region.objects.filter(code=code).exclude(pk=township.pk).exists():
        raise ApplicationError(f"区划代码{code}已被其他区划使用。", field="new_code")


@dataclass(frozen=True)
class Outcome:
    change: UnitChange
    villages_recoded: int = 0
    villages_moved: int = 0
    points_moved: int = 0
    staff_moved: int = 0


@transaction.atomic
def township_change(
    *,
    township: Region,
    new_name: str,
    new_code: str,
    new_kind: str,
    effective_on: date,
    actor,
    document: str = "",
    note: str = "",
    recode_villages: bool = True,
) -> Outcome:
    """Rename, re-code and/or convert a township (e.g. 冰溪镇 361123101 → 冰溪街道 361123001).

    The centre is renamed to the standard name when it had the standard name of the old one.
    With ``recode_villages`` the villages whose codes begin with the old code get the new prefix.
    """
    centre = _require_township(township)
    new_name, new_code = new_name.strip(), new_code.strip()
    if not new_name:
        raise ApplicationError("请填写新名称。", field="new_name")
    if new_kind not in TOWNSHIP_KINDS:
        raise ApplicationError("类型应为镇、乡或街道。", field="new_kind")
    _check_code(township, new_code)
    if (new_name, new_code, new_kind) == (township.name, township.code, township.kind):
        raise ApplicationError("名称、代码和类型都没有变化。")
    kind = (
        ChangeKind.CONVERT
        if new_kind != township.kind
        else (ChangeKind.RENAME if new_name != township.name else ChangeKind.RECODE)
    )
    old_code = township.code
    change = _record(
        township,
        kind,
        effective_on=effective_on,
        centre_name=centre.name if centre else "",
        actor=actor,
        new_name=new_name,
        new_code=new_code,
        document=document.strip(),
        note=note.strip(),
    )
    township.name, township.code, township.kind = new_name, new_code, new_kind
    township.full_clean()
    township.save()
    if centre is not None and centre.name == standard_centre_name(change.old_name):
        centre.name = standard_centre_name(new_name)
        centre.save(update_fields=["name"])
    recoded = 0
    if recode_villages and new_code != old_code:
        for village in Region.objects.filter(parent=township, code__startswith=old_code).order_by("code"):
            target = new_code + village.code[len(old_code) :]
            if Region.objects.filter(code=target).exists():
                raise ApplicationError(f"村(社区){village.name}的新代码{target}已被使用,请先处理。")
            _record(
                village,
                ChangeKind.RECODE,
                effective_on=effective_on,
                centre_name="",
                actor=actor,
                new_name=village.name,
                new_code=target,
                document=document.strip(),
                note=f"随{new_name}调整区划代码",
            )
            village.code = target
            village.save(update_fields=["code"])
            recoded += 1
    return Outcome(change=change, villages_recoded=recoded)


@transaction.atomic
def township_merge(
    *, absorbed: Region, into: Region, effective_on: date, actor, document: str = "", note: str = ""
) -> Outcome:
    """撤并: ``absorbed`` joins ``into``; the absorbed centre is retired, its villages, agency points
    and working staff move to the surviving centre; cases and reports stay where they were made."""
    old_centre = _require_township(absorbed)
    new_centre = _require_township(into)
    if absorbed.pk == into.pk:
        raise ApplicationError("不能并入自身。", field="into")
    if new_centre is None or not new_centre.is_active:
        raise ApplicationError(f"{into.name}没有在用的便民服务中心,不能接收并入的村(社区)和代办点。", field="into")
    change = _record(
        absorbed,
        ChangeKind.MERGE,
        effective_on=effective_on,
        centre_name=old_centre.name if old_centre else "",
        actor=actor,
        new_name=into.name,
        new_code=into.code,
        merged_into=into,
        document=document.strip(),
        note=note.strip(),
    )
    # Saved one by one (a few dozen rows) so that the audit log records every move.
    moved_villages = moved_points = moved_staff = 0
    for village in Region.objects.filter(parent=absorbed, level=RegionLevel.VILLAGE):
        village.parent = into
        village.save(update_fields=["parent"])
        moved_villages += 1
    if old_centre is not None:
        for point in AgencyPoint.objects.filter(centre=old_centre):
            point.centre = new_centre
            point.save(update_fields=["centre"])
            moved_points += 1
        for person in Staff.objects.filter(centre=old_centre, is_active=True):
            person.centre = new_centre
            person.save(update_fields=["centre"])
            moved_staff += 1
        Window.objects.filter(centre=old_centre).update(is_active=False)
        Centre.objects.filter(pk=old_centre.pk).update(is_active=False, director=None, deputy=None)
    Department.objects.filter(township=absorbed).update(is_active=False)
    absorbed.is_active = False
    absorbed.note = f"{effective_on:%Y-%m-%d}并入{into.name}" + (f"({document.strip()})" if document.strip() else "")
    absorbed.save(update_fields=["is_active", "note"])
    return Outcome(change=change, villages_moved=moved_villages, points_moved=moved_points, staff_moved=moved_staff)


def retire_record(region: Region, *, effective_on: date, actor, note: str) -> UnitChange:
    """A township the county's workbook no longer lists: retired from ``effective_on``."""
    centre = Centre.objects.filter(township=region).first()
    return _record(
        region,
        ChangeKind.RETIRE,
        effective_on=effective_on,
        centre_name=centre.name if centre else "",
        actor=actor,
        new_name=region.name,
        new_code=region.code,
        note=note,
    )
