"""Pages of daily management (filled in by the operations views)."""

from django.urls import path  # noqa: F401

app_name = "operations"

urlpatterns: list = []
