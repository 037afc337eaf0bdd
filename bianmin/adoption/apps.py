from django.apps import AppConfig


class AdoptionConfig(AppConfig):
    name = "bianmin.adoption"
    verbose_name = "县级部署与区划调整"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from bianmin.adoption import accounts

        user_logged_in.connect(accounts.remember_flag_at_login, dispatch_uid="adoption-password-flag")
