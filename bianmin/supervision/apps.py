from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "bianmin.supervision"
    verbose_name = "监督(好差评、投诉举报、整改)"

    def ready(self) -> None:
        from bianmin.supervision.services import recompute_open_rectifications
        from bianmin.workcalendar.services import register_recomputer

        register_recomputer(recompute_open_rectifications)
