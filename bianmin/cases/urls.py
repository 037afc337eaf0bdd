from django.urls import path
from django.views.generic import RedirectView

from bianmin.cases import (
    views,
    views_consult,
    views_intake,
    views_ledger,
    views_notices,
    views_point,
)

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("all/", views.case_list, name="list"),
    path("new/", views_intake.pick_item, name="intake"),
    path("new/<int:item_pk>/", views_intake.intake_form, name="intake_form"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<str:action>/", views.act, name="act"),
    path("<int:pk>/reveal/", views.reveal_id, name="reveal"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/notices/<int:notice_pk>/", views_notices.notice_print, name="notice_print"),
    path("<int:pk>/notices/<int:notice_pk>/pdf/", views_notices.notice_pdf, name="notice_pdf"),
    # Notices printed before the public portal existed lead here: same page, new address.
    path("progress/", RedirectView.as_view(pattern_name="portal:progress", query_string=True), name="progress"),
    path("ledger/", views_ledger.ledger, name="ledger"),
    path("ledger/export/", views_ledger.ledger_xlsx, name="ledger_xlsx"),
    path("consultations/", views_consult.consultation_list, name="consultation_list"),
    path("consultations/new/", views_consult.consultation_new, name="consultation_new"),
    path("consultations/<int:pk>/", views_consult.consultation_detail, name="consultation_detail"),
    path("point-records/", views_point.record_list, name="point_record_list"),
    path("point-records/new/", views_point.record_new, name="point_record_new"),
]
