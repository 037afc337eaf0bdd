"""Writes of API tokens (issue #10 point 2): create (the secret is returned once), revoke, touch.

A user creates tokens for their own account only, so a token can never act as someone else; the
user or the county admin revokes. Revocation is a conditional update: the second of two concurrent
revocations is told "已被他人处理".
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bianmin.api import tokens
from bianmin.api.models import ApiToken
from bianmin.core.errors import ApplicationError
from bianmin.org.selectors import scope_for

LIFETIMES = (30, 90, 180, 365)  # days a token may live; a year at most, then a new one is made
MAX_ACTIVE = 10  # active tokens per account
TOUCH_EVERY = timedelta(minutes=1)  # last-used time is written at most this often per token
TAKEN = "已被他人处理:该令牌刚刚已被撤销,请刷新页面。"


def token_create(*, user, name: str, days: int, at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``'s own account; returns (row, secret). The secret is not stored."""
    if scope_for(user).sees_nothing:
        raise ApplicationError("您的账号尚未分配角色,不能创建接口令牌。")
    name = (name or "").strip()
    if not name:
        raise ApplicationError("请填写令牌的用途说明,便于日后辨认和撤销。", field="name")
    if len(name) > 60:
        raise ApplicationError("用途说明不能超过60个字。", field="name")
    if days not in LIFETIMES:
        raise ApplicationError("有效期只能选择30、90、180或365天。", field="days")
    at = at or timezone.now()
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=at).count()
    if active >= MAX_ACTIVE:
        raise ApplicationError(f"每个账号最多同时有{MAX_ACTIVE}个有效令牌,请先撤销不用的令牌。")
    secret = tokens.new_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=tokens.shown_prefix(secret),
            digest=tokens.digest(secret),
            created_at=at,
            created_by=user,
            expires_at=at + timedelta(days=days),
        )
    return token, secret


def may_revoke(actor, token: ApiToken) -> bool:
    return token.user_id == actor.pk or scope_for(actor).is_county_admin


def token_revoke(*, token: ApiToken, actor, at: datetime | None = None) -> ApiToken:
    if not may_revoke(actor, token):
        raise ApplicationError("只能撤销自己的令牌(县管委会可撤销任何令牌)。")
    at = at or timezone.now()
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=at, revoked_by=actor):
        raise ApplicationError(TAKEN)
    token.revoked_at, token.revoked_by = at, actor
    return token


def token_touch(*, token: ApiToken, at: datetime | None = None) -> None:
    """Record use, at most once a minute per token (a conditional update, no read)."""
    at = at or timezone.now()
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=at - TOUCH_EVERY)
    ).update(last_used_at=at)
