from django.apps import AppConfig


class HallqueueConfig(AppConfig):
    # Not "queue": that would shadow Python's own queue module.
    name = "bianmin.hallqueue"
    label = "hallqueue"
    verbose_name = "排队叫号与预约"

    def ready(self) -> None:
        from bianmin.hallqueue.lights import queue_lights
        from bianmin.monitoring.sources import register_source

        # Residents waiting longer than QUEUE_WAIT_LIMIT_MINUTES light up on the monitoring dashboard.
        register_source(queue_lights)
