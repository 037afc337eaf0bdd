from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "bianmin.cases"
    verbose_name = "办件"

    def ready(self) -> None:
        from bianmin.cases.services import recompute_open_cases
        from bianmin.workcalendar.services import register_recomputer

        register_recomputer(recompute_open_cases)
