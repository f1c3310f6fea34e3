from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CentersConfig(AppConfig):
    name = "centers"
    verbose_name = _("Centers and organizations")

    def ready(self):
        from centers import roles

        # Keep each role's permissions equal to what the apps' roles.py declare,
        # after every migrate (new models bring new permissions).
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="sanshe-sync-roles")
