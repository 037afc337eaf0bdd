"""Read-only admin views of supervision records: changes go through the pages (services), never the
admin. The complainant's name and phone are left out here too."""

from django.contrib import admin

from bianmin.supervision.models import (
    Bulletin,
    Complaint,
    Inspection,
    MonitoringFinding,
    PressReport,
    Rating,
    Rectification,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["rated_at", "centre", "overall", "efficiency", "attitude", "guide_accuracy", "channel"]
    list_filter = ["overall", "channel", "centre"]
    exclude = ["case"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["opened_at", "centre", "status", "deadline", "closed_at"]
    list_filter = ["status", "centre"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["submitted_at", "centre", "category", "channel", "status"]
    list_filter = ["status", "category", "channel", "centre"]
    exclude = ["name", "phone", "code"]


# Inspections, findings, press reports and bulletins: never deleted, only annulled with a reason on
# their pages (issue #7 point 4), so the admin only reads them.


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["inspected_at", "centre", "kind", "inspector_kind", "outcome", "annulled_at"]
    list_filter = ["kind", "inspector_kind", "outcome", "centre"]
    exclude = ["evidence"]


@admin.register(MonitoringFinding)
class MonitoringFindingAdmin(ReadOnlyAdmin):
    list_display = ["observed_at", "centre", "staff", "kind", "deduction", "annulled_at"]
    list_filter = ["kind", "centre"]
    exclude = ["evidence"]


@admin.register(PressReport)
class PressReportAdmin(ReadOnlyAdmin):
    list_display = ["published_on", "centre", "tone", "level", "outlet", "title", "annulled_at"]
    list_filter = ["tone", "level", "centre"]
    exclude = ["evidence"]


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdmin):
    list_display = ["issued_on", "centre", "outcome", "level", "issuer", "title", "annulled_at"]
    list_filter = ["outcome", "level", "centre"]
    exclude = ["evidence"]
