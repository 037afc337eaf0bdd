from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "bianmin.supervision"
    verbose_name = "监督(好差评、投诉举报、整改)"

    def ready(self) -> None:
        from bianmin.supervision.services import recompute_open_rectifications
        from bianmin.supervision.services_complaints import recompute_open_complaints
        from bianmin.workcalendar.services import register_recomputer

        # Open rectifications' and complaints' deadlines follow the county's calendar changes.
        register_recomputer(recompute_open_rectifications)
        register_recomputer(recompute_open_complaints)
