from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from django.views.decorators.cache import never_cache
from simple_history.template_utils import HistoricalRecordContextHelper

from centers.admin import LocalizedNameAdmin
from centers.admin_mixins import CenterScopedAdmin, ScopedTabularInline
from centers.exports import export_response
from centers.privacy import mask_phone
from centers.validators import PHONE_PATTERN
from volunteers import crypto, stars
from volunteers.admin.base import BigTableAdminMixin, UserFormMixin, form_action
from volunteers.admin.roster import RosterImportMixin
from volunteers.exports import volunteers_table
from volunteers.forms import FindForm, ReasonForm, VolunteerAdminForm
from volunteers.identity import IdType, normalize
from volunteers.models import AVAILABILITY_FIELDS, Skill, TeamMembership, Volunteer
from volunteers.selectors import owed_to
from volunteers.services.personal_data import may_see_full, personal_data_reveal
from volunteers.services.registration import (
    volunteer_create,
    volunteers_approve,
    volunteers_mark_left,
    volunteers_reinstate,
    volunteers_reject,
    volunteers_suspend,
)
from volunteers.tallies import volunteers_changing

admin.site.register(Skill, LocalizedNameAdmin)


class StarFilter(admin.SimpleListFilter):
    title = _("stars")
    parameter_name = "stars"

    def lookups(self, request, model_admin):
        choices = []
        for level in range(len(stars.thresholds()) + 1):
            low, high = stars.hours_range(level)
            hours = f"{low}–{high} h" if high is not None else f"≥ {low} h"
            choices.append((str(level), f"{stars.display(level)} ({hours})"))
        return choices

    def queryset(self, request, queryset):
        levels = {str(level) for level in range(len(stars.thresholds()) + 1)}
        if self.value() in levels:
            return queryset.with_stars(int(self.value()))
        return queryset


class TeamMembershipInline(ScopedTabularInline):
    model = TeamMembership
    fields = ["team", "role", "joined_on", "left_on"]
    autocomplete_fields = ["team"]


@admin.register(Volunteer)
class VolunteerAdmin(RosterImportMixin, UserFormMixin, BigTableAdminMixin, CenterScopedAdmin):
    form = VolunteerAdminForm
    list_display = [
        "volunteer_no",
        "name",
        "gender",
        "age",
        "id_number_masked",
        "phone_masked",
        "community",
        "center",
        "status",
        "star_level",
        "confirmed_hours",
    ]
    list_select_related = ["community", "center"]
    list_filter = ["status", StarFilter, "center", "community", "skills", "gender"]
    search_fields = ["name"]  # and the volunteer number: see get_search_results
    search_help_text = _(
        "Search by the beginning of a name or volunteer number. To find someone by ID "
        "or mobile number, use “Find by ID or mobile number”."
    )
    autocomplete_fields = ["community", "center"]
    inlines = [TeamMembershipInline]
    actions = ["approve", "reject", "suspend", "reinstate", "mark_left", "export_xlsx"]
    change_form_template = "admin/volunteers/volunteer/change_form.html"

    def get_fieldsets(self, request, obj=None):
        identity = ["name", "id_type", "id_number", "gender", "birth_date", "phone"]
        fieldsets = [
            (None, {"fields": [*identity, "community", "center"]}),
            (_("Skills and availability"), {"fields": ["skills", *AVAILABILITY_FIELDS]}),
            (
                _("Guardian (volunteers aged 14 to 17)"),
                {"fields": ["guardian_name", "guardian_phone", "guardian_consent"]},
            ),
        ]
        if obj is None:
            return [*fieldsets, (_("Consent"), {"fields": ["paper_consent"]})]
        fieldsets[0][1]["fields"] = ["volunteer_no", "id_number_masked", *fieldsets[0][1]["fields"]]
        if not self.has_change_permission(request, obj):
            # Read-only: the model's fields (the form's extra inputs have no value),
            # phones masked.
            for _name, options in fieldsets:
                options["fields"] = [
                    READ_ONLY_AS.get(name, name)
                    for name in options["fields"]
                    if name not in FORM_ONLY_FIELDS
                ]
        return [
            *fieldsets,
            (
                _("Status"),
                {
                    "fields": [
                        "status",
                        "status_reason",
                        "reviewed_by",
                        "reviewed_at",
                        "registered_on",
                        "left_on",
                    ]
                },
            ),
            (_("Service"), {"fields": ["confirmed_hours", "star_level", "ledger", "subsidy_owed"]}),
            (_("Consent"), {"fields": ["consent_source", "consent_at", "consent_text"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "volunteer_no",
            "id_number_masked",
            *READ_ONLY_AS.values(),
            "status",
            "status_reason",
            "reviewed_by",
            "reviewed_at",
            "registered_on",
            "left_on",
            "confirmed_hours",
            "star_level",
            "ledger",
            "subsidy_owed",
            "consent_source",
            "consent_at",
            "consent_text",
        ]

    def get_search_results(self, request, queryset, search_term):
        # Only a name or volunteer number: a search is a GET, and web servers log
        # query strings. Whole ID and phone numbers are looked up by POST instead
        # (find_view), so that no log ever holds them.
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q(name__startswith=term) | Q(volunteer_no__startswith=term.upper())
        return queryset.filter(condition), False

    def save_model(self, request, obj, form, change):
        if change:
            with volunteers_changing([obj.pk]):
                super().save_model(request, obj, form, change)
            return
        # Staff register in person from a signed form: the record starts approved.
        obj.status = Volunteer.Status.ACTIVE
        obj.reviewed_by = request.user
        obj.reviewed_at = timezone.now()
        obj.registered_on = timezone.localdate()
        volunteer_create(volunteer=obj, user=request.user)

    def delete_model(self, request, obj):
        with volunteers_changing([obj.pk]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with volunteers_changing(queryset.values_list("pk", flat=True)):
            super().delete_queryset(request, queryset)

    @admin.display(description=_("age"))
    def age(self, obj):
        return obj.age

    @admin.display(description=_("phone"))
    def phone_masked(self, obj):
        return obj.phone_masked

    @admin.display(description=_("guardian's phone"))
    def guardian_phone_masked(self, obj):
        return obj.guardian_phone_masked

    @admin.display(description=_("stars"), ordering="confirmed_hours")
    def star_level(self, obj):
        return stars.display(obj.stars)

    @admin.display(description=_("hours ledger"))
    def ledger(self, obj):
        url = reverse("admin:volunteers_servicehours_changelist")
        return format_html(
            '<a href="{}?volunteer__id__exact={}">{}</a>', url, obj.pk, _("Show the entries")
        )

    @admin.display(description=_("subsidy owed (yuan)"))
    def subsidy_owed(self, obj):
        return f"{owed_to(obj):.2f}"

    # --- Personal data in full --------------------------------------------

    def get_urls(self):
        return [
            path(
                "find/",
                self.admin_site.admin_view(never_cache(self.find_view)),
                name="volunteers_volunteer_find",
            ),
            path(
                "<path:object_id>/personal-data/",
                self.admin_site.admin_view(never_cache(self.personal_data_view)),
                name="volunteers_volunteer_personal_data",
            ),
            *super().get_urls(),
        ]

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedHistoryContextHelper(self.model, historical_record)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_see_full"] = may_see_full(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def find_view(self, request):
        """Find a volunteer by a whole ID or mobile number, sent by POST (never in a URL)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = FindForm(request.POST if request.method == "POST" else None)
        found = []
        if form.is_valid():
            term = form.cleaned_data["number"]
            number = normalize(term)
            condition = Q(id_number_digest__in=[crypto.digest(t, number) for t in IdType.values])
            if PHONE_PATTERN.match(term):
                condition |= Q(phone=term)
            found = list(
                self.get_queryset(request).filter(condition).select_related("center")[:FIND_MAX]
            )
            if len(found) == 1:
                return redirect("admin:volunteers_volunteer_change", found[0].pk)
            if not found:
                form.add_error("number", _("None of your centers' volunteers has this number."))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Find by ID or mobile number"),
            "opts": self.model._meta,
            "form": form,
            "found": found,
        }
        return TemplateResponse(request, "admin/volunteers/volunteer/find.html", context)

    def personal_data_view(self, request, object_id):
        """The ID number and phones in full, for a user with the permission; logged."""
        volunteer = self.get_object(request, object_id)
        if not (self.has_view_permission(request, volunteer) and may_see_full(request.user)):
            raise PermissionDenied
        shown = personal_data_reveal(volunteer=volunteer, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Personal data of %(volunteer)s") % {"volunteer": volunteer},
            "opts": self.model._meta,
            "original": volunteer,
            "shown": [(label, shown[field]) for field, label in FIELD_LABELS if field in shown],
        }
        response = TemplateResponse(
            request, "admin/volunteers/volunteer/personal_data.html", context
        )
        response["Cache-Control"] = "no-store"
        return response

    # --- Status actions -----------------------------------------------------

    def _report(self, request, done: int, total: int, message) -> None:
        self.message_user(request, message % {"count": done})
        if total > done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d volunteer was skipped: the action does not apply to its status.",
                    "%(count)d volunteers were skipped: the action does not apply to their status.",
                    total - done,
                )
                % {"count": total - done},
                level=messages.WARNING,
            )

    def _move(self, request, queryset, action, service, **fields):
        total = queryset.count()
        done = service(volunteers=queryset, user=request.user, **fields)
        self._report(request, done, total, DONE[action])

    @admin.action(description=_("Approve the selected applications"), permissions=["change"])
    def approve(self, request, queryset):
        self._move(request, queryset, "approve", volunteers_approve)

    @admin.action(description=_("Reject the selected applications…"), permissions=["change"])
    def reject(self, request, queryset):
        return self._with_reason(request, queryset, "reject", volunteers_reject)

    @admin.action(description=_("Suspend the selected volunteers…"), permissions=["change"])
    def suspend(self, request, queryset):
        return self._with_reason(request, queryset, "suspend", volunteers_suspend)

    def _with_reason(self, request, queryset, action, service):
        def run(data):
            self._move(request, queryset, action, service, reason=data["reason"])

        title = {"reject": _("Reject the applications"), "suspend": _("Suspend the volunteers")}
        return form_action(
            self, request, queryset, form_class=ReasonForm, title=title[action], run=run
        )

    @admin.action(description=_("Reinstate the selected volunteers"), permissions=["change"])
    def reinstate(self, request, queryset):
        self._move(request, queryset, "reinstate", volunteers_reinstate)

    @admin.action(description=_("Mark the selected volunteers as left"), permissions=["change"])
    def mark_left(self, request, queryset):
        self._move(request, queryset, "mark_left", volunteers_mark_left)

    @admin.action(description=_("Export the selected volunteers (.xlsx)"))
    def export_xlsx(self, request, queryset):
        table = volunteers_table(queryset, user=request.user)
        name = f"{_('volunteers')}_{timezone.localdate():%Y%m%d}"
        return export_response(table, filename=name, file_format="xlsx")


FIND_MAX = 20
FORM_ONLY_FIELDS = {"id_number", "guardian_consent", "paper_consent"}
READ_ONLY_AS = {"phone": "phone_masked", "guardian_phone": "guardian_phone_masked"}


class MaskedHistoryContextHelper(HistoricalRecordContextHelper):
    """The history page's "changes" column shows phones masked (ID numbers are
    not in the history at all; their masked form is)."""

    masks = {"phone": mask_phone, "guardian_phone": mask_phone}

    def prepare_delta_change_value(self, change, value):
        if change.field in self.masks:
            return self.masks[change.field](value or "")
        return super().prepare_delta_change_value(change, value)


DONE = {
    "approve": ngettext_lazy(
        "%(count)d application approved.", "%(count)d applications approved.", "count"
    ),
    "reject": ngettext_lazy(
        "%(count)d application rejected.", "%(count)d applications rejected.", "count"
    ),
    "suspend": ngettext_lazy(
        "%(count)d volunteer suspended.", "%(count)d volunteers suspended.", "count"
    ),
    "reinstate": ngettext_lazy(
        "%(count)d volunteer reinstated.", "%(count)d volunteers reinstated.", "count"
    ),
    "mark_left": ngettext_lazy(
        "%(count)d volunteer marked as left.", "%(count)d volunteers marked as left.", "count"
    ),
}
FIELD_LABELS = [
    ("id_number", _("ID number")),
    ("phone", _("phone")),
    ("guardian_phone", _("guardian's phone")),
]
