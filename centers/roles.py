"""The staff roles and what each may do.

Roles are auth groups (created by migration `0002_roles`). Each app says in its
own `roles.py` which permissions a role gets there, as `PERMISSIONS`, a dict of
role → "app_label.codename" strings; `sync_role_permissions` gathers them after
every migrate so a group always holds exactly what the code declares.
What a role may *see* is scoped separately, by center (see `scoping.py`).
"""

from importlib import import_module

from django.apps import apps as global_apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # The value is the group's name, which the admin shows to superusers.
    STAFF = "中心工作人员", _("center staff")
    DIRECTOR = "中心主任", _("center director")
    LEADER = "街道领导", _("street leader")


def model_permissions(app_label: str, actions: str, *model_names: str) -> list[str]:
    """model_permissions("centers", "view change", "venue") → ["centers.view_venue", …]."""
    return [
        f"{app_label}.{action}_{model_name}"
        for model_name in model_names
        for action in actions.split()
    ]


def declared_permissions() -> dict[str, set[str]]:
    """Each role's permissions, as declared by the installed apps' roles.py."""
    declared = {role.value: set() for role in Role}
    for app_config in global_apps.get_app_configs():
        try:
            module = import_module(f"{app_config.name}.roles")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.roles":
                raise
            continue
        for role, codenames in getattr(module, "PERMISSIONS", {}).items():
            declared[Role(role).value].update(codenames)
    return declared


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Give each role's group exactly its declared permissions (post_migrate)."""
    Group = global_apps.get_model("auth", "Group")
    Permission = global_apps.get_model("auth", "Permission")
    for role, codenames in declared_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = models.Q(pk__in=[])
        for codename in codenames:
            app_label, code = codename.split(".")
            wanted |= models.Q(content_type__app_label=app_label, codename=code)
        permissions = list(
            Permission.objects.using(using).filter(wanted).select_related("content_type")
        )
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        missing = codenames - found
        # During migrate, later apps' permissions do not exist yet; called
        # directly (as a test does), every declared permission must exist.
        if missing and sender is None:
            raise LookupError(f"Unknown permissions for {role}: {sorted(missing)}")
        group.permissions.set(permissions)


# What the centers app lets each role do. Places and centers are reference
# data kept by superusers; staff keep the organizations and rooms of their centers.
_KEPT_BY_STAFF = (
    "socialorganization",
    "residency",
    "followupvisit",
    "partnerunit",
    "partnerservice",
    "venue",
    "venueopeninghours",
)
_REFERENCE = ("district", "street", "community", "center", "incubationstage", "servicefield")

PERMISSIONS = {
    Role.STAFF: model_permissions("centers", "view", *_REFERENCE)
    + model_permissions("centers", "view add change delete", *_KEPT_BY_STAFF),
    Role.DIRECTOR: model_permissions("centers", "view", *_REFERENCE)
    + model_permissions("centers", "change", "center")
    + model_permissions("centers", "view add change delete", *_KEPT_BY_STAFF),
    Role.LEADER: model_permissions("centers", "view", *_REFERENCE, *_KEPT_BY_STAFF),
}
