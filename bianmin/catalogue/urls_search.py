"""URL patterns of the catalogue's search pages (included by catalogue/urls.py)."""

urlpatterns: list = []
