from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "bianmin.reports"
    verbose_name = "信息报送(月报)"

    def ready(self) -> None:
        from bianmin.monitoring.sources import register_source
        from bianmin.reports.lights import report_lights

        # Unsubmitted monthly reports light up on the electronic monitoring dashboard (五(一)).
        register_source(report_lights)
