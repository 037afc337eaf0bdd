from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "bianmin.guide"
    verbose_name = "使用帮助"
