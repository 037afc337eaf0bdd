"""Import of the organisation workbook (issue #14 point 1): all or nothing, then in place.

``import_org`` reads and checks every row (``checks.py``); one error and nothing is written. A clean
workbook is written in one transaction: created / updated / unchanged per sheet; units and people of
the county the workbook no longer lists are retired (``is_active=False``, an authorization gets its
撤销日期), never deleted, so cases, reports and the audit log keep pointing at them. People with a
登录名 get a login with a temporary password, shown once in the result; people 不在岗 lose theirs.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from bianmin.adoption import accounts, checks, redistrict
from bianmin.adoption import workbook as wbk
from bianmin.catalogue.excel import RowError
from bianmin.core.errors import ApplicationError
from bianmin.core.personal import normalize_phone
from bianmin.core.roles import Role
from bianmin.org import services as org_services
from bianmin.org.models import (
    AgencyPoint,
    Authorization,
    Centre,
    Department,
    Region,
    RegionLevel,
    Staff,
    Window,
)
from bianmin.org.roles import apply_role_to_user

STATES = ("created", "updated", "unchanged", "retired")


@dataclass
class NewAccount:
    name: str
    username: str
    password: str  # shown once, never stored


@dataclass
class OrgImportResult:
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {s: dict.fromkeys(STATES, 0) for s in wbk.SHEETS})
    errors: list[RowError] = field(default_factory=list)
    accounts: list[NewAccount] = field(default_factory=list)
    disabled_logins: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _differs(obj: models.Model, values: dict) -> bool:
    for name, value in values.items():
        current = getattr(obj, name)
        if isinstance(current, models.Model) or isinstance(value, models.Model):
            if getattr(current, "pk", None) != getattr(value, "pk", None):
                return True
        elif current != value:
            return True
    return False


class _Writer:
    def __init__(self, county: Region, rows: dict, result: OrgImportResult, actor, today: date) -> None:
        self.county, self.rows, self.result, self.actor, self.today = county, rows, result, actor, today
        self.actor_staff = getattr(actor, "staff", None) if actor is not None else None

    def count(self, sheet: str, state: str) -> None:
        self.result.counts[sheet][state] += 1

    def upsert(self, sheet: str, obj, values: dict, *, save=None, m2m: dict | None = None):
        """Create or update ``obj`` (unsaved when new) with ``values``; count what happened."""
        m2m = m2m or {}
        new = obj.pk is None
        changed = (
            new
            or _differs(obj, values)
            or any({o.pk for o in getattr(obj, name).all()} != {o.pk for o in objs} for name, objs in m2m.items())
        )
        if not changed:
            self.count(sheet, "unchanged")
            return obj
        if save is not None:
            obj = save(obj, values | m2m)
        else:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.full_clean()
            obj.save()
        self.count(sheet, "created" if new else "updated")
        return obj

    # --- the sheets, in an order where everything a row refers to exists ---

    def regions(self) -> None:
        existing = {
            r.code: r for r in Region.objects.filter(code__in=[*self.rows["townships"], *self.rows["villages"]])
        }
        self.townships = {}
        for code, row in self.rows["townships"].items():
            values = {
                "name": row["name"],
                "kind": row["kind"],
                "is_active": row["is_active"],
                "note": row["note"],
                "level": RegionLevel.TOWNSHIP,
                "parent": self.county,
            }
            obj = existing.get(code) or Region(code=code)
            self.townships[code] = self.upsert(wbk.TOWNSHIPS, obj, values)
        self.villages = {}
        for code, row in self.rows["villages"].items():
            values = {
                "name": row["name"],
                "kind": row["kind"],
                "is_active": row["is_active"],
                "note": row["note"],
                "level": RegionLevel.VILLAGE,
                "parent": self.townships[row["parent"]],
            }
            obj = existing.get(code) or Region(code=code)
            self.villages[code] = self.upsert(wbk.VILLAGES, obj, values)

    def centres(self) -> None:
        existing = {
            c.township.code: c
            for c in Centre.objects.filter(township__in=self.townships.values()).select_related("township")
        }
        self.centre_of = {}
        for code, row in self.rows["centres"].items():
            values = {
                k: row[k] for k in ("name", "address", "opening_hours", "service_phone", "complaint_phone", "is_active")
            }
            if row["hall_area"] is not None:
                values["hall_area"] = row["hall_area"]
            obj = existing.get(code) or Centre(township=self.townships[code])
            # Director and deputy are set once the staff exist (people()).
            self.centre_of[code] = self.upsert(wbk.CENTRES, obj, values, save=self._centre_save)

    def _centre_save(self, centre, changes):
        if centre.pk is None:
            for name, value in changes.items():
                setattr(centre, name, value)
            centre.full_clean(exclude=["director", "deputy"])
            centre.save()
            return centre
        return org_services.centre_update(centre=centre, changes=changes)

    def points(self) -> None:
        existing = {
            p.village.code: p
            for p in AgencyPoint.objects.filter(village__in=self.villages.values()).select_related("village")
        }
        self.point_of = {}
        for code, row in self.rows["points"].items():
            village = self.villages[code]
            values = {
                k: row[k] for k in ("name", "address", "phone", "receiving_windows", "issuing_windows", "is_active")
            }
            values["centre"] = self.centre_of[self.rows["villages"][code]["parent"]]
            if row["area"] is not None:
                values["area"] = row["area"]
            obj = existing.get(code) or AgencyPoint(village=village)
            self.point_of[code] = self.upsert(
                wbk.POINTS, obj, values, save=lambda p, c: org_services.point_update(point=p, changes=c)
            )

    def people(self) -> None:
        everyone = list(Staff.objects.select_related("user"))
        phones = {normalize_phone(s.phone): s for s in everyone if s.phone}
        logins = {f"@{s.user.username}": s for s in everyone if s.user_id}
        self.person_of = {}
        for key, row in self.rows["staff"].items():
            phone = row["phone"]
            values = {k: row[k] for k in ("name", "role", "post", "position", "is_active")}
            values["phone"] = phone
            values["centre"] = (
                self.centre_of.get(row["unit"]) if row["role"] in (Role.CENTRE_DIRECTOR, Role.CLERK) else None
            )
            values["agency_point"] = self.point_of.get(row["unit"]) if row["role"] == Role.AGENT else None
            obj = (phones.get(phone) if phone else None) or logins.get(f"@{row['username']}") or Staff()
            was_active_login = bool(obj.user_id and obj.user.is_active)
            person = self.upsert(wbk.STAFF, obj, values, save=lambda s, c: org_services.staff_save(staff=s, changes=c))
            if person.user_id and was_active_login and not person.is_active:
                self.result.disabled_logins += 1
            if row["username"] and not person.user_id:
                password = accounts.link_or_open(staff=person, username=row["username"], actor=self.actor)
                if password:
                    self.result.accounts.append(NewAccount(person.name, row["username"], password))
            elif row["username"] and person.user.username != row["username"]:
                raise ApplicationError(f"{person.name}已有登录名“{person.user.username}”,登录名不能通过导入修改。")
            self.person_of[key] = person
        for code, row in self.rows["centres"].items():
            centre = self.centre_of[code]
            heads = {"director": self.person_of.get(row["director"]), "deputy": self.person_of.get(row["deputy"])}
            if _differs(centre, heads):
                org_services.centre_update(centre=centre, changes=heads)
        for code, row in self.rows["points"].items():
            point = self.point_of[code]
            head = {"head": self.person_of.get(row["head"])}
            if _differs(point, head):
                org_services.point_update(point=point, changes=head)

    def windows(self) -> None:
        centres = list(self.centre_of.values())
        existing = {(w.centre_id, w.number): w for w in Window.objects.filter(centre__in=centres)}
        self.window_of = {}
        for (code, number), row in self.rows["windows"].items():
            centre = self.centre_of[code]
            values = {k: row[k] for k in ("name", "kind", "business_line", "duties", "is_active")}
            staff = [self.person_of[p] for p in row["staff"]]
            obj = existing.get((centre.pk, number))
            if obj is None:
                obj = Window(centre=centre, number=number)
            saver = (
                (lambda w, c: org_services.window_update(window=w, changes=c))
                if obj.pk
                else (
                    lambda w, c, centre=centre, number=number: org_services.window_create(
                        centre=centre, changes=c | {"number": number}
                    )
                )
            )
            self.window_of[(code, number)] = self.upsert(wbk.WINDOWS, obj, values, save=saver, m2m={"staff": staff})

    def departments(self) -> None:
        existing = {
            (d.township.code, d.name): d
            for d in Department.objects.filter(township__in=self.townships.values()).select_related("township")
        }
        self.department_of = {}
        for (code, name), row in self.rows["departments"].items():
            obj = existing.get((code, name)) or Department(township=self.townships[code], name=name)
            values = {"kind": row["kind"], "is_active": row["is_active"]}
            self.department_of[(code, name)] = self.upsert(wbk.DEPARTMENTS, obj, values)

    def authorizations(self) -> None:
        existing = {
            (a.department_id, a.signed_on): a
            for a in Authorization.objects.filter(department__in=self.department_of.values()).prefetch_related(
                "windows"
            )
        }
        self.authorization_pks = set()
        for (code, name, signed_on), row in self.rows["authorizations"].items():
            department = self.department_of[(code, name)]
            obj = existing.get((department.pk, signed_on)) or Authorization(department=department, signed_on=signed_on)
            values = {
                k: row[k]
                for k in ("document_number", "revoked_on", "may_accept", "may_review", "may_charge", "may_deliver")
            }
            values["centre"] = self.centre_of[code]
            windows = [self.window_of[(code, n)] for n in row["windows"]]
            saved = self.upsert(wbk.AUTHORIZATIONS, obj, values, save=_save_authorization, m2m={"windows": windows})
            self.authorization_pks.add(saved.pk)

    # --- what the workbook no longer lists ---

    def retire(self) -> None:
        townships = Region.objects.filter(parent=self.county, level=RegionLevel.TOWNSHIP)
        for region in townships.filter(is_active=True).exclude(code__in=self.rows["townships"]):
            redistrict.retire_record(
                region, effective_on=self.today, actor=self.actor, note="组织机构工作簿中已无此乡镇(街道)"
            )
            self._retire(wbk.TOWNSHIPS, region)
        all_townships = list(townships)
        villages = Region.objects.filter(parent__in=all_townships, level=RegionLevel.VILLAGE, is_active=True)
        for region in villages.exclude(code__in=self.rows["villages"]):
            self._retire(wbk.VILLAGES, region)
        centres = Centre.objects.filter(township__in=all_townships)
        for centre in centres.filter(is_active=True).exclude(township__code__in=self.rows["centres"]):
            self._retire(wbk.CENTRES, centre)
        listed = {w.pk for w in self.window_of.values()}
        for window in Window.objects.filter(centre__in=centres, is_active=True).exclude(pk__in=listed):
            self._retire(wbk.WINDOWS, window)
        for point in AgencyPoint.objects.filter(centre__in=centres, is_active=True).exclude(
            village__code__in=self.rows["points"]
        ):
            self._retire(wbk.POINTS, point)
        listed = {p.pk for p in self.person_of.values()}
        in_county = Staff.objects.filter(
            models.Q(centre__in=centres)
            | models.Q(agency_point__centre__in=centres)
            | models.Q(centre__isnull=True, agency_point__isnull=True)
        )
        for person in in_county.filter(is_active=True).exclude(pk__in=listed).select_related("user"):
            if self.actor_staff is not None and person.pk == self.actor_staff.pk:
                raise ApplicationError(
                    "“工作人员”工作表中没有您本人(当前登录的县管委会账号),导入后您将无法登录。请把自己加入工作表。"
                )
            had_login = bool(person.user_id and person.user.is_active)
            org_services.staff_save(staff=person, changes={"is_active": False})
            self.result.disabled_logins += had_login
            self.count(wbk.STAFF, "retired")
        listed = {d.pk for d in self.department_of.values()}
        for department in Department.objects.filter(township__in=all_townships, is_active=True).exclude(pk__in=listed):
            self._retire(wbk.DEPARTMENTS, department)
        gone = Authorization.objects.filter(centre__in=centres, revoked_on__isnull=True).exclude(
            pk__in=self.authorization_pks
        )
        for authorization in gone:
            authorization.revoked_on = max(self.today, authorization.signed_on)
            authorization.save(update_fields=["revoked_on"])
            self.count(wbk.AUTHORIZATIONS, "retired")

    def _retire(self, sheet: str, obj) -> None:
        obj.is_active = False
        obj.save(update_fields=["is_active"])
        self.count(sheet, "retired")


def _save_authorization(authorization, changes):
    windows = changes.pop("windows")
    for name, value in changes.items():
        setattr(authorization, name, value)
    authorization.full_clean()
    authorization.save()
    authorization.windows.set(windows)
    return authorization


def import_org(upload, *, county: Region, actor=None, today: date | None = None) -> OrgImportResult:
    """Check the whole workbook; if it is clean, write it in one transaction."""
    result = OrgImportResult()
    sheets, result.errors = checks.read_workbook(upload)
    if result.errors:
        return result
    rows = checks.check(sheets, county.code, result.errors)
    if result.errors:
        return result
    writer = _Writer(county, rows, result, actor, today or timezone.localdate())
    try:
        with transaction.atomic():
            writer.regions()
            writer.centres()
            writer.points()
            writer.people()
            writer.windows()
            writer.departments()
            writer.authorizations()
            writer.retire()
            _sync_roles(writer.person_of.values())
    except (ApplicationError, ValidationError) as exc:
        # The checks mirror the models' rules; this is the safety net, rolled back whole.
        why = exc.message if isinstance(exc, ApplicationError) else "；".join(exc.messages)
        return OrgImportResult(errors=[RowError("", None, "", f"导入未完成,没有写入任何数据:{why}")])
    return result


def _sync_roles(people) -> None:
    for person in people:
        if person.user_id:
            apply_role_to_user(person.user, person.role)
