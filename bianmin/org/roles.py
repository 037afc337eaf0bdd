"""Role groups (DESIGN §1) and keeping a user's groups in step with their staff role.

The groups carry the Django permissions the configuration back-end (/admin/) checks; what a user
may *see* is decided by scope (bianmin.core.scope), not by these permissions.
"""

from django.contrib.auth.models import Group, Permission

from bianmin.core.roles import Role

ORG_MODELS = ("region", "businessline", "centre", "window", "agencypoint", "department", "authorization", "staff")

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COUNTY_ADMIN: [f"org.{verb}_{model}" for model in ORG_MODELS for verb in ("view", "add", "change")]
    + ["org.delete_businessline", "org.delete_authorization", "auditlog.view_logentry", "auth.view_user"],
    Role.INSPECTOR: [f"org.view_{model}" for model in ORG_MODELS],
    Role.CENTRE_DIRECTOR: [f"org.view_{model}" for model in ORG_MODELS]
    + ["org.change_centre", "org.add_window", "org.change_window", "org.add_staff", "org.change_staff"]
    + ["org.change_agencypoint"],
    Role.CLERK: ["org.view_centre", "org.view_window", "org.view_agencypoint", "org.view_staff"],
    Role.AGENT: ["org.view_agencypoint", "org.view_staff"],
}


def _permissions(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = Permission.objects.filter(content_type__app_label__in={app for app, _ in wanted}).select_related(
        "content_type"
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def sync_role_groups() -> None:
    """Create or update one group per role, named with the role's Chinese label."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        group.permissions.set(_permissions(ROLE_PERMISSIONS[role]))


def sync_role_groups_after_migrate(sender, **kwargs) -> None:
    sync_role_groups()


def apply_role_to_user(user, role: str) -> None:
    """Put ``user`` in exactly the group of ``role``; only the county admin enters /admin/."""
    groups = Group.objects.filter(name__in=[r.label for r in Role])
    user.groups.remove(*groups)
    user.groups.add(Group.objects.get(name=Role(role).label))
    should_be_staff = role == Role.COUNTY_ADMIN
    if user.is_staff != should_be_staff:
        user.is_staff = should_be_staff
        user.save(update_fields=["is_staff"])
