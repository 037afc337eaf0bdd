"""Navigation by role, for the base layout."""

from bianmin.core.roles import Role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from bianmin.org.selectors import scope_for

    scope = scope_for(user)
    items = [("home", "工作台", "speedometer2")]
    if scope.is_centre or scope.is_agency_point:
        items.append(("cases:queue", "我的待办", "inbox"))
    if not scope.sees_nothing:
        items.append(("cases:list", "办件", "folder2-open"))
        items.append(("cases:consultation_list", "咨询登记", "chat-left-text"))
    if scope.is_agency_point:
        items.append(("cases:point_record_list", "帮扶调解", "people-fill"))
    if not scope.sees_nothing:
        items.append(("cases:ledger", "台账", "journal-text"))
    if scope.is_countywide or scope.is_centre:
        items.append(("supervision:rectification_list", "好差评与投诉", "hand-thumbs-up"))
    if scope.is_centre or scope.is_county_admin:
        items.append(("hall:notice_list", "显示屏", "display"))
    if scope.is_countywide or scope.is_centre:
        items += [
            ("org:centre_list", "便民服务中心", "building"),
            ("org:window_list", "窗口", "window-stack"),
        ]
    if not scope.sees_nothing:
        items += [("org:point_list", "代办点", "house-door"), ("org:staff_list", "工作人员", "people")]
        items.append(("catalogue:item_list", "事项目录", "journal-bookmark"))
    if scope.role == Role.COUNTY_ADMIN:
        items.append(("workcalendar:current", "工作日历", "calendar3"))
        items.append(("org:audit_log", "变更记录", "journal-text"))
    return {"nav_items": items, "user_scope": scope, "user_role_label": Role(scope.role).label if scope.role else ""}
