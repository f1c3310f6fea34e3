from django.contrib import admin
from django.core.exceptions import PermissionDenied

from centers.admin_mixins import CenterScopedAdmin
from volunteers.admin.base import BigTableAdminMixin
from volunteers.models import PersonalDataAccessLog


@admin.register(PersonalDataAccessLog)
class PersonalDataAccessLogAdmin(BigTableAdminMixin, CenterScopedAdmin):
    """Read-only for everyone: the log is written by the views that reveal data."""

    list_display = ["at", "username", "volunteer_no", "field", "purpose"]
    list_filter = ["field", "purpose"]
    search_fields = ["=username", "=volunteer_no"]
    fields = ["at", "username", "volunteer_no", "field", "purpose"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        # Staff may not read the log at all: 403 for every record, whether or not
        # it is of their centers (CenterScopedAdmin would answer 404 first).
        if not self.has_view_permission(request):
            raise PermissionDenied
        return super().get_object(request, object_id, from_field)

    def history_view(self, request, object_id, extra_context=None):
        # The log keeps no history of its own (it is never changed): Django's
        # plain log of admin actions, for the records the user may see.
        self.get_object(request, object_id)
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
