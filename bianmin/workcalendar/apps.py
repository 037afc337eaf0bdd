from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "bianmin.workcalendar"
    verbose_name = "工作日历"
