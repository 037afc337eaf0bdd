from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "bianmin.org"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from bianmin.org import audit, roles

        audit.register_models()
        # Role groups are configuration, not demo data: they exist after every migrate.
        post_migrate.connect(roles.sync_role_groups_after_migrate, sender=self)
