from auditlog.apps import AuditlogConfig as BaseAuditlogConfig
from django.apps import AppConfig


class CoreConfig(AppConfig):
    default = True
    name = "bianmin.core"
    verbose_name = "公共"


class AuditlogConfig(BaseAuditlogConfig):
    """django-auditlog with a Chinese name in the configuration back-end."""

    default = False
    verbose_name = "变更日志"
