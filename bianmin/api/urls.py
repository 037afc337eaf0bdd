"""/api/v1/: the ninja API, then a JSON 404 for any other address under it (one error shape)."""

from django.http import JsonResponse
from django.urls import path, re_path

from bianmin.api import errors
from bianmin.api.api import api


def unknown(request, rest: str = ""):
    body = errors.body(404, "接口地址不存在,请查看 /api/v1/docs。")
    return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown),
]
