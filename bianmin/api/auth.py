"""Who is calling (issue #10 point 2).

- ``TokenAuth``: ``Authorization: Bearer bm_…`` — a per-user API token for machine clients. The call
  then runs as the token's user: the same scope (``bianmin.org.selectors.scope_for``) and the same
  role rules as that user's pages. Expired, revoked or unknown tokens get 401 with the reason.
- ``SessionAuth(csrf=True)``: the pages' own htmx calls ride the login session; unsafe methods need
  the CSRF token (header ``X-CSRFToken``) exactly as Django forms do. Token calls need none: a token
  is never sent by a browser on its own, so there is nothing to forge.
"""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from bianmin.api import services, tokens
from bianmin.api.errors import ApiAuthError
from bianmin.api.selectors import find_by_digest


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        token = token.strip()
        found = find_by_digest(tokens.digest(token)) if tokens.is_token_shaped(token) else None
        if found is None:
            raise ApiAuthError("token_invalid", "接口令牌无效:请检查令牌是否完整复制。")
        now = timezone.now()
        state = found.state(now)
        if state == "revoked":
            raise ApiAuthError("token_revoked", "接口令牌已被撤销,请向账号本人或县管委会申请新的令牌。")
        if state == "expired":
            raise ApiAuthError("token_expired", "接口令牌已过期,请登录系统创建新的令牌。")
        user = found.user
        if not user.is_active:
            raise ApiAuthError("account_inactive", "令牌所属账号已停用。")
        services.token_touch(token=found, at=now)
        request.user = user  # the audit log and anything else reading request.user see the token's user
        request.api_token = found
        return user


token_auth = TokenAuth()
session_auth = SessionAuth(csrf=True)
STAFF = [token_auth, session_auth]  # every staff endpoint accepts either
