"""The hall's touch kiosk (/kiosk/<centre>/) and display screen (/display/<centre>/), no login."""

from django.urls import path

from bianmin.portal import views_display, views_kiosk

app_name = "screens"

urlpatterns = [
    path("kiosk/<int:centre_pk>/", views_kiosk.home, name="kiosk"),
    path("kiosk/<int:centre_pk>/guides/", views_kiosk.guides, name="kiosk_guides"),
    path("display/<int:centre_pk>/", views_display.display, name="display"),
    path("display/<int:centre_pk>/data/", views_display.data, name="display_data"),
]
