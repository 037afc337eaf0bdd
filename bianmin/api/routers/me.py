"""Who am I: the account behind the credentials and its scope (a client checks its token with it)."""

from datetime import datetime

from ninja import Field, Router, Schema

from bianmin.api.errors import READ
from bianmin.org.selectors import scope_for

router = Router(tags=["账号"])


class TokenInfo(Schema):
    prefix: str
    name: str
    expires_at: datetime


class MeOut(Schema):
    username: str
    name: str = Field(description="工作人员姓名")
    role: str | None = Field(description="county_admin / inspector / centre_director / clerk / agent")
    role_label: str
    centre_id: int | None
    agency_point_id: int | None
    token: TokenInfo | None = Field(description="本次调用所用的令牌(会话调用时为空)")


@router.get("/me", response={200: MeOut, **READ}, summary="当前账号")
def me(request):
    user = request.auth
    scope = scope_for(user)
    staff = getattr(user, "staff", None)
    token = getattr(request, "api_token", None)
    return {
        "username": user.get_username(),
        "name": staff.name if staff else "",
        "role": scope.role.value if scope.role else None,
        "role_label": scope.role.label if scope.role else "未分配角色",
        "centre_id": scope.centre_id,
        "agency_point_id": scope.agency_point_id,
        "token": {"prefix": token.prefix, "name": token.name, "expires_at": token.expires_at} if token else None,
    }
