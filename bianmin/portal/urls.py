"""Public pages (no login): mounted at /public/."""

from django.urls import path

from bianmin.portal import views_pages, views_progress
from bianmin.supervision import views_public as feedback

app_name = "portal"

urlpatterns = [
    path("", views_pages.home, name="home"),
    path("centres/", views_pages.centre_list, name="centres"),
    path("centres/<int:pk>/", views_pages.centre_detail, name="centre"),
    path("guides/", views_pages.guide_search, name="guides"),
    path("guides/<int:pk>/", views_pages.guide_detail, name="guide"),
    path("text-size/", views_pages.text_size, name="text_size"),
    path("progress/", views_progress.progress, name="progress"),
    path("rate/<int:case_pk>/", feedback.rate, name="rate"),
    path("complaints/new/", feedback.complaint_new, name="complaint_new"),
    path("complaints/status/", feedback.complaint_status, name="complaint_status"),
]
