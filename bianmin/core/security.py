"""Security headers on every response: a Content-Security-Policy that allows only this site's own
files (no inline script, no eval, no other origin; the few ``<style>`` blocks of print and public
layouts carry the request's nonce), a Permissions-Policy that turns off what no page uses, and the
nonce itself for the templates (``csp_nonce``).

Why so strict: the pages show what residents typed (names, complaints) and an intranet is no
defence against a stored script; with this policy an injected ``<script>`` or ``onerror=`` does not
run even if an escape were ever missed. The Django admin (/admin/) keeps its own inline style
attributes, so its policy also allows inline styles — never inline scripts.
"""

import secrets

from django.conf import settings

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def content_security_policy(nonce: str, *, inline_styles: bool = False) -> str:
    style = "'self' 'unsafe-inline'" if inline_styles else f"'self' 'nonce-{nonce}'"
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": style,
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "media-src": "'self' data: blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + getattr(settings, "ADMIN_URL_PREFIX", "admin/")

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(self.admin_prefix)
            response["Content-Security-Policy"] = content_security_policy(request.csp_nonce, inline_styles=admin)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def nonce(request) -> dict[str, str]:
    """Context processor: ``{{ csp_nonce }}`` for the ``<style>`` blocks of a page."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
