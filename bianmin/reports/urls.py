"""Pages of the monthly information reports (信息报送)."""

from django.urls import path

from bianmin.reports import views, views_export

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("county/", views.county, name="county"),
    path("county/xlsx/", views_export.county_xlsx, name="county_xlsx"),
    path("county/print/", views_export.county_print, name="county_print"),
    path("county/pdf/", views_export.county_pdf, name="county_pdf"),
    path("centre/<int:centre_id>/", views.centre_months, name="centre"),
    path("centre/<int:centre_id>/<str:month>/", views.detail, name="detail"),
    path("centre/<int:centre_id>/<str:month>/xlsx/", views_export.report_xlsx, name="report_xlsx"),
    path("centre/<int:centre_id>/<str:month>/print/", views_export.report_print, name="report_print"),
    path("centre/<int:centre_id>/<str:month>/pdf/", views_export.report_pdf, name="report_pdf"),
]
