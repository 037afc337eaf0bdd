"""The hall queue on the kiosk (/kiosk/<centre>/queue/…) and the display (/display/<centre>/…), no login."""

from django.urls import path, register_converter

from bianmin.hallqueue import views_display, views_kiosk


class TicketNumber:
    regex = "[A-Z][0-9]{3}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TicketNumber, "ticketno")

app_name = "queue_screens"

urlpatterns = [
    path("kiosk/<int:centre_pk>/queue/", views_kiosk.lines, name="lines"),
    path("kiosk/<int:centre_pk>/queue/checkin/", views_kiosk.checkin, name="checkin"),
    path("kiosk/<int:centre_pk>/queue/<int:line_pk>/", views_kiosk.take, name="take"),
    path("kiosk/<int:centre_pk>/queue/ticket/<str:token>/", views_kiosk.ticket, name="ticket"),
    path("display/<int:centre_pk>/calls/", views_display.calls, name="calls"),
    path(
        "display/<int:centre_pk>/audio/<ticketno:number>-<int:window>.wav",
        views_display.announcement,
        name="audio",
    ),
]
