"""One JSON error shape for the whole API (issue #10 point 3): ``{"code", "message", "details"}``,
Chinese messages, never a stack trace.

| status | code | when |
|---|---|---|
| 400 | bad_request | the body is not JSON |
| 401 | unauthorized / token_expired / token_revoked | no or bad credentials |
| 403 | forbidden / csrf_failed | the role may not do this (read-only), or a session call without CSRF token |
| 404 | not_found | does not exist, or out of the caller's scope (the same answer, DESIGN §1) |
| 409 | conflict / invalid_state | someone else changed it first ("已被他人处理"), or the state forbids the action |
| 413 | too_large | the body is larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's, 2.5 MB) |
| 422 | validation_error / rule_violation | a field is malformed, or a business rule said no |
| 429 | throttled | too many calls in the window (per token, per account, or per client address) |
| 500 | server_error | a bug: logged (with personal data masked), answered without details |
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from bianmin.core.errors import ApplicationError

logger = logging.getLogger("bianmin.api")

TAKEN_MARK = "已被他人处理"
MESSAGES = {
    400: "请求体不是有效的 JSON。",
    401: "未登录或接口令牌无效:请在请求头 Authorization 中提供 “Bearer <令牌>”,或先登录系统。",
    403: "您的角色无权进行此操作。",
    404: "不存在或无权查看。",
    405: "不支持该请求方法。",
    409: "已被他人处理:该记录刚刚被其他人修改过,请重新读取后再操作。",
    413: "请求体过大。",
    422: "请求数据有误。",
    429: "请求过于频繁,请稍后再试。",
    500: "服务器内部错误,请稍后重试;问题已记录。",
}
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "validation_error",
    429: "throttled",
    500: "server_error",
}


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ApiError(Exception):
    """Raised by handlers for an answer other than the usual mapping (e.g. 401 token_expired)."""

    def __init__(self, status: int, message: str = "", *, code: str = "", details: list[dict] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message or MESSAGES.get(status, "")
        self.code = code or CODES.get(status, "error")
        self.details = details or []


class ApiAuthError(AuthenticationError):
    """401 with a specific code and Chinese message (expired, revoked)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(401, message)
        self.code = code
        self.message = message


def body(status: int, message: str = "", *, code: str = "", details: list[dict] | None = None) -> dict:
    return {
        "code": code or CODES.get(status, "error"),
        "message": message or MESSAGES[status],
        "details": details or [],
    }


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- pydantic's validation errors in Chinese ------------------------------------------------------

_TYPES = {
    "missing": "必填,不能为空。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数。",
    "float_parsing": "应为数字。",
    "bool_parsing": "应为 true 或 false。",
    "bool_type": "应为 true 或 false。",
    "string_type": "应为文本。",
    "date_parsing": "应为日期,格式 YYYY-MM-DD。",
    "date_from_datetime_parsing": "应为日期,格式 YYYY-MM-DD。",
    "date_type": "应为日期,格式 YYYY-MM-DD。",
    "datetime_parsing": "应为时间,格式如 2026-03-02T09:00:00+08:00。",
    "datetime_from_date_parsing": "应为时间,格式如 2026-03-02T09:00:00+08:00。",
    "datetime_type": "应为时间,格式如 2026-03-02T09:00:00+08:00。",
    "list_type": "应为数组。",
    "dict_type": "应为对象。",
    "model_type": "应为对象。",
    "model_attributes_type": "应为对象。",
    "extra_forbidden": "不允许的字段。",
    "json_invalid": "不是有效的 JSON。",
    "string_pattern_mismatch": "格式不正确。",
    "literal_error": "取值无效。",
    "enum": "取值无效。",
    "uuid_parsing": "格式不正确。",
}


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于{ctx.get('ge', ctx.get('gt'))}。"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于{ctx.get('le', ctx.get('lt'))}。"
    if kind == "string_too_long":
        return f"不能超过{ctx.get('max_length')}个字。"
    if kind == "string_too_short":
        return f"至少{ctx.get('min_length')}个字。" if ctx.get("min_length", 0) > 1 else "不能为空。"
    if kind == "too_long":
        return f"最多{ctx.get('max_length')}项。"
    if kind == "value_error" and _chinese(str(error.get("msg", ""))):
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in ("literal_error", "enum") and ctx.get("expected"):
        return f"取值无效,应为:{ctx['expected']}。"
    return _TYPES.get(kind, "格式不正确。")


def validation_details(errors: list[dict]) -> list[dict]:
    details = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("payload",)]
        details.append({"field": ".".join(loc), "message": _message(error)})
    return details


# --- the handlers ---------------------------------------------------------------------------------


def install(api) -> None:
    """Register the handlers on a NinjaAPI (replacing ninja's English defaults)."""

    def respond(request, status, **kwargs):
        return api.create_response(request, body(status, **kwargs), status=status)

    def on_api_error(request, exc: ApiError):
        return respond(request, exc.status, message=exc.message, code=exc.code, details=exc.details)

    def on_application_error(request, exc: ApplicationError):
        details = [{"field": exc.field, "message": exc.message}] if exc.field else []
        if TAKEN_MARK in exc.message:
            return respond(request, 409, message=exc.message, details=details)
        return respond(request, 422, message=exc.message, code="rule_violation", details=details)

    def on_validation(request, exc: ValidationError):
        details = validation_details(exc.errors)
        summary = ";".join(f"{d['field']} {d['message']}" for d in details[:5])
        return respond(request, 422, message=f"请求数据有误:{summary}" if summary else "", details=details)

    def on_http_error(request, exc: HttpError):
        status = exc.status_code
        if isinstance(exc, Throttled):
            response = respond(request, 429)
            return response
        if isinstance(exc, ApiAuthError):
            return respond(request, 401, message=exc.message, code=exc.code)
        if status == 403 and "CSRF" in str(exc):
            message = "CSRF 校验失败:通过登录会话调用写操作时,请在请求头 X-CSRFToken 中带上页面的 CSRF 令牌。"
            return respond(request, 403, message=message, code="csrf_failed")
        text = str(exc)
        return respond(request, status if status in MESSAGES else 400, message=text if _chinese(text) else "")

    def on_404(request, exc: Http404):
        text = str(exc)
        return respond(request, 404, message=text if _chinese(text) else "")

    def on_403(request, exc: PermissionDenied):
        text = str(exc)
        return respond(request, 403, message=text if _chinese(text) else "")

    def on_too_big(request, exc: RequestDataTooBig):
        return respond(request, 413)

    def on_anything(request, exc: Exception):
        logger.exception("API %s %s failed", request.method, request.path)
        return respond(request, 500)

    api.add_exception_handler(Exception, on_anything)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ApplicationError, on_application_error)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(PermissionDenied, on_403)
    api.add_exception_handler(RequestDataTooBig, on_too_big)


def responses(*statuses: int) -> dict:
    """The documented error answers of an operation (same shape for all)."""
    return dict.fromkeys(statuses, ErrorOut)


READ = responses(400, 401, 403, 404, 413, 422, 429)
WRITE = responses(400, 401, 403, 404, 409, 413, 422, 429)
PUBLIC = responses(400, 404, 413, 422, 429)
