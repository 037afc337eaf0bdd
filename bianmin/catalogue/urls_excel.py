"""URL patterns of the catalogue's excel pages (included by catalogue/urls.py)."""

from django.urls import path

from bianmin.catalogue import views_excel

urlpatterns = [
    path("export/", views_excel.export, name="export"),
    path("centres/<int:centre_pk>/export/", views_excel.centre_export, name="centre_export"),
    path("import/", views_excel.import_view, name="import"),
    path("import/template/", views_excel.import_template, name="import_template"),
]
