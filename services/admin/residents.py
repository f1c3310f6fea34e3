"""Residents and home visits in the admin: the residents' records (phones
masked in lists, deletion on request), the list of those due for a visit, the
visits with their follow-ups, and the list of target groups."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext
from simple_history.admin import SimpleHistoryAdmin

from centers.admin_mixins import CenterScopedAdmin
from centers.privacy import mask_phone
from centers.scoping import visible_centers
from members.models import Member
from services.admin.privacy import MaskedPhoneAdmin, personal_data_log
from services.forms.care import HomeVisitForm, ResidentForm
from services.models import Case, HomeVisit, Resident, TargetGroup
from services.selectors.residents import due_visits_page
from services.services import residents as resident_services
from services.services.visits import (
    home_visit_save,
    home_visits_delete,
    home_visits_follow_up_done,
)
from volunteers.admin.volunteers import MaskedHistoryContextHelper


def separator() -> str:
    return pgettext("between the items of a list", ", ")


# --- Target groups ----------------------------------------------------------


@admin.register(TargetGroup)
class TargetGroupAdmin(SimpleHistoryAdmin):
    """An editable list, not tied to a center: only its permissions apply
    (directors keep it). The codes the app relies on stay as they are."""

    list_display = ["name", "name_en", "parent", "code", "order"]
    list_select_related = ["parent"]
    list_editable = ["order"]
    search_fields = ["name", "name_en", "code"]
    fields = ["name", "name_en", "code", "parent", "order"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = TargetGroup.objects.filter(parent=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Residents --------------------------------------------------------------


class DueForVisitFilter(admin.SimpleListFilter):
    title = _("home visits")
    parameter_name = "visits"

    def lookups(self, request, model_admin):
        return [("due", _("due for a visit"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.due_for_a_visit()
        return queryset


@admin.register(Resident)
class ResidentAdmin(MaskedPhoneAdmin, CenterScopedAdmin):
    form = ResidentForm
    list_display = [
        "name",
        "age",
        "masked_phone",
        "community",
        "groups",
        "last_visited_on",
        "center",
    ]
    list_select_related = ["community", "center"]
    list_filter = [DueForVisitFilter, "target_groups", "community", "center"]
    search_fields = ["name", "address"]
    search_help_text = _("Search by name or address.")
    autocomplete_fields = ["community"]
    change_list_template = "admin/services/resident/change_list.html"
    change_form_template = "admin/services/resident/change_form.html"
    fieldsets = [
        (
            None,
            {"fields": ["name", "gender", "birth_year", "phone", "community", "address", "center"]},
        ),
        (_("Target groups"), {"fields": ["target_groups"]}),
        (_("Consent"), {"fields": ["consent_at", "consent_by"]}),
        (None, {"fields": ["notes", "last_visited_on"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target_groups")

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "last_visited_on"]
        if obj is not None:
            # The record stays with its center (its cases and figures are that center's).
            fields.append("center")
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        centers = list(visible_centers(request.user)[:2])
        if len(centers) == 1:
            initial.setdefault("center", centers[0].pk)
        return initial

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedHistoryContextHelper(self.model, historical_record)

    @admin.display(description=_("age"), ordering="-birth_year")
    def age(self, obj):
        return obj.age_in(timezone.localdate().year)

    @admin.display(description=_("target groups"))
    def groups(self, obj):
        return separator().join(str(group) for group in obj.target_groups.all())

    # --- writes go through the services ---

    def save_model(self, request, obj, form, change):
        resident_services.resident_save(
            resident=obj, target_groups=form.cleaned_data.get("target_groups"), by=request.user
        )

    def save_related(self, request, form, formsets, change):
        # The groups were saved with the resident (and the person-times moved).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_deleted_objects(self, objs, request):
        """What a deletion takes along: the residents' home visits. Cases stop it."""
        residents = list(objs)
        visits = {}
        for visit in HomeVisit.objects.filter(resident__in=residents).order_by("visited_on"):
            visits.setdefault(visit.resident_id, []).append(
                f"{capfirst(HomeVisit._meta.verbose_name)}: {visit.visited_on:%Y-%m-%d}"
            )
        deleted = []
        for resident in residents:
            deleted.append(f"{capfirst(Resident._meta.verbose_name)}: {resident}")
            if resident.pk in visits:
                deleted.append(visits[resident.pk])
        counts = {
            Resident._meta.verbose_name_plural: len(residents),
            HomeVisit._meta.verbose_name_plural: sum(len(v) for v in visits.values()),
        }
        perms_needed = set()
        if visits and not request.user.has_perm("services.delete_homevisit"):
            perms_needed.add(HomeVisit._meta.verbose_name)
        protected = [
            refusal
            for resident in residents
            if (refusal := resident_services.deletion_refusal(resident))
        ]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        resident_services.resident_delete(resident=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for resident in queryset:
            resident_services.resident_delete(resident=resident, by=request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        original = self.get_object(request, object_id)
        if request.method == "GET" and self.has_change_permission(request, original):
            personal_data_log.info(
                "%s %s shown with the full phone (a past version) to %s",
                self.model._meta.label,
                original.pk,
                request.user,
            )
        return response

    # --- the change page: visits and (visible) cases ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        resident = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "recent_visits": list(resident.visits.order_by("-visited_on", "-pk")[:5]),
            "visits_url": reverse("admin:services_homevisit_changelist")
            + f"?resident__id__exact={resident.pk}",
            "record_visit_url": reverse("admin:services_homevisit_add") + f"?resident={resident.pk}"
            if request.user.has_perm("services.add_homevisit")
            else None,
            "cases": list(Case.objects.visible_to(request.user).filter(resident=resident)),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- residents due for a visit ---

    def get_urls(self):
        return [
            path(
                "due/",
                self.admin_site.admin_view(self.due_view),
                name="services_resident_due",
            ),
            *super().get_urls(),
        ]

    def due_view(self, request):
        """Residents living alone not visited for RESIDENT_VISIT_INTERVAL_DAYS,
        never visited first, each with a link to record a visit."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        page, rows = due_visits_page(
            self.get_queryset(request).prefetch_related(None), page=request.GET.get("p", 1)
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Residents due for a home visit"),
            "opts": self.model._meta,
            "page": page,
            "rows": [(row, mask_phone(row.resident.phone)) for row in rows],
            "may_record": request.user.has_perm("services.add_homevisit"),
            "interval": settings.RESIDENT_VISIT_INTERVAL_DAYS,
        }
        return TemplateResponse(request, "admin/services/resident/due.html", context)


# --- Home visits ------------------------------------------------------------


class FollowUpFilter(admin.SimpleListFilter):
    title = _("follow-up")
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("open", _("to do")),
            ("done", _("done")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        pending = queryset.filter(follow_up_needed=True, followed_up_on=None)
        match self.value():
            case "overdue":
                return pending.filter(follow_up_by__lt=today)
            case "open":
                return pending
            case "done":
                return queryset.exclude(followed_up_on=None)
        return queryset


@admin.register(HomeVisit)
class HomeVisitAdmin(CenterScopedAdmin):
    form = HomeVisitForm
    list_display = [
        "visited_on",
        "resident",
        "community",
        "mode",
        "visitors",
        "follow_up",
        "follow_up_by",
        "followed_up_on",
    ]
    list_select_related = ["resident", "resident__community"]
    list_filter = [FollowUpFilter, "mode", "visited_on", "resident__center", "resident__community"]
    search_fields = ["resident__name"]
    search_help_text = _("Search by the resident's name.")
    autocomplete_fields = ["resident", "members", "volunteers"]
    actions = ["mark_followed_up"]
    fieldsets = [
        (None, {"fields": ["resident", "visited_on", "mode", "members", "volunteers"]}),
        (None, {"fields": ["findings"]}),
        (_("Follow-up"), {"fields": ["follow_up_needed", "follow_up_by", "followed_up_on"]}),
        (None, {"fields": ["recorded_by"]}),
    ]
    readonly_fields = ["recorded_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members", "volunteers")

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets[:3] if obj is None else self.fieldsets

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        member = Member.objects.filter(user=request.user).only("pk").first()
        if member is not None:
            initial.setdefault("members", [member.pk])
        return initial

    @admin.display(description=_("community"), ordering="resident__community__name")
    def community(self, obj):
        return obj.resident.community

    @admin.display(description=_("who visited"))
    def visitors(self, obj):
        people = [*obj.members.all(), *obj.volunteers.all()]
        return separator().join(person.name for person in people)

    @admin.display(description=_("follow-up"))
    def follow_up(self, obj):
        if not obj.follow_up_needed:
            return "—"
        if obj.followed_up_on:
            return _("done")
        if obj.follow_up_by and obj.follow_up_by < timezone.localdate():
            return format_html('<strong style="color:#b00020">⚠ {}</strong>', _("overdue"))
        return _("to do")

    def save_model(self, request, obj, form, change):
        home_visit_save(
            visit=obj,
            members=form.cleaned_data["members"],
            volunteers=form.cleaned_data["volunteers"],
            by=request.user,
        )

    def save_related(self, request, form, formsets, change):
        # Who visited was saved with the visit.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        home_visits_delete(visits=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        home_visits_delete(visits=list(queryset), by=request.user)

    @admin.action(description=_("Mark the follow-up done today"), permissions=["change"])
    def mark_followed_up(self, request, queryset):
        done = home_visits_follow_up_done(visits=list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext(
                "The follow-up of %(count)d visit was marked done.",
                "The follow-ups of %(count)d visits were marked done.",
                done,
            )
            % {"count": done},
        )
