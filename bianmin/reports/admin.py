"""Read-only admin views of the monthly reports: reports are written through their pages (services)."""

from django.contrib import admin

from bianmin.cases.admin import ReadOnlyAdmin
from bianmin.reports.models import MonthlyReport, MonthlyReportVersion, ReportReminder


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ["centre", "month", "status", "first_submitted_at", "on_time", "submissions"]
    list_filter = ["status", "on_time", "month"]


@admin.register(MonthlyReportVersion)
class MonthlyReportVersionAdmin(ReadOnlyAdmin):
    list_display = ["report", "number", "submitted_at", "submitted_by", "on_time"]


@admin.register(ReportReminder)
class ReportReminderAdmin(ReadOnlyAdmin):
    list_display = ["centre", "month", "day", "sent_at", "recipients"]
