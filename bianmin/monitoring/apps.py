from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "bianmin.monitoring"
    verbose_name = "电子监察(红黄灯)"
