"""Staff pages of the portal: the hall display's notices, managed by each centre."""

from django.urls import path

from bianmin.portal import views_notices

app_name = "hall"

urlpatterns = [
    path("", views_notices.notice_list, name="notice_list"),
    path("new/", views_notices.notice_new, name="notice_new"),
    path("<int:pk>/", views_notices.notice_edit, name="notice_edit"),
]
