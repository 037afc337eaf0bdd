"""Accounts opened in bulk from the staff sheet, the county admin's password reset, and the rule
that a password someone else set must be changed at the next login (plan 四(一)1(2): staff lists are
kept by the county; the intranet has no e-mail, so a forgotten password is reset by the county admin).

Temporary passwords are shown once to the county admin (to hand over on paper) and never stored or
logged; the audit log records that a reset happened, by whom and when, not the password.
"""

import secrets

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from bianmin.adoption.models import PasswordFlag
from bianmin.core.errors import ApplicationError
from bianmin.org.models import Staff
from bianmin.org.roles import apply_role_to_user
from bianmin.org.selectors import scope_for

SESSION_KEY = "bianmin_must_change_password"
# No 0/O/1/l/I: the password is read from a slip of paper.
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ"
RESET_LABEL = "登录密码"


def temporary_password() -> str:
    """Like ``Bm-k7Qw-3hTz-9pXa``: 12 random characters, grouped for reading aloud."""
    groups = ["".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "Bm-" + "-".join(groups)


def _flag(user, *, reason: str, actor) -> None:
    PasswordFlag.objects.update_or_create(
        user=user, defaults={"must_change": True, "reason": reason, "set_by": actor if actor else None}
    )


def must_change(user) -> bool:
    return PasswordFlag.objects.filter(user=user, must_change=True).exists()


def remember_flag_at_login(sender, request, user, **kwargs) -> None:
    """Read the flag once at login into the session, so the middleware costs no query per request."""
    if must_change(user):
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


def password_changed(request) -> None:
    PasswordFlag.objects.filter(user=request.user).update(must_change=False)
    request.session.pop(SESSION_KEY, None)


def open_account(*, staff: Staff, username: str, actor=None) -> str:
    """A login for ``staff`` with a temporary password (returned once) to change at first login."""
    user_model = get_user_model()
    if staff.user_id:
        raise ApplicationError(f"{staff.name}已有登录账号。")
    if user_model.objects.filter(username=username).exists():
        raise ApplicationError(f"登录名“{username}”已被使用。")
    password = temporary_password()
    user = user_model(username=username, first_name=staff.name, is_active=staff.is_active)
    user.set_password(password)
    user.save()
    staff.user = user
    staff.save(update_fields=["user"])
    apply_role_to_user(user, staff.role)
    _flag(user, reason="created", actor=actor)
    return password


def link_or_open(*, staff: Staff, username: str, actor=None) -> str:
    """Give ``staff`` the login ``username``: an existing account that belongs to nobody (the first
    county admin, made with ``createsuperuser``) is linked as it is (returns ""); otherwise a new
    account is opened and its temporary password returned."""
    user = get_user_model().objects.filter(username=username, staff__isnull=True).first()
    if user is None:
        return open_account(staff=staff, username=username, actor=actor)
    staff.user = user
    staff.save(update_fields=["user"])
    apply_role_to_user(user, staff.role)
    return ""


@transaction.atomic
def password_reset(*, staff: Staff, actor) -> str:
    """The county admin resets a forgotten password: a temporary one, to be changed at next login.

    Unlocks the account (django-axes) and writes an audit entry on the staff record.
    """
    if not scope_for(actor).is_county_admin:
        raise PermissionDenied("只有县行政服务中心管委会可以重置密码。")
    user = staff.user
    if user is None:
        raise ApplicationError(f"{staff.name}还没有登录账号。")
    if user.pk == actor.pk:
        raise ApplicationError("不能重置自己的密码,请在右上角“修改密码”。")
    password = temporary_password()
    validate_password(password, user)
    user.set_password(password)  # also ends the user's open sessions (their session hash changes)
    user.save(update_fields=["password"])
    _flag(user, reason="reset", actor=actor)
    from axes.utils import reset as axes_reset

    axes_reset(username=user.username)
    LogEntry.objects.log_create(
        staff,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={RESET_LABEL: ["", "已由县管委会重置,首次登录须修改"]},
        actor=actor,
    )
    return password
