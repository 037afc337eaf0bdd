from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "bianmin.reports"
    verbose_name = "信息报送(月报)"
