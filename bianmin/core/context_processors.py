"""Navigation by role, for the base layout: a few top entries, the rest grouped in menus so the bar
fits a 1366-pixel screen whatever the role."""

from django.urls import reverse

from bianmin.core.roles import Role


def _menu(label: str, icon: str, children: list[tuple[str, str, str]]) -> tuple:
    """A drop-down entry; a menu with one child is shown as that child."""
    if len(children) == 1:
        return (*children[0], [])
    return ("", label, icon, children)


def _link(url_name: str, label: str, icon: str, path: str) -> dict:
    href = reverse(url_name)
    return {"href": href, "label": label, "icon": icon, "active": href == path}


def _resolved(items: list[tuple], path: str) -> list[dict]:
    """The entries with their addresses and the current page marked, in Python: the bar is on every
    page, and ``{% url %}`` twice per menu entry in the template cost more than the rest of it."""
    out = []
    for url_name, label, icon, children in items:
        if children:
            links = [_link(*child, path) for child in children]
            out.append({"label": label, "icon": icon, "children": links, "active": any(c["active"] for c in links)})
        else:
            out.append(_link(url_name, label, icon, path))
    return out


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from bianmin.org.selectors import scope_for

    scope = scope_for(user)
    sees = not scope.sees_nothing
    items: list[tuple] = [("home", "工作台", "speedometer2", [])]
    if scope.is_centre or scope.is_agency_point:
        items.append(("cases:queue", "我的待办", "inbox", []))
    if scope.is_centre:
        items.append(("hallqueue:overview", "排队叫号", "megaphone", []))
    if sees:
        cases = [("cases:list", "办件", "folder2-open"), ("cases:consultation_list", "咨询登记", "chat-left-text")]
        if scope.is_agency_point:
            cases.append(("cases:point_record_list", "帮扶调解", "people-fill"))
        cases.append(("cases:ledger", "台账", "journal-text"))
        items.append(_menu("办件", "folder2-open", cases))
        items.append(("operations:home", "日常管理", "calendar-check", []))
    supervision = []
    if scope.is_countywide or scope.role == Role.CENTRE_DIRECTOR:
        supervision.append(("monitoring:dashboard", "电子监察", "stoplights"))
    if scope.is_countywide:
        supervision.append(("hallqueue:overview", "排队叫号", "megaphone"))
    if scope.is_countywide or scope.is_centre:
        supervision += [
            ("supervision:rectification_list", "好差评与投诉", "hand-thumbs-up"),
            ("supervision:inspection_list", "督查检查", "clipboard-check"),
            ("reports:index", "信息报送", "send-check"),
        ]
    if scope.is_countywide or scope.role == Role.CENTRE_DIRECTOR:
        supervision += [("assessment:index", "年度考核", "award"), ("assessment:rubric_list", "考核细则", "list-check")]
    if scope.is_countywide or scope.is_centre:
        supervision.append(("assessment:progress", "标准化建设", "bar-chart-steps"))
    if scope.is_countywide or scope.role == Role.CENTRE_DIRECTOR:
        supervision.append(("privacy:reveal_log", "个人信息查看记录", "eye"))
    if supervision:
        items.append(_menu("监督考核", "shield-check", supervision))
    org = []
    if scope.is_countywide or scope.is_centre:
        org += [("org:centre_list", "便民服务中心", "building"), ("org:window_list", "窗口", "window-stack")]
    if sees:
        org += [("org:point_list", "代办点", "house-door"), ("org:staff_list", "工作人员", "people")]
    if scope.is_centre or scope.is_county_admin:
        org.append(("hall:notice_list", "显示屏", "display"))
    if org:
        items.append(_menu("机构与人员", "diagram-3", org))
    if sees:
        items.append(("catalogue:item_list", "事项目录", "journal-bookmark", []))
    if scope.role == Role.COUNTY_ADMIN:
        items.append(
            _menu(
                "系统设置",
                "sliders",
                [("workcalendar:current", "工作日历", "calendar3"), ("org:audit_log", "变更记录", "journal-text")],
            )
        )
    if scope.role == Role.COUNTY_ADMIN:
        settings_menu = items[-1][3] if items[-1][1] == "系统设置" else None
        if settings_menu is not None:
            settings_menu += [
                ("adoption:wizard", "本县设置", "gear-wide-connected"),
                ("adoption:redistricting", "区划调整", "signpost-split"),
            ]
    from bianmin.guide.context import guide_context

    return {
        "nav_items": _resolved(items, request.path),
        "user_scope": scope,
        "user_role_label": Role(scope.role).label if scope.role else "",
    } | guide_context(scope)
