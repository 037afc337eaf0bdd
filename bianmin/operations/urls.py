"""Pages of daily management (plan 四(一)4(4), 四(一)1(2), 五(一)): 考勤, 请销假, 运行日志, 巡查, 人员报备.

The nav entry is ``operations:home`` (日常管理): county roles land on 在岗情况, everyone else on 今日考勤;
the pages share one row of tabs (templates/operations/_tabs.html).
"""

from django.urls import path

from bianmin.operations import views, views_leave, views_logs, views_records

app_name = "operations"

urlpatterns = [
    path("", views.home, name="home"),
    # 考勤
    path("today/", views.today, name="today"),
    path("today/sign-in/", views.sign_in, name="sign_in"),
    path("today/sign-out/", views.sign_out, name="sign_out"),
    path("on-post/", views.on_post, name="on_post"),
    path("attendance/", views.attendance_list, name="attendance_list"),
    path("attendance/export/", views.attendance_export, name="attendance_export"),
    path("attendance/enter/", views.attendance_enter, name="attendance_enter"),
    path("attendance/summary/", views.attendance_summary, name="attendance_summary"),
    path("attendance/summary/export/", views.attendance_summary_export, name="attendance_summary_export"),
    # 请销假
    path("leaves/", views_leave.leave_list, name="leave_list"),
    path("leaves/export/", views_leave.leave_export, name="leave_export"),
    path("leaves/new/", views_leave.leave_new, name="leave_new"),
    path("leaves/<int:pk>/", views_leave.leave_detail, name="leave_detail"),
    # 中心运行日志
    path("logs/", views_logs.log_list, name="log_list"),
    path("logs/export/", views_logs.log_export, name="log_export"),
    path("logs/new/", views_logs.log_new, name="log_new"),
    path("logs/<int:pk>/", views_logs.log_detail, name="log_detail"),
    path("logs/<int:pk>/edit/", views_logs.log_edit, name="log_edit"),
    # 动态巡查
    path("patrols/", views_records.patrol_list, name="patrol_list"),
    path("patrols/export/", views_records.patrol_export, name="patrol_export"),
    path("patrols/new/", views_records.patrol_new, name="patrol_new"),
    path("patrols/<int:pk>/", views_records.patrol_detail, name="patrol_detail"),
    path("patrols/<int:pk>/evidence/", views_records.patrol_evidence, name="patrol_evidence"),
    # 人员调整报备
    path("staff-changes/", views_records.staff_change_list, name="staff_change_list"),
    path("staff-changes/export/", views_records.staff_change_export, name="staff_change_export"),
    path("staff-changes/new/", views_records.staff_change_new, name="staff_change_new"),
    path("staff-changes/<int:pk>/", views_records.staff_change_detail, name="staff_change_detail"),
]
