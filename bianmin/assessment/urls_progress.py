"""Standardization progress (plan 三, 四), mounted under /assessment/ by ``assessment/urls.py``."""

from django.urls import path

from bianmin.assessment import views_progress as views

urlpatterns = [
    path("progress/", views.progress, name="progress"),
    path("progress/print/", views.progress_print, name="progress_print"),
    path("progress/centre/<int:pk>/", views.progress_centre, name="progress_centre"),
    path("progress/centre/<int:pk>/target/", views.progress_target, name="progress_target"),
    path("progress/point/<int:pk>/target/", views.progress_point_target, name="progress_point_target"),
]
