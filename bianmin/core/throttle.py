"""Throttling of public forms (no login): a fixed window per client and purpose in Django's cache.

Issue #6 point 7: every public form is throttled, so the progress lookup cannot be used to
enumerate cases and the rating/complaint forms cannot be flooded. The client is the remote
address (behind a proxy, configure it to set REMOTE_ADDR, e.g. with a trusted X-Forwarded-For
middleware); the cache must be shared between workers in production (CACHES).
"""

import hashlib

from django.core.cache import cache

THROTTLED_MESSAGE = "操作过于频繁,请稍后再试(每分钟最多 {limit} 次)。"


def client_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:24]  # no addresses stored in the cache


def hit(request, purpose: str, *, limit: int = 10, per_seconds: int = 60) -> bool:
    """Count one attempt; False once ``limit`` attempts were made in the current window."""
    key = f"throttle:{purpose}:{client_key(request)}"
    if cache.add(key, 1, timeout=per_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=per_seconds)
        return True
    return count <= limit


def message(limit: int = 10) -> str:
    return THROTTLED_MESSAGE.format(limit=limit)
