"""The admin's one scoping mechanism: every ModelAdmin and inline of Sanshe uses
these, so staff see, choose, filter and act on their own centers' records only.

- the changelist, actions, autocomplete and object URLs read `get_queryset`,
  narrowed by the model's `visible_to(user)`;
- foreign-key and many-to-many choices and list filters are narrowed the same way;
- an object outside the user's centers answers 404 on its change, delete and
  history pages, never a redirect that confirms it exists; a model the user
  may not see at all answers 403 for any object.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from centers.scoping import visible_users


def scoped_queryset(model, user):
    """The rows of `model` this user may pick, or None when the model is not scoped."""
    if model._meta.label == settings.AUTH_USER_MODEL:
        return visible_users(user)
    manager = model._default_manager
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user)
    return None


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter on a relation that offers only the rows the user may see."""

    def field_choices(self, field, request, model_admin):
        queryset = scoped_queryset(field.related_model, request.user)
        if queryset is None:
            return super().field_choices(field, request, model_admin)
        return [(obj.pk, str(obj)) for obj in queryset]


class DefaultChoiceFilter(admin.SimpleListFilter):
    """A list filter that starts on `default` (e.g. "still to come") and offers
    "all" as one of its own lookups instead of the admin's "All" entry."""

    default = ""

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class ScopedChoicesMixin:
    """Narrows relation choices in forms (shared by model admins and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = scoped_queryset(db_field.related_model, request.user)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = scoped_queryset(db_field.related_model, request.user)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CenterScopedAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    """Base of every Sanshe ModelAdmin: scoped, audited (history with who changed
    what), and paginated without counting huge tables."""

    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_list_filter(self, request):
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        if isinstance(entry, str):
            field = get_fields_from_path(self.model, entry)[-1]
            if field.is_relation:
                return (entry, ScopedRelatedFilter)
        return entry

    def get_object(self, request, object_id, from_field=None):
        # Without any permission on the model (e.g. street leaders and residents'
        # records) the answer is 403 for every id, before a lookup whose miss
        # would answer 404.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedTabularInline(ScopedChoicesMixin, admin.TabularInline):
    extra = 0


class ScopedStackedInline(ScopedChoicesMixin, admin.StackedInline):
    extra = 0
