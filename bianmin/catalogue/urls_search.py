"""URL patterns of the catalogue's search pages (included by catalogue/urls.py)."""

from django.urls import path

from bianmin.catalogue import views_search

urlpatterns = [
    path("search/", views_search.search, name="search"),
]
