"""Read-only admin views of supervision records: changes go through the pages (services), never the
admin. The complainant's name and phone are left out here too."""

from django.contrib import admin

from bianmin.supervision.models import Complaint, Rating, Rectification


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
