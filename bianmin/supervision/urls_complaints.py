"""The complaint register (投诉举报登记簿), included by ``supervision/urls.py`` into the ``supervision``
namespace (no app_name here)."""

from django.urls import path

from bianmin.supervision import views_complaints as views

urlpatterns = [
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/export/", views.complaint_export, name="complaint_export"),
    path("complaints/new/", views.complaint_register, name="complaint_register"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/assign/", views.complaint_assign, name="complaint_assign"),
    path("complaints/<int:pk>/investigate/", views.complaint_investigate, name="complaint_investigate"),
    path("complaints/<int:pk>/verify/", views.complaint_verify, name="complaint_verify"),
    path("complaints/<int:pk>/reply/", views.complaint_reply, name="complaint_reply"),
    path("complaints/<int:pk>/evidence/", views.complaint_evidence, name="complaint_evidence"),
]
