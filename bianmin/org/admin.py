"""Configuration back-end (/admin/) for the county admin, in Chinese. Saves go through model
validation (``clean``) like the pages; the audit log records every change."""

from django.contrib import admin

from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES
from bianmin.org.models import (
    AgencyPoint,
    Authorization,
    BusinessLine,
    Centre,
    Department,
    Region,
    Staff,
    Window,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(BusinessLine)
class BusinessLineAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_mandatory", "sort_order"]
    list_editable = ["sort_order"]


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0
    fields = ["number", "name", "kind", "business_line", "is_active"]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "township", "hall_area", "hall_class_label", "service_phone", "is_active"]
    search_fields = ["name", "township__name"]
    autocomplete_fields = ["township", "director", "deputy"]
    inlines = [WindowInline]
    fieldsets = [
        (None, {"fields": ["township", "name", "address", "opening_hours", "service_phone", "complaint_phone"]}),
        ("大厅与人员", {"fields": ["hall_area", "director", "deputy", "is_active"]}),
        ("公示内容", {"fields": ["commitments", "duties"]}),
        ("硬件设施(四(一)2)", {"fields": [item.code for item in CENTRE_FACILITIES]}),
    ]

    @admin.display(description="大厅类型")
    def hall_class_label(self, obj: Centre) -> str:
        return obj.hall_class.label


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre", "kind", "business_line", "is_active"]
    list_filter = ["kind", "business_line", "centre"]
    filter_horizontal = ["staff"]


@admin.register(AgencyPoint)
class AgencyPointAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "area", "receiving_windows", "issuing_windows", "is_active"]
    list_filter = ["centre", "is_active"]
    search_fields = ["name", "village__name"]
    autocomplete_fields = ["village", "head"]
    fieldsets = [
        (None, {"fields": ["village", "centre", "name", "address", "phone", "head", "is_active"]}),
        ("场地与窗口(四(二)1-2)", {"fields": ["area", "receiving_windows", "issuing_windows"]}),
        ("两牌三栏", {"fields": [item.code for item in AGENCY_POINT_FACILITIES]}),
    ]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "township", "is_active"]
    list_filter = ["township"]
    search_fields = ["name"]


@admin.register(Authorization)
class AuthorizationAdmin(admin.ModelAdmin):
    list_display = ["department", "centre", "document_number", "signed_on", "revoked_on"]
    list_filter = ["centre"]
    filter_horizontal = ["windows"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "workplace", "post", "position", "is_active"]
    list_filter = ["role", "is_active", "centre"]
    search_fields = ["name", "post"]
    autocomplete_fields = ["user", "centre", "agency_point"]

    def save_model(self, request, obj, form, change):
        from bianmin.org.services import staff_save

        staff_save(staff=obj, changes={})
