from django.apps import AppConfig


class HallqueueConfig(AppConfig):
    # Not "queue": that would shadow Python's own queue module.
    name = "bianmin.hallqueue"
    label = "hallqueue"
    verbose_name = "排队叫号与预约"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from bianmin.hallqueue.lights import queue_lights
        from bianmin.hallqueue.models import QueueLine
        from bianmin.monitoring.sources import register_source

        # Who changed a centre's queue lines, letters and windows, and when (变更记录).
        if not auditlog.contains(QueueLine):
            auditlog.register(QueueLine, m2m_fields={"windows"})

        # Residents waiting longer than QUEUE_WAIT_LIMIT_MINUTES light up on the monitoring dashboard.
        register_source(queue_lights)
