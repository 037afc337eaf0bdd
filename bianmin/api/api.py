"""The REST API, version 1, at /api/v1/ (issue #10): django-ninja routers per domain, each calling the
same selectors and services as the pages. Schema at /api/v1/openapi.json, docs at /api/v1/docs."""

from datetime import datetime

from django.utils import timezone
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from bianmin.api import errors
from bianmin.api.auth import STAFF
from bianmin.api.routers import (
    calendar,
    case_actions,
    cases,
    catalogue,
    centres,
    exchange,
    me,
    public_services,
    records,
    reports,
)
from bianmin.api.throttles import ApiThrottle

DESCRIPTION = """
便民服务中心标准化管理平台的数据接口,供县级业务系统、江西政务服务网(赣服通)数据交换和移动应用调用。

**认证**:机器调用在请求头带 `Authorization: Bearer <接口令牌>`(登录系统后在右上角菜单“接口令牌”中创建,
只显示一次);网页自身的调用使用登录会话,写操作须带 `X-CSRFToken`。令牌的权限与其所属账号完全相同:
不在账号管辖范围内的记录一律 404,只读角色的写操作 403。公开信息(事项目录、中心、工作日历、办件进度、
好差评、投诉)无需认证。

**错误**:统一为 `{"code", "message", "details"}`,`message` 为中文说明。409 表示记录已被他人处理,
请重新读取后再操作;429 表示调用过于频繁(按令牌计),请按 `Retry-After` 头等待。

**数据交换**:`GET /exchange/cases` 按游标分页提供办件及其办理过程,字段说明见 docs/exchange.md。
"""


class LocalTimeEncoder(NinjaJSONEncoder):
    """Moments in Beijing time (2026-03-02T09:00:00+08:00), as the pages show them."""

    def default(self, o):
        if isinstance(o, datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class ChineseJSON(JSONRenderer):
    """UTF-8 JSON with Chinese as is (not \\uXXXX), readable in curl and logs."""

    encoder_class = LocalTimeEncoder
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ChineseJSON(),
    title="便民服务中心标准化管理平台 接口",
    version="1",
    description=DESCRIPTION.strip(),
    urls_namespace="api-v1",
    auth=STAFF,
    throttle=[ApiThrottle()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)

api.add_router("", me.router)
api.add_router("", catalogue.router)
api.add_router("", centres.router)
api.add_router("", calendar.router)
api.add_router("", cases.router)
api.add_router("", case_actions.router)
api.add_router("", exchange.router)
api.add_router("", records.router)
api.add_router("", public_services.router)
api.add_router("", reports.router)
