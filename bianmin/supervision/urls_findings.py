"""Included by ``supervision/urls.py`` into the ``supervision`` namespace (no app_name here):
inspections, video-monitoring findings, press reports, bulletins and their effect on the score."""

from django.urls import path

from bianmin.supervision import views_findings as views
from bianmin.supervision import views_inspections

urlpatterns = [
    path("inspections/", views_inspections.inspection_list, name="inspection_list"),
    path("inspections/export/", views_inspections.inspection_xlsx, name="inspection_xlsx"),
    path("inspections/new/", views_inspections.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views_inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/evidence/", views_inspections.inspection_evidence, name="inspection_evidence"),
    path("inspections/<int:pk>/annul/", views_inspections.inspection_annul, name="inspection_annul"),
    path("inspections/<int:pk>/rectify/", views_inspections.inspection_rectify, name="inspection_rectify"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/export/", views.finding_xlsx, name="finding_xlsx"),
    path("findings/new/", views.finding_new, name="finding_new"),
    path("findings/effects/", views.effects, name="finding_effects"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/evidence/", views.finding_evidence, name="finding_evidence"),
    path("findings/<int:pk>/annul/", views.finding_annul, name="finding_annul"),
    path("press/", views.press_list, name="press_list"),
    path("press/export/", views.press_xlsx, name="press_xlsx"),
    path("press/new/", views.press_new, name="press_new"),
    path("press/<int:pk>/", views.press_detail, name="press_detail"),
    path("press/<int:pk>/evidence/", views.press_evidence, name="press_evidence"),
    path("press/<int:pk>/annul/", views.press_annul, name="press_annul"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/export/", views.bulletin_xlsx, name="bulletin_xlsx"),
    path("bulletins/new/", views.bulletin_new, name="bulletin_new"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/evidence/", views.bulletin_evidence, name="bulletin_evidence"),
    path("bulletins/<int:pk>/annul/", views.bulletin_annul, name="bulletin_annul"),
]
