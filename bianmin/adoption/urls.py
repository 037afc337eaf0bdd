from django.urls import path

from bianmin.adoption import views

app_name = "adoption"

urlpatterns = [
    path("", views.wizard, name="wizard"),
    path("organisation/template/", views.template, name="template"),
    path("organisation/export/", views.export, name="export"),
    path("organisation/import/", views.org_import_view, name="org_import"),
    path("redistricting/", views.redistricting, name="redistricting"),
    path("staff/<int:pk>/password-reset/", views.password_reset, name="password_reset"),
]
