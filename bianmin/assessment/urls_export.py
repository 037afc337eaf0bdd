"""The assessment's exports and A4 print pages, mounted under /assessment/ (``urls.py``)."""

from django.urls import path

from bianmin.assessment import views_export

urlpatterns = [
    path("<int:year>/export.xlsx", views_export.year_xlsx, name="year_xlsx"),
    path("<int:year>/print/", views_export.year_print, name="year_print"),
    path("<int:year>/print.pdf", views_export.year_pdf, name="year_pdf"),
    path("sheet/<int:pk>/export.xlsx", views_export.sheet_xlsx, name="sheet_xlsx"),
    path("sheet/<int:pk>/print/", views_export.sheet_print, name="sheet_print"),
    path("sheet/<int:pk>/print.pdf", views_export.sheet_pdf, name="sheet_pdf"),
]
