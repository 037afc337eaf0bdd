"""Read-only admin views of the queue: lines are set up on the queue's own pages (services), tickets
and bookings change only through the kiosk, the windows and the portal."""

from django.contrib import admin

from bianmin.hallqueue.models import Appointment, QueueLine, Ticket, TicketEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QueueLine)
class QueueLineAdmin(ReadOnlyAdmin):
    list_display = ["centre", "prefix", "name", "daily_limit", "slot_capacity", "is_active"]
    list_select_related = ["centre"]
    list_filter = ["centre", "is_active"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["day", "number", "centre", "priority", "status", "window", "wait_seconds", "handle_seconds"]
    list_select_related = ["centre", "window"]
    list_filter = ["status", "priority", "source", "centre"]
    date_hierarchy = "day"


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "action", "window", "actor", "at"]
    list_select_related = ["ticket", "window", "actor"]
    list_filter = ["action"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["day", "slot_start", "centre", "line", "code", "status"]
    list_select_related = ["centre", "line"]
    list_filter = ["status", "centre"]
    exclude = ["name", "phone"]  # personal data: not needed to look at the bookings
