"""URL patterns of the catalogue's print pages (included by catalogue/urls.py)."""

from django.urls import path

from bianmin.catalogue import views_print

urlpatterns = [
    path("items/<int:pk>/print/", views_print.item_print, name="item_print"),
    path("items/<int:pk>/guide.pdf", views_print.item_pdf, name="item_pdf"),
    path("centres/<int:centre_pk>/handbook/", views_print.handbook_print, name="handbook"),
    path("centres/<int:centre_pk>/handbook.pdf", views_print.handbook_pdf, name="handbook_pdf"),
]
