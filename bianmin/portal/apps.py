from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "bianmin.portal"
    verbose_name = "公众服务(门户、触摸查询机、电子显示屏)"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from bianmin.portal.models import DisplayNotice

        if not auditlog.contains(DisplayNotice):
            auditlog.register(DisplayNotice)
