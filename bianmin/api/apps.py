from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bianmin.api"
    label = "api"
    verbose_name = "接口与数据交换"
