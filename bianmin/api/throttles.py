"""Throttling of API calls (issue #10 point 2): a fixed window per token, per logged-in account, or
(for public endpoints without credentials) per client address, in Django's cache like the portal's
forms (bianmin/core/throttle.py). Rates come from settings at call time (``API_RATE_PER_MINUTE``,
``API_PUBLIC_RATE_PER_MINUTE``); in production with several workers configure a shared ``CACHES``.
"""

import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from bianmin.core.throttle import client_key

WINDOW = 60


def _who(request) -> tuple[str, int]:
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}", int(settings.API_RATE_PER_MINUTE)
    auth = getattr(request, "auth", None)
    if auth is not None and getattr(auth, "pk", None):
        return f"user:{auth.pk}", int(settings.API_RATE_PER_MINUTE)
    return f"addr:{client_key(request)}", int(settings.API_PUBLIC_RATE_PER_MINUTE)


class ApiThrottle(BaseThrottle):
    def allow_request(self, request) -> bool:
        who, limit = _who(request)
        window = int(time.time() // WINDOW)
        key = f"api-throttle:{who}:{window}"
        if cache.add(key, 1, timeout=WINDOW + 1):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=WINDOW + 1)
            return True
        return count <= limit

    def wait(self) -> float | None:
        """Seconds until the window turns (the Retry-After header)."""
        return WINDOW - (time.time() % WINDOW)
