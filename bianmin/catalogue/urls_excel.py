"""URL patterns of the catalogue's excel pages (included by catalogue/urls.py)."""

urlpatterns: list = []
