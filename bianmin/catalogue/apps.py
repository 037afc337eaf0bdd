from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "bianmin.catalogue"
    verbose_name = "事项目录与办事指南"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from bianmin.catalogue import models

        if not auditlog.contains(models.ServiceItem):
            auditlog.register(models.ServiceItem)
            auditlog.register(models.GuideVersion)
            auditlog.register(models.Material)
            auditlog.register(models.CentreItem)
