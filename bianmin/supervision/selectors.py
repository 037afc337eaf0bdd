"""Scoped reads of supervision records (DESIGN §1): county roles see every centre, centre roles
their own centre, agency point staff nothing (403). Out of scope is 404.

Who may see which case a rating belongs to: the rater is anonymous to the staff rated
(国办发〔2019〕51号), so clerks see ratings and rectifications without the case; the director (who
calls the rater back) and the county see the case. The complainant's name and phone are shown
to the director and the county only.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bianmin.cases import workflow
from bianmin.cases.models import Case
from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.org.selectors import require_staff, scope_for, scoped
from bianmin.supervision import rules
from bianmin.supervision.models import Complaint, Rating, Rectification

PANEL_ROWS = 8


def supervision_scope(user) -> Scope:
    """The reader's scope; agency point staff and accounts without a role get 403."""
    require_staff(user)
    scope = scope_for(user)
    if not (scope.is_countywide or scope.is_centre):
        raise PermissionDenied("好差评和投诉举报由便民服务中心和县级管理部门查看。")
    return scope


def sees_identities(scope: Scope) -> bool:
    """The director and the county see which case was rated and who complained; clerks do not."""
    return scope.is_countywide or scope.role == Role.CENTRE_DIRECTOR


def is_director_of(scope: Scope, centre_id: int) -> bool:
    return scope.role == Role.CENTRE_DIRECTOR and scope.centre_id == centre_id


def _scoped(qs: QuerySet, scope: Scope) -> QuerySet:
    return scoped(qs, scope, centre="centre_id", point=None)  # agents see no supervision records


# --- ratings and rectifications ---------------------------------------------------------------


def ratings_for(user) -> QuerySet[Rating]:
    return _scoped(Rating.objects.all(), scope_for(user))


def ratings_for_list(user) -> QuerySet[Rating]:
    return ratings_for(user).select_related("centre", "window", "case", "rectification")


def rectifications_for(user) -> QuerySet[Rectification]:
    return _scoped(Rectification.objects.all(), scope_for(user))


def rectifications_for_list(user) -> QuerySet[Rectification]:
    return rectifications_for(user).select_related("centre", "case", "rating", "closed_by")


def overdue_filter(today: date | None = None) -> Q:
    return Q(status=Rectification.Status.OPEN, deadline__lt=today or timezone.localdate())


def with_overdue(rows, today: date | None = None) -> list[Rectification]:
    today = today or timezone.localdate()
    rows = list(rows)
    for rect in rows:
        rect.overdue = rect.overdue_on(today)
    return rows


def get_rectification(user, pk: int) -> Rectification:
    rect = (
        rectifications_for(user)
        .select_related("centre", "case", "case__window", "rating", "callback_by", "closed_by", "updated_by")
        .filter(pk=pk)
        .first()
    )
    if rect is None:
        raise Http404("整改记录不存在或无权查看")
    rect.overdue = rect.overdue_on(timezone.localdate())
    return rect


def rating_summary(qs: QuerySet[Rating]) -> dict:
    """Counts per level of the overall score and the 好评率 (基本满意 or better)."""
    counts = {row["overall"]: row["n"] for row in qs.order_by().values("overall").annotate(n=Count("pk"))}
    levels = [(value, label, counts.get(value, 0)) for value, label in rules.LEVELS_BEST_FIRST]
    return {
        "levels": levels,
        "total": sum(counts.values()),
        "bad": sum(n for level, n in counts.items() if rules.is_bad(level)),
        "good_share": rules.good_share(counts),
    }


# --- complaints -------------------------------------------------------------------------------


def complaints_for(user) -> QuerySet[Complaint]:
    return _scoped(Complaint.objects.all(), scope_for(user))


def complaints_for_list(user) -> QuerySet[Complaint]:
    return complaints_for(user).select_related("centre", "staff", "handled_by")


def get_complaint(user, pk: int) -> Complaint:
    complaint = complaints_for(user).select_related("centre", "staff", "case", "handled_by").filter(pk=pk).first()
    if complaint is None:
        raise Http404("投诉举报不存在或无权查看")
    return complaint


# --- public -----------------------------------------------------------------------------------


def public_complaint(code: str) -> Complaint | None:
    """The complaint behind a query code, for the public status page (None for any other input)."""
    code = rules.normalize_code(code)
    if not rules.is_code_shaped(code):
        return None
    return Complaint.objects.select_related("centre").filter(code=code).first()


def rateable_case(case_pk: int) -> Case | None:
    """The case the public wants to rate (the view has already checked the session proof)."""
    return Case.objects.select_related("centre").filter(pk=case_pk).first()


def is_rateable(case: Case) -> bool:
    return case.status in workflow.DECIDED


def is_rated(case: Case) -> bool:
    return Rating.objects.filter(case_id=case.pk).exists()


# --- the centre dashboard ---------------------------------------------------------------------


def director_panel(user) -> dict:
    """Context of ``supervision/_director_panel.html`` on a centre's home dashboard: open
    rectifications (overdue first, then by deadline), complaints waiting, this month's ratings.

    Empty for anyone who is not a centre role (the template then shows nothing). Five queries.
    """
    scope = scope_for(user)
    if not scope.is_centre:
        return {}
    today = timezone.localdate()
    rects = rectifications_for(user)
    counts = rects.aggregate(
        open=Count("pk", filter=Q(status=Rectification.Status.OPEN)),
        overdue=Count("pk", filter=overdue_filter(today)),
    )
    rows = with_overdue(
        rects.filter(status=Rectification.Status.OPEN)
        .select_related("case", "rating")
        .order_by("deadline", "pk")[:PANEL_ROWS],
        today,
    )
    complaints = complaints_for(user).aggregate(
        new=Count("pk", filter=Q(status=Complaint.Status.RECEIVED)),
        processing=Count("pk", filter=Q(status=Complaint.Status.PROCESSING)),
    )
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return {
        "is_director": scope.role == Role.CENTRE_DIRECTOR,
        "sees_case": sees_identities(scope),
        "rectifications": rows,
        "open_count": counts["open"],
        "overdue_count": counts["overdue"],
        "complaints_new": complaints["new"],
        "complaints_processing": complaints["processing"],
        "month": rating_summary(ratings_for(user).filter(rated_at__gte=month_start)),
        "today": today,
    }
