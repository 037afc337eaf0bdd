"""``{% staff_today person user as today %}``: a person's attendance today and current leave, for the
staff page (org/staff_detail.html), shown to those who may read that person's attendance (the county,
the director of the person's centre, the person). One or two queries."""

from django import template
from django.utils import timezone

from bianmin.operations import rules, selectors, selectors_attendance
from bianmin.operations.models import Attendance
from bianmin.org.selectors import scope_for

register = template.Library()


@register.simple_tag
def staff_today(person, user) -> dict | None:
    if person is None or person.role not in selectors.WORKING_ROLES:
        return None
    scope = scope_for(user)
    own = getattr(user, "pk", None) is not None and person.user_id == user.pk
    if not (own or scope.is_countywide or selectors.is_director_of(scope, selectors.home_centre_id(person))):
        return None
    now = timezone.now()
    record = (
        Attendance.objects.filter(staff=person, day=selectors_attendance.local_day(now))
        .select_related("window")
        .first()
    )
    leave = selectors_attendance.leaves_covering_moment(now).filter(staff=person).select_related("stand_in").first()
    if record is not None:
        selectors_attendance.with_flags([record])
    signed_in = record is not None and record.signed_in_at is not None
    state = rules.post_state(
        signed_in=signed_in,
        signed_out=record is not None and record.signed_out_at is not None,
        on_leave=leave is not None,
    )
    return {"record": record, "leave": leave, "state": state, "label": state.label}
