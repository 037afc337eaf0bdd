"""A hall for the queue tests: centre A with three windows and two lines, centre B with one.

Centre A: window 1 民政 (clerk A), window 2 劳动保障 (a second clerk), window 3 综合窗口 (a third
clerk) which calls both lines; line A 民政 (windows 1 and 3), line B 劳动保障 (windows 2 and 3).
Centre B: window 1 民政 (clerk B), line A 民政.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bianmin.core.roles import Role
from bianmin.hallqueue.models import QueueLine
from bianmin.org.models import BusinessLine, Staff, Window, WindowKind
from bianmin.org.tests.factories import WindowFactory, staff_with_login

CHINA = ZoneInfo("Asia/Shanghai")
# A Tuesday in a fully configured year (chinesecalendar knows 2026).
DAY = (2026, 3, 10)


def at(hour: int, minute: int = 0, second: int = 0, day: tuple[int, int, int] = DAY) -> datetime:
    return datetime(*day, hour, minute, second, tzinfo=CHINA)


@dataclass
class Hall:
    window_1: Window
    window_2: Window
    window_3: Window
    window_b: Window
    line_a: QueueLine
    line_b: QueueLine
    line_in_b: QueueLine
    clerk_2: Staff
    clerk_3: Staff


def build_hall(county) -> Hall:
    labour = BusinessLine.objects.get(name="劳动保障")
    window_2 = WindowFactory(centre=county.centre_a, number=2, name="劳动保障窗口", business_line=labour)
    window_3 = WindowFactory(
        centre=county.centre_a, number=3, name="综合窗口", kind=WindowKind.COMPREHENSIVE, business_line=None
    )
    clerk_2 = staff_with_login("clerk_a2", Role.CLERK, centre=county.centre_a, post="劳动保障窗口")
    clerk_3 = staff_with_login("clerk_a3", Role.CLERK, centre=county.centre_a, post="综合窗口")
    window_2.staff.add(clerk_2)
    window_3.staff.add(clerk_3)
    civil = BusinessLine.objects.get(name="民政")
    line_a = QueueLine.objects.create(centre=county.centre_a, name="民政", prefix="A", business_line=civil)
    line_a.windows.set([county.window_a, window_3])
    line_b = QueueLine.objects.create(centre=county.centre_a, name="劳动保障", prefix="B", business_line=labour)
    line_b.windows.set([window_2, window_3])
    line_in_b = QueueLine.objects.create(centre=county.centre_b, name="民政", prefix="A", business_line=civil)
    line_in_b.windows.set([county.window_b])
    return Hall(county.window_a, window_2, window_3, county.window_b, line_a, line_b, line_in_b, clerk_2, clerk_3)
