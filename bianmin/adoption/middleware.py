"""Until a password set by someone else is changed, every page leads to 修改密码."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from bianmin.adoption.accounts import SESSION_KEY

NOTE = "您的密码是由管理员设置的临时密码,请先修改密码再使用系统。"


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        must_change = user is not None and user.is_authenticated and request.session.get(SESSION_KEY)
        if must_change and not self._allowed(request.path):
            target = reverse("password_change")
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            messages.warning(request, NOTE)
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = (reverse("password_change"), reverse("password_change_done"), reverse("logout"), "/static/")
        return path.startswith(allowed) or path.startswith("/help/")
