"""Writes to the organisation. Views, admin actions, the API and commands all come through here.

Each service validates the whole object (model ``clean`` holds the cross-field rules), saves it in
one transaction and leaves the audit log (django-auditlog) to record who changed what.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction

from bianmin.core.errors import ApplicationError
from bianmin.org.models import AgencyPoint, Centre, Staff, Window
from bianmin.org.roles import apply_role_to_user


def _apply(instance: models.Model, changes: Mapping[str, Any]) -> list[tuple[str, Iterable]]:
    """Set plain fields on ``instance``; return the many-to-many values to set after saving."""
    m2m_names = {f.name for f in instance._meta.many_to_many}
    later = []
    for name, value in changes.items():
        if name in m2m_names:
            later.append((name, value))
        else:
            setattr(instance, name, value)
    return later


def _save(instance: models.Model, changes: Mapping[str, Any]):
    later = _apply(instance, changes)
    instance.full_clean()
    instance.save()
    for name, value in later:
        getattr(instance, name).set(value)
    return instance


@transaction.atomic
def centre_update(*, centre: Centre, changes: Mapping[str, Any]) -> Centre:
    return _save(centre, changes)


@transaction.atomic
def window_create(*, centre: Centre, changes: Mapping[str, Any]) -> Window:
    _check_window_staff(centre, changes.get("staff", ()))
    return _save(Window(centre=centre), changes)


@transaction.atomic
def window_update(*, window: Window, changes: Mapping[str, Any]) -> Window:
    _check_window_staff(window.centre, changes.get("staff", ()))
    return _save(window, changes)


def _check_window_staff(centre: Centre, staff: Iterable[Staff]) -> None:
    strangers = [person.name for person in staff if person.centre_id != centre.pk]
    if strangers:
        raise ApplicationError(f"{'、'.join(strangers)} 不是本中心的工作人员,不能安排到本中心窗口。", field="staff")


@transaction.atomic
def point_update(*, point: AgencyPoint, changes: Mapping[str, Any]) -> AgencyPoint:
    return _save(point, changes)


@transaction.atomic
def staff_save(*, staff: Staff, changes: Mapping[str, Any], username: str = "", password: str = "") -> Staff:
    """Create or update a staff record; with ``username`` and ``password`` also open a login account."""
    _save(staff, changes)
    if username:
        if staff.user_id:
            raise ApplicationError("该工作人员已有登录账号。", field="username")
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            raise ApplicationError("该登录名已被使用,请换一个。", field="username")
        user = user_model(username=username, first_name=staff.name)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages), field="password") from exc
        user.set_password(password)
        user.save()
        staff.user = user
        staff.save(update_fields=["user"])
    if staff.user_id:
        apply_role_to_user(staff.user, staff.role)
        if staff.user.is_active != staff.is_active:
            staff.user.is_active = staff.is_active
            staff.user.save(update_fields=["is_active"])
    return staff
