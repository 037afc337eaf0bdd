"""Who may open what (issue #12 point 4): every URL of the URL conf × every role, anonymous included,
on the demo county (``world``), against the table below — generated from the URL conf, so a new URL
without a rule fails ``test_every_url_has_a_rule``.

Each cell is the status code of a GET; a second group, after ``|``, is the status code of a POST
with an empty body (the request a forged or stale form makes). Every refused request (403, 404, 405
or a redirect to the login page) must leave every table as it was; every request runs in a
savepoint rolled back afterwards, with an empty cache (no throttle counts the matrix's requests).

To regenerate the table after a deliberate change of the rules, run this module with
``ACCESS_MATRIX_PRINT=1`` and ``-s``: it prints the observed rows instead of comparing; read every
changed cell before you paste it back.
"""

import os

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from bianmin.core.tests.every_url.world import ROLES, ROUTES, Route, client_for, table_sizes, url_of

pytestmark = pytest.mark.django_db

REFUSED = {403, 404, 405}  # and a redirect to the login page
PRINT = bool(os.environ.get("ACCESS_MATRIX_PRINT"))

# name: "GET codes for ROLES | POST codes for ROLES"
EXPECTED: dict[str, str] = {
    # GET: anon county_admin inspector director_a clerk_a clerk_b agent_a1 | POST: the same
    # adoption
    "adoption:export": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "adoption:org_import": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "adoption:password_reset": "302 405 405 405 405 405 405 | 302 200 403 403 403 404 404",
    "adoption:redistricting": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "adoption:template": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "adoption:wizard": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    # api
    "api:revoke": "302 405 405 405 405 405 405 | 302 302 404 404 302 404 404",
    "api:tokens": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    # assessment
    "assessment:index": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:progress": "302 200 200 302 302 302 403 | 302 405 405 405 405 405 405",
    "assessment:progress_centre": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    "assessment:progress_point_target": "302 200 403 200 403 404 403 | 302 200 403 200 403 404 403",
    "assessment:progress_print": "302 200 200 403 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:progress_target": "302 200 403 200 403 404 403 | 302 200 403 200 403 404 403",
    "assessment:rubric_copy": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "assessment:rubric_delete": "302 405 405 405 405 405 405 | 302 403 403 403 403 403 403",
    "assessment:rubric_detail": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "assessment:rubric_edit": "302 403 403 403 403 403 403 | 302 403 403 403 403 403 403",
    "assessment:rubric_indicator_add": "302 403 403 403 403 403 403 | 302 403 403 403 403 403 403",
    "assessment:rubric_indicator_edit": "302 403 403 403 403 403 403 | 302 403 403 403 403 403 403",
    "assessment:rubric_indicator_move": "302 405 405 405 405 405 405 | 302 403 403 403 403 403 403",
    "assessment:rubric_indicator_remove": "302 405 405 405 405 405 405 | 302 403 403 403 403 403 403",
    "assessment:rubric_item_add": "302 403 403 403 403 403 403 | 302 403 403 403 403 403 403",
    "assessment:rubric_item_edit": "302 403 403 403 403 403 403 | 302 403 403 403 403 403 403",
    "assessment:rubric_item_move": "302 405 405 405 405 405 405 | 302 403 403 403 403 403 403",
    "assessment:rubric_item_remove": "302 405 405 405 405 405 405 | 302 403 403 403 403 403 403",
    "assessment:rubric_list": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "assessment:rubric_load_default": "302 405 405 405 405 405 405 | 302 302 403 403 403 403 403",
    "assessment:rubric_print": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "assessment:rubric_publish": "302 405 405 405 405 405 405 | 302 403 403 403 403 403 403",
    "assessment:rubric_section_add": "302 403 403 403 403 403 403 | 302 403 403 403 403 403 403",
    "assessment:rubric_section_edit": "302 403 403 403 403 403 403 | 302 403 403 403 403 403 403",
    "assessment:rubric_section_move": "302 405 405 405 405 405 405 | 302 403 403 403 403 403 403",
    "assessment:rubric_section_remove": "302 405 405 405 405 405 405 | 302 403 403 403 403 403 403",
    "assessment:score_evidence": "302 404 404 404 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:score_restore": "302 405 405 405 405 405 405 | 302 302 302 403 403 403 403",
    "assessment:score_save": "302 405 405 405 405 405 405 | 302 302 302 403 403 403 403",
    "assessment:sheet": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:sheet_autoscore": "302 405 405 405 405 405 405 | 302 302 302 403 403 403 403",
    "assessment:sheet_correct": "302 405 405 405 405 405 405 | 302 400 403 403 403 403 403",
    "assessment:sheet_pdf": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:sheet_print": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:sheet_publish": "302 405 405 405 405 405 405 | 302 302 403 403 403 403 403",
    "assessment:sheet_xlsx": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:year": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:year_autoscore": "302 405 405 405 405 405 405 | 302 302 302 403 403 403 403",
    "assessment:year_open": "302 405 405 405 405 405 405 | 302 400 403 403 403 403 403",
    "assessment:year_pdf": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:year_print": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "assessment:year_publish": "302 405 405 405 405 405 405 | 302 302 403 403 403 403 403",
    "assessment:year_xlsx": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    # cases
    "cases:act": "302 405 405 405 405 405 405 | 302 403 403 302 302 404 404",
    "cases:attach": "302 405 405 405 405 405 405 | 302 403 403 302 302 404 404",
    "cases:attachment": "302 404 404 404 404 404 404 | 302 404 404 404 404 404 404",
    "cases:consultation_detail": "302 200 200 200 200 404 404 | 302 403 403 302 302 404 404",
    "cases:consultation_list": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "cases:consultation_new": "302 403 403 200 200 200 200 | 302 403 403 200 200 200 200",
    "cases:detail": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "cases:intake": "302 403 403 200 200 200 200 | 302 403 403 200 200 200 200",
    "cases:intake_form": "302 403 403 200 200 200 200 | 302 403 403 200 200 200 200",
    "cases:ledger": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    "cases:ledger_xlsx": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    "cases:list": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "cases:notice_pdf": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "cases:notice_print": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "cases:point_record_list": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "cases:point_record_new": "302 403 403 403 403 403 200 | 302 403 403 403 403 403 200",
    "cases:progress": "302 302 302 302 302 302 302 | 302 302 302 302 302 302 302",
    "cases:queue": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "cases:reveal": "302 405 405 405 405 405 405 | 302 403 403 200 200 404 404",
    # catalogue
    "catalogue:centre_export": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "catalogue:centre_list": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "catalogue:centre_list_edit": "302 200 403 200 403 404 404 | 302 302 403 302 403 404 404",
    "catalogue:draft_discard": "302 405 405 405 405 405 405 | 302 302 403 403 403 403 403",
    "catalogue:draft_edit": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "catalogue:draft_materials": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "catalogue:draft_publish": "302 405 405 405 405 405 405 | 302 302 403 403 403 403 403",
    "catalogue:export": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "catalogue:handbook": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "catalogue:handbook_pdf": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "catalogue:import": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "catalogue:import_template": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "catalogue:item_create": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "catalogue:item_detail": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "catalogue:item_list": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "catalogue:item_pdf": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "catalogue:item_print": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "catalogue:item_settings": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "catalogue:search": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    "catalogue:version_detail": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    # guide
    "guide:image": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "guide:index": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "guide:page": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "guide:pdf": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    # hall
    "hall:notice_edit": "302 200 403 200 200 404 403 | 302 200 403 200 200 404 403",
    "hall:notice_list": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "hall:notice_new": "302 200 403 200 200 200 403 | 302 200 403 200 200 200 403",
    # hallqueue
    "hallqueue:act": "302 405 405 405 405 405 405 | 302 403 403 302 302 404 403",
    "hallqueue:appointments": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "hallqueue:figures": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "hallqueue:issue": "302 405 405 405 405 405 405 | 302 403 403 302 302 302 403",
    "hallqueue:line_edit": "302 200 403 200 403 404 403 | 302 200 403 200 403 404 403",
    "hallqueue:line_list": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "hallqueue:line_new": "302 200 403 200 403 403 403 | 302 200 403 200 403 403 403",
    "hallqueue:lines_from_windows": "302 405 405 405 405 405 405 | 302 302 403 302 403 403 403",
    "hallqueue:overview": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "hallqueue:ticket_act": "302 405 405 405 405 405 405 | 302 403 403 302 302 404 403",
    "hallqueue:ticket_print": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    "hallqueue:window": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    # (root)
    "healthz": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "home": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "login": "200 302 302 302 302 302 302 | 200 302 302 302 302 302 302",
    "logout": "405 405 405 405 405 405 405 | 302 302 302 302 302 302 302",
    # monitoring
    "monitoring:dashboard": "302 200 200 200 403 403 403 | 302 200 200 200 403 403 403",
    "monitoring:light_list": "302 200 200 200 403 403 403 | 302 200 200 200 403 403 403",
    # operations
    "operations:attendance_enter": "302 200 403 200 403 403 403 | 302 200 403 200 403 403 403",
    "operations:attendance_export": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    "operations:attendance_list": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    "operations:attendance_summary": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    "operations:attendance_summary_export": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    "operations:home": "302 302 302 302 302 302 302 | 302 405 405 405 405 405 405",
    "operations:leave_detail": "302 200 200 200 404 404 404 | 302 403 403 403 404 404 404",
    "operations:leave_export": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    "operations:leave_list": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    "operations:leave_new": "302 403 403 200 200 200 200 | 302 403 403 200 200 200 200",
    "operations:log_detail": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    "operations:log_edit": "302 403 403 200 403 404 403 | 302 403 403 200 403 404 403",
    "operations:log_export": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "operations:log_list": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "operations:log_new": "302 403 403 200 403 403 403 | 302 403 403 200 403 403 403",
    "operations:on_post": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "operations:patrol_detail": "302 200 200 200 403 403 403 | 302 200 403 200 403 403 403",
    "operations:patrol_evidence": "302 404 404 404 403 403 403 | 302 405 405 405 405 405 405",
    "operations:patrol_export": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "operations:patrol_list": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "operations:patrol_new": "302 403 403 200 403 403 403 | 302 403 403 200 403 403 403",
    "operations:sign_in": "302 405 405 405 405 405 405 | 302 302 302 302 302 302 302",
    "operations:sign_out": "302 405 405 405 405 405 405 | 302 302 302 302 302 302 302",
    "operations:staff_change_detail": "302 200 200 200 403 403 403 | 302 403 403 403 403 403 403",
    "operations:staff_change_export": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "operations:staff_change_list": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "operations:staff_change_new": "302 403 403 200 403 403 403 | 302 403 403 200 403 403 403",
    "operations:today": "302 302 302 200 200 200 200 | 302 405 405 405 405 405 405",
    # org
    "org:audit_log": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "org:centre_detail": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "org:centre_edit": "302 200 403 200 403 404 404 | 302 200 403 200 403 404 404",
    "org:centre_list": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "org:point_detail": "302 200 200 200 200 404 200 | 302 200 200 200 200 404 200",
    "org:point_edit": "302 200 403 200 403 404 403 | 302 200 403 200 403 404 403",
    "org:point_list": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "org:staff_create": "302 200 403 200 403 403 403 | 302 200 403 200 403 403 403",
    "org:staff_detail": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "org:staff_edit": "302 200 403 200 403 404 404 | 302 200 403 200 403 404 404",
    "org:staff_list": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "org:window_create": "302 200 403 200 403 404 404 | 302 200 403 200 403 404 404",
    "org:window_detail": "302 200 200 200 200 404 404 | 302 200 200 200 200 404 404",
    "org:window_edit": "302 200 403 200 403 404 404 | 302 200 403 200 403 404 404",
    "org:window_list": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    # (root)
    "password_change": "302 200 200 200 200 200 200 | 302 200 200 200 200 200 200",
    "password_change_done": "302 200 200 200 200 200 200 | 302 405 405 405 405 405 405",
    # portal
    "portal:centre": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "portal:centres": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "portal:complaint_new": "200 200 200 200 200 200 200 | 200 200 200 200 200 200 200",
    "portal:complaint_status": "200 200 200 200 200 200 200 | 200 200 200 200 200 200 200",
    "portal:guide": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "portal:guides": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "portal:home": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "portal:progress": "200 200 200 200 200 200 200 | 200 200 200 200 200 200 200",
    "portal:rate": "403 403 403 403 403 403 403 | 403 403 403 403 403 403 403",
    "portal:text_size": "302 302 302 302 302 302 302 | 405 405 405 405 405 405 405",
    # privacy
    "privacy:reveal_log": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "privacy:reveal_log_xlsx": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    # queue_public
    "queue_public:book": "200 200 200 200 200 200 200 | 200 200 200 200 200 200 200",
    "queue_public:booking": "200 200 200 200 200 200 200 | 200 200 200 200 200 200 200",
    "queue_public:ticket": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "queue_public:ticket_status": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    # queue_screens
    "queue_screens:audio": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "queue_screens:calls": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "queue_screens:checkin": "200 200 200 200 200 200 200 | 200 200 200 200 200 200 200",
    "queue_screens:lines": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "queue_screens:take": "200 200 200 200 200 200 200 | 302 302 302 302 302 302 302",
    "queue_screens:ticket": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    # reports
    "reports:centre": "302 200 200 200 200 404 403 | 302 200 200 200 200 404 403",
    "reports:county": "302 200 200 403 403 403 403 | 302 200 200 403 403 403 403",
    "reports:county_pdf": "302 200 200 403 403 403 403 | 302 405 405 405 405 405 405",
    "reports:county_print": "302 200 200 403 403 403 403 | 302 405 405 405 405 405 405",
    "reports:county_xlsx": "302 200 200 403 403 403 403 | 302 405 405 405 405 405 405",
    "reports:detail": "302 200 200 200 200 404 403 | 302 403 403 200 403 404 403",
    "reports:index": "302 302 302 302 302 302 403 | 302 302 302 302 302 302 403",
    "reports:report_pdf": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    "reports:report_print": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    "reports:report_xlsx": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    # screens
    "screens:display": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "screens:display_data": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "screens:kiosk": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    "screens:kiosk_guides": "200 200 200 200 200 200 200 | 405 405 405 405 405 405 405",
    # supervision
    "supervision:bulletin_annul": "302 405 405 405 405 405 405 | 302 400 403 403 403 404 403",
    "supervision:bulletin_detail": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    "supervision:bulletin_evidence": "302 404 404 404 404 404 403 | 302 405 405 405 405 405 405",
    "supervision:bulletin_list": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "supervision:bulletin_new": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "supervision:bulletin_xlsx": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "supervision:complaint_assign": "302 405 405 405 405 405 405 | 302 302 302 302 302 404 403",
    "supervision:complaint_detail": "302 200 200 200 200 404 403 | 302 200 200 200 200 404 403",
    "supervision:complaint_evidence": "302 404 404 404 403 404 403 | 302 404 404 404 403 404 403",
    "supervision:complaint_export": "302 200 200 200 200 200 403 | 302 200 200 200 200 200 403",
    "supervision:complaint_investigate": "302 405 405 405 405 405 405 | 302 302 302 302 302 404 403",
    "supervision:complaint_list": "302 200 200 200 200 200 403 | 302 200 200 200 200 200 403",
    "supervision:complaint_register": "302 200 200 200 403 403 403 | 302 200 200 200 403 403 403",
    "supervision:complaint_reply": "302 405 405 405 405 405 405 | 302 302 302 302 302 404 403",
    "supervision:complaint_verify": "302 405 405 405 405 405 405 | 302 302 302 302 302 404 403",
    "supervision:finding_annul": "302 405 405 405 405 405 405 | 302 400 403 403 404 404 403",
    "supervision:finding_detail": "302 200 200 200 404 404 403 | 302 405 405 405 405 405 405",
    "supervision:finding_effects": "302 200 200 200 403 403 403 | 302 405 405 405 405 405 405",
    "supervision:finding_evidence": "302 404 404 404 404 404 403 | 302 405 405 405 405 405 405",
    "supervision:finding_list": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "supervision:finding_new": "302 200 200 403 403 403 403 | 302 200 200 403 403 403 403",
    "supervision:finding_xlsx": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "supervision:inspection_annul": "302 405 405 405 405 405 405 | 302 400 403 403 403 404 403",
    "supervision:inspection_detail": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    "supervision:inspection_evidence": "302 404 404 404 404 404 403 | 302 405 405 405 405 405 405",
    "supervision:inspection_list": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "supervision:inspection_new": "302 200 200 403 403 403 403 | 302 200 200 403 403 403 403",
    "supervision:inspection_rectify": "302 405 405 405 405 405 405 | 302 400 403 400 403 404 403",
    "supervision:inspection_xlsx": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "supervision:press_annul": "302 405 405 405 405 405 405 | 302 400 403 403 403 404 403",
    "supervision:press_detail": "302 200 200 200 200 404 403 | 302 405 405 405 405 405 405",
    "supervision:press_evidence": "302 404 404 404 404 404 403 | 302 405 405 405 405 405 405",
    "supervision:press_list": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "supervision:press_new": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "supervision:press_xlsx": "302 200 200 200 200 200 403 | 302 405 405 405 405 405 405",
    "supervision:rating_list": "302 200 200 200 200 200 403 | 302 200 200 200 200 200 403",
    "supervision:rectification_detail": "302 200 200 200 200 404 403 | 302 403 403 200 403 404 403",
    "supervision:rectification_list": "302 200 200 200 200 200 403 | 302 200 200 200 200 200 403",
    # workcalendar
    "workcalendar:configure": "302 405 405 405 405 405 405 | 302 200 403 403 403 403 403",
    "workcalendar:current": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
    "workcalendar:day_delete": "302 405 405 405 405 405 405 | 302 302 403 403 403 403 403",
    "workcalendar:local_day": "302 405 405 405 405 405 405 | 302 200 403 403 403 403 403",
    "workcalendar:year": "302 200 403 403 403 403 403 | 302 200 403 403 403 403 403",
}


# --- the requests -----------------------------------------------------------------------------------


def request(session_key: str | None, method: str, url: str, before: dict[str, int]) -> tuple[int, bool]:
    """The status code and, for a refused request, whether every table kept its size (the request
    is rolled back either way)."""
    cache.clear()  # each request is a first one: no throttle counts the matrix's own requests
    with transaction.atomic():
        response = getattr(client_for(session_key), method)(url)
        status = response.status_code
        # Anonymous requests sent to log in are refusals; a logged-in one sent there is a logout.
        to_login = session_key is None and status == 302 and response["Location"].startswith(reverse("login"))
        unchanged = (status not in REFUSED and not to_login) or table_sizes() == before
        transaction.set_rollback(True)
    return status, unchanged


def observed(route: Route, world: dict, sessions: dict) -> tuple[list[int], list[int], list[str]]:
    url = url_of(route, world)
    before = table_sizes()
    gets, posts, changed = [], [], []
    for role in ROLES:
        for method, codes in (("get", gets), ("post", posts)):
            status, unchanged = request(sessions[role], method, url, before)
            codes.append(status)
            if not unchanged:
                changed.append(f"{role} {method.upper()} {status}")
    return gets, posts, changed


def row(gets: list[int], posts: list[int]) -> str:
    return " ".join(map(str, gets)) + " | " + " ".join(map(str, posts))


def test_every_url_has_a_rule():
    names = {route.name for route in ROUTES}
    assert sorted(names - set(EXPECTED)) == [], "URLs without a rule in EXPECTED"
    assert sorted(set(EXPECTED) - names) == [], "rules for URLs that no longer exist"


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_who_may_open_it(route, world, sessions):
    gets, posts, changed = observed(route, world, sessions)
    if PRINT:
        print(f'\n    "{route.name}": "{row(gets, posts)}",')
        return
    assert changed == [], f"{route.name}: a refused request changed the database"
    assert 500 not in gets + posts
    assert row(gets, posts) == EXPECTED.get(route.name), f"{route.name} ({ROLES})"
