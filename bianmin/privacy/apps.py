from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """个人信息保护: retention (anonymising closed records past their keeping period) and the audit
    of who looked at full ID numbers (《个人信息保护法》第19条、第51条、第54条)."""

    name = "bianmin.privacy"
    verbose_name = "个人信息保护"
    default_auto_field = "django.db.models.BigAutoField"
