"""Included by ``supervision/urls.py`` into the ``supervision`` namespace (no app_name here)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
