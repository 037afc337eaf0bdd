from django.apps import AppConfig


class LoadgenConfig(AppConfig):
    name = "bianmin.loadgen"
    verbose_name = "压力测试数据"
