"""Read-only admin views of cases: changes go through the case pages (services), never the admin."""

from django.contrib import admin

from bianmin.cases.models import Case, CaseEvent, Consultation, PointRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["receipt_number", "item_name", "centre", "status", "due_at"]
    list_filter = ["status", "channel", "centre"]
    search_fields = ["receipt_number", "item_name"]
    exclude = ["id_number", "agent_id_number", "phone", "agent_phone"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]


admin.site.register(Consultation, ReadOnlyAdmin)
admin.site.register(PointRecord, ReadOnlyAdmin)
