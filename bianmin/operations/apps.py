from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "bianmin.operations"
    verbose_name = "日常管理(考勤、请销假、运行日志、巡查、人员报备)"
