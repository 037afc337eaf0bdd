"""URL patterns of the catalogue's print pages (included by catalogue/urls.py)."""

urlpatterns: list = []
