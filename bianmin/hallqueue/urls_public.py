"""Public queue pages (no login), mounted at /public/queue/."""

from django.urls import path

from bianmin.hallqueue import views_public

app_name = "queue_public"

urlpatterns = [
    path("book/", views_public.book, name="book"),
    path("booking/", views_public.booking, name="booking"),
    path("t/<str:token>/", views_public.ticket, name="ticket"),
    path("t/<str:token>/status/", views_public.ticket_status, name="ticket_status"),
]
