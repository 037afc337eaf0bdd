"""Kiosk mode on the public pages: opened from a hall's touch kiosk (``?kiosk=<centre>``), a public
page loads kiosk.js, which returns to the kiosk's start page after idle and keeps visitors inside
/public/ and /kiosk/ (issue #6 point 5)."""

from bianmin.portal.views_kiosk import kiosk_home_for


def kiosk(request):
    if not request.path.startswith("/public/"):
        return {}
    home = kiosk_home_for(request)
    return {"kiosk_home": home} if home else {}
