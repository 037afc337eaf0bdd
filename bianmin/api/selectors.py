"""Reads of API tokens: a user sees their own; the county admin sees every account's."""

from django.db.models import QuerySet
from django.http import Http404

from bianmin.api.models import ApiToken
from bianmin.org.selectors import scope_for


def tokens_for(user) -> QuerySet[ApiToken]:
    qs = ApiToken.objects.select_related("user__staff", "revoked_by")
    if scope_for(user).is_county_admin:
        return qs
    return qs.filter(user=user)


def get_token(user, pk: int) -> ApiToken:
    token = tokens_for(user).filter(pk=pk).first()
    if token is None:
        raise Http404("令牌不存在或无权查看")
    return token


def find_by_digest(digest: str) -> ApiToken | None:
    """The token behind a presented secret, with its user and staff record (one query)."""
    return ApiToken.objects.select_related("user", "user__staff").filter(digest=digest).first()
