"""Sign-ups in the admin: those staff take by phone (by the same rules as online
ones) and the notices to pass on by phone."""

import logging

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from centers.admin_mixins import CenterScopedAdmin, DefaultChoiceFilter
from centers.privacy import mask_phone
from services.admin.activities import error_text, moved_up_message
from services.admin.privacy import MaskedPhoneAdmin
from services.forms.activities import (
    SignupChangeForm,
    StaffSignupForm,
)
from services.models import (
    Signup,
    SignupChannel,
    SignupNotice,
    SignupStatus,
)
from services.services.signups import notices_pass_on, signup_create, signups_cancel

personal_data_log = logging.getLogger("sanshe.personal_data")


# --- sign-ups ---------------------------------------------------------------


@admin.register(Signup)
class SignupAdmin(MaskedPhoneAdmin, CenterScopedAdmin):
    """Staff enter sign-ups taken by phone, by the same rules as online ones
    (places, waiting list, one per phone number)."""

    list_display = [
        "reference",
        "occurrence",
        "name",
        "masked_phone",
        "people",
        "status",
        "channel",
        "created_at",
    ]
    list_select_related = ["occurrence", "occurrence__activity"]
    list_filter = [
        "status",
        "channel",
        "occurrence__activity__center",
        "occurrence__activity__community",
        "occurrence__activity",
        "occurrence__starts_at",
    ]
    # No phone: a search is a GET, and phones stay out of URLs (access logs).
    search_fields = ["=reference", "name", "occurrence__activity__title"]
    autocomplete_fields = ["occurrence"]
    actions = ["cancel_signups"]
    RECORD = ["reference", "status", "channel", "created_at", "changed_at", "consented_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = StaffSignupForm if obj is None else SignupChangeForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["occurrence", "name", "phone", "people", "consent"]})]
        fieldsets = [
            (None, {"fields": ["occurrence", "name", "phone", "people"]}),
            (_("Record"), {"fields": self.RECORD}),
        ]
        return self.with_phone_masked(request, obj, fieldsets)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The number of people changes by cancelling and signing up again (places).
        return [*super().get_readonly_fields(request, obj), "occurrence", "people", *self.RECORD]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == SignupStatus.CANCELLED:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        obj.channel = SignupChannel.STAFF
        signup_create(signup=obj, consented=form.cleaned_data["consent"], by=request.user)
        if obj.status == SignupStatus.WAITLISTED:
            self.message_user(
                request,
                _("It is full: %(reference)s is on the waiting list.")
                % {"reference": obj.reference},
                messages.WARNING,
            )

    @admin.action(
        description=_("Cancel the selected sign-ups (the waiting list moves up)"),
        permissions=["change"],
    )
    def cancel_signups(self, request, queryset):
        try:
            count, promoted = signups_cancel(signups=list(queryset), by=request.user)
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext("%(count)d sign-up cancelled.", "%(count)d sign-ups cancelled.", count)
            % {"count": count},
        )
        if promoted:
            self.message_user(request, moved_up_message(promoted), messages.WARNING)


# --- notices ----------------------------------------------------------------


class PassedOnFilter(DefaultChoiceFilter):
    """The notices still to pass on by default."""

    title = _("passed on")
    parameter_name = "passed_on"
    default = "no"

    def lookups(self, request, model_admin):
        return [("no", _("not yet")), ("yes", _("passed on")), ("all", _("all"))]

    def queryset(self, request, queryset):
        if self.value() in ("no", "yes"):
            return queryset.filter(passed_on_at__isnull=self.value() == "no")
        return queryset


@admin.register(SignupNotice)
class SignupNoticeAdmin(CenterScopedAdmin):
    """Notices to pass on by phone: a cancelled or moved occurrence, or a place
    from the waiting list. Call, then mark them as passed on."""

    list_display = [
        "created_at",
        "kind",
        "reference",
        "person",
        "masked_phone",
        "occurrence",
        "old_starts_at",
        "new_starts_at",
        "note",
        "passed_on_at",
    ]
    list_select_related = [
        "signup",
        "signup__occurrence",
        "signup__occurrence__activity",
        "passed_on_by",
    ]
    list_filter = [PassedOnFilter, "kind", "signup__occurrence__activity__center"]
    search_fields = ["=signup__reference", "signup__name"]
    actions = ["mark_passed_on"]
    DETAILS = [
        "kind",
        "reference",
        "person",
        "occurrence",
        "old_starts_at",
        "new_starts_at",
        "note",
        "created_at",
        "passed_on_at",
        "passed_on_by",
    ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": _("Notices to pass on by phone")}
        return super().changelist_view(request, extra_context)

    def get_ordering(self, request):
        # The soonest occurrence first: those are the calls to make first.
        return ["signup__occurrence__starts_at", "created_at"]

    def _shows_full_phone(self, request, obj) -> bool:
        return obj is not None and self.has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        phone = "full_phone" if self._shows_full_phone(request, obj) else "masked_phone"
        return [*self.DETAILS[:3], phone, *self.DETAILS[3:]]

    def get_readonly_fields(self, request, obj=None):
        return [*self.DETAILS, "full_phone", "masked_phone"]

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = (getattr(response, "context_data", None) or {}).get("original")
        if request.method == "GET" and self._shows_full_phone(request, original):
            personal_data_log.info(
                "%s %s shown with the full phone to %s",
                self.model._meta.label,
                original.pk,
                request.user,
            )
        return response

    @admin.display(description=_("reference"), ordering="signup__reference")
    def reference(self, obj):
        url = reverse("admin:services_signup_change", args=[obj.signup_id])
        return format_html('<a href="{}">{}</a>', url, obj.signup.reference)

    @admin.display(description=pgettext_lazy("person", "name"), ordering="signup__name")
    def person(self, obj):
        return obj.signup.name

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.signup.phone)

    @admin.display(description=_("phone"))
    def full_phone(self, obj):
        return obj.signup.phone

    @admin.display(description=_("occurrence"), ordering="signup__occurrence__starts_at")
    def occurrence(self, obj):
        return obj.signup.occurrence

    @admin.action(description=_("Mark as passed on"), permissions=["change"])
    def mark_passed_on(self, request, queryset):
        count = notices_pass_on(notices=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d notice marked as passed on.",
                "%(count)d notices marked as passed on.",
                count,
            )
            % {"count": count},
        )
