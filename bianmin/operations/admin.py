"""Read-only admin views of daily management: every change goes through the pages (services), so the
rules (one sign-in a day, who approves a leave, annul instead of delete) cannot be bypassed here."""

from django.contrib import admin

from bianmin.operations.models import Attendance, CentreLog, Leave, Patrol, StaffChange


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["day", "staff", "centre", "signed_in_at", "signed_out_at", "source"]
    list_filter = ["source", "centre"]
    date_hierarchy = "day"


@admin.register(Leave)
class LeaveAdmin(ReadOnlyAdmin):
    list_display = ["staff", "centre", "kind", "starts_at", "ends_at", "status"]
    list_filter = ["status", "kind", "centre"]


@admin.register(CentreLog)
class CentreLogAdmin(ReadOnlyAdmin):
    list_display = ["day", "centre", "staff_expected", "staff_present", "written_by"]
    list_filter = ["centre"]
    date_hierarchy = "day"


@admin.register(Patrol)
class PatrolAdmin(ReadOnlyAdmin):
    list_display = ["patrolled_at", "centre", "patrolled_by", "found_problem", "annulled_at"]
    list_filter = ["found_problem", "centre"]


@admin.register(StaffChange)
class StaffChangeAdmin(ReadOnlyAdmin):
    list_display = ["effective_on", "centre", "name", "kind", "reported_at", "acknowledged_at", "annulled_at"]
    list_filter = ["kind", "centre"]
