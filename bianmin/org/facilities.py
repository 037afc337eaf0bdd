"""The facilities checklists of the plan, as data: one row per item, with the clause it comes from.

Each ``code`` is also the name of a boolean field on ``Centre`` or ``AgencyPoint``; the standards
check and the pages both read these tables, so an item is added in one place.
"""

from typing import NamedTuple


class ChecklistItem(NamedTuple):
    code: str
    label: str
    clause: str


# 四(一)2(1)-(3) hardware of a township centre; 附件 "服务设施到位" scores the same items.
CENTRE_FACILITIES: tuple[ChecklistItem, ...] = (
    ChecklistItem("has_name_plate", "中心标识牌(正面显著位置)", "四(一)2(1)"),
    ChecklistItem("has_window_signs", "各窗口对应吊牌", "四(一)2(1)"),
    ChecklistItem("has_post_board", "岗位公示牌(姓名、职务、岗位、照片、电话)", "四(一)2(1)"),
    ChecklistItem("has_open_counters", "前台后室、敞开式柜台办公", "四(一)2(2)"),
    ChecklistItem("has_video_monitoring", "全省联网视频监控全覆盖", "四(一)2(2)"),
    ChecklistItem("has_office_furniture", "办公桌、座椅、文件柜", "四(一)2(3)"),
    ChecklistItem("has_pc_per_window", "每个窗口至少1台电脑", "四(一)2(3)"),
    ChecklistItem("has_printer_copier", "打印机、复印机", "四(一)2(3)"),
    ChecklistItem("has_writing_desk", "便民写字台和书写工具", "四(一)2(3)"),
    ChecklistItem("has_public_seating", "休息座椅", "四(一)2(3)"),
    ChecklistItem("has_drinking_water", "饮水机", "附件 服务场所固定"),
    ChecklistItem("has_power_sockets", "便民电源插座", "四(一)2(3)"),
    ChecklistItem("has_display_screen", "电子显示屏", "四(一)2(3)"),
    ChecklistItem("has_touch_kiosk", "触摸查询机", "四(一)2(3)"),
    ChecklistItem("has_notice_board", "中心公示栏(服务承诺、中心职责、窗口职责、中心人员)", "四(一)2(3)"),
    ChecklistItem("has_complaint_box", "举报投诉箱", "四(一)2(3)"),
    ChecklistItem("has_complaint_phone", "投诉电话并专人记录", "四(一)2(3)"),
    ChecklistItem("has_guides_at_windows", "各窗口放置办事指南", "四(一)2(3)"),
    ChecklistItem("has_staff_badges", "工作人员佩戴工作牌上岗", "附件 服务标识清楚"),
)

# 四(二)2 the agency point's "两牌三栏" and basic equipment.
AGENCY_POINT_FACILITIES: tuple[ChecklistItem, ...] = (
    ChecklistItem("has_name_plate", "代办点标识(正面醒目位置)", "四(二)2"),
    ChecklistItem("has_open_office", "敞开式办公", "四(二)2"),
    ChecklistItem("has_office_equipment", "电脑、打印机、复印机", "四(二)2"),
    ChecklistItem("has_window_sign", "窗口服务牌", "四(二)2 两牌"),
    ChecklistItem("has_staff_badges", "工作人员胸牌", "四(二)2 两牌"),
    ChecklistItem("has_info_board", "信息公开栏", "四(二)2 三栏"),
    ChecklistItem("has_duty_board", "工作人员职责栏", "四(二)2 三栏"),
    ChecklistItem("has_whereabouts_board", "工作人员去向栏", "四(二)2 三栏"),
    ChecklistItem("has_written_guides", "书面办事指南供群众查阅", "四(二)3"),
)
