"""Phones of residents in the admin: masked in lists and for those who only read
(street leaders); in full on the form for those who keep the record, and each
such full view is logged, without the value (PIPL; see DOMAIN.md)."""

import logging

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from centers.privacy import mask_phone

personal_data_log = logging.getLogger("sanshe.personal_data")


class MaskedPhoneAdmin:
    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    def get_fieldsets(self, request, obj=None):
        return self.with_phone_masked(request, obj, super().get_fieldsets(request, obj))

    def with_phone_masked(self, request, obj, fieldsets):
        """The fieldsets with "phone" shown masked to those who may not change it."""
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [_masked(f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "masked_phone"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None) or {}
        original = context.get("original")
        if request.method == "GET" and original and self.has_change_permission(request, original):
            personal_data_log.info(
                "%s %s shown with the full phone to %s",
                self.model._meta.label,
                original.pk,
                request.user,
            )
        return response


def _masked(field):
    return "masked_phone" if field == "phone" else field
