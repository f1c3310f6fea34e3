"""Activities in the admin: the activity with its schedule in words (and a
preview of its dates) and its occurrences (places taken, cancel, move). The
sign-ups and notices are in services/admin/signups.py."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from centers.admin_mixins import CenterScopedAdmin, DefaultChoiceFilter, ScopedTabularInline
from centers.privacy import mask_phone
from services.admin.shifts import ShiftRoleInline
from services.forms.activities import (
    ActivityAdminForm,
    OccurrenceCancelForm,
    OccurrenceForm,
    OccurrenceMoveForm,
)
from services.models import (
    Activity,
    ActivityException,
    Occurrence,
    Signup,
)
from services.models.activities import LIVE, MAX_OCCURRENCE_LENGTH
from services.recurrence import describe
from services.selectors.activities import with_places
from services.services.occurrences import (
    activity_save,
    occurrence_cancel,
    occurrence_move,
    occurrence_update,
    occurrences_materialize,
)
from volunteers.admin.base import form_action


def parts_separator() -> str:
    return pgettext("between the parts of a message", "; ")


def full_stop() -> str:
    return pgettext("at the end of a message", ".")


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def moved_up_message(promoted) -> str:
    count = len(promoted)
    return ngettext(
        "%(count)d sign-up moved up from the waiting list; tell them (see the notices).",
        "%(count)d sign-ups moved up from the waiting list; tell them (see the notices).",
        count,
    ) % {"count": count}


# --- activities -------------------------------------------------------------


class ActivityExceptionInline(ScopedTabularInline):
    model = ActivityException
    fields = ["date", "note"]


@admin.register(Activity)
class ActivityAdmin(CenterScopedAdmin):
    """Saving materialises the activity's occurrences for the window at once; the
    button "Show the next dates" previews them without saving."""

    form = ActivityAdminForm
    list_display = [
        "title",
        "center",
        "community",
        "schedule",
        "times",
        "capacity",
        "next_time",
        "is_public",
        "signup_required",
    ]
    list_select_related = ["center", "community"]
    list_filter = ["center", "community", "is_public", "signup_required", "target_groups"]
    search_fields = ["title"]
    autocomplete_fields = ["center", "organization", "team", "community", "venue"]
    inlines = [ActivityExceptionInline, ShiftRoleInline]
    change_form_template = "admin/services/activity/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "description"]}),
        (
            _("Organized by"),
            {"fields": ["center", "organization", "team", "project"]},
        ),
        (
            _("Where and for whom"),
            {"fields": ["community", "venue", "place", "target_groups", "is_public"]},
        ),
        (_("Places"), {"fields": ["signup_required", "capacity", "waitlist"]}),
        (
            _("Schedule"),
            {
                "fields": [
                    "first_date",
                    ("starts_at", "ends_at"),
                    "pattern",
                    "weekdays",
                    ("ordinal", "month_weekday"),
                    "rrule",
                    ("until", "count"),
                ],
                "description": _(
                    "Dates on which it does not take place (holidays …) go under "
                    "“dates left out” below. “Show the next dates” checks the schedule "
                    "without saving."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        soonest = (
            Occurrence.objects.upcoming()
            .filter(activity=OuterRef("pk"))
            .order_by("starts_at")
            .values("starts_at")[:1]
        )
        return super().get_queryset(request).annotate(next_starts_at=Subquery(soonest))

    @admin.display(description=_("schedule"))
    def schedule(self, obj):
        return describe(obj.rrule)

    @admin.display(description=_("time"))
    def times(self, obj):
        return f"{obj.starts_at:%H:%M}–{obj.ends_at:%H:%M}"

    @admin.display(description=_("next time"), ordering="next_starts_at")
    def next_time(self, obj):
        if obj.next_starts_at is None:
            return "—"
        return formats.date_format(timezone.localtime(obj.next_starts_at), "Y-m-d H:i")

    def save_model(self, request, obj, form, change):
        activity_save(
            activity=obj, target_groups=form.cleaned_data.get("target_groups"), by=request.user
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the dates left out are saved: they are part of the schedule.
        done = occurrences_materialize(activity=form.instance, by=request.user)
        parts = [
            ngettext("%(count)d occurrence made", "%(count)d occurrences made", done.created)
            % {"count": done.created}
        ]
        if done.deleted:
            parts.append(
                ngettext(
                    "%(count)d no longer in the schedule deleted",
                    "%(count)d no longer in the schedule deleted",
                    done.deleted,
                )
                % {"count": done.deleted}
            )
        if done.cancelled:
            parts.append(
                ngettext(
                    "%(count)d with sign-ups cancelled: tell the people signed up (see the "
                    "notices to pass on)",
                    "%(count)d with sign-ups cancelled: tell the people signed up (see the "
                    "notices to pass on)",
                    done.cancelled,
                )
                % {"count": done.cancelled}
            )
        level = messages.WARNING if done.cancelled else messages.INFO
        self.message_user(request, parts_separator().join(parts) + full_stop(), level)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["preview"] = form.preview(exceptions=self._exception_dates(context, obj))
        context["previewing"] = form.previewing
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def _exception_dates(context, obj) -> list:
        """The dates left out as the page holds them (posted, or saved)."""
        for inline in context.get("inline_admin_formsets", []):
            formset = inline.formset
            if formset.model is not ActivityException:
                continue
            if not formset.is_bound:
                return [f.instance.date for f in formset.forms if f.instance.pk]
            return [
                f.cleaned_data["date"]
                for f in formset.forms
                if f.is_valid() and f.cleaned_data.get("date") and not f.cleaned_data.get("DELETE")
            ]
        return [e.date for e in obj.exceptions.all()] if obj else []


# --- occurrences ------------------------------------------------------------


class WhenFilter(DefaultChoiceFilter):
    """Upcoming by default (soonest first); past ones newest first."""

    title = _("when")
    parameter_name = "when"
    default = "upcoming"

    def lookups(self, request, model_admin):
        return [("upcoming", _("still to come")), ("past", _("past")), ("all", _("all"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gt=now, starts_at__gt=now - MAX_OCCURRENCE_LENGTH)
        if self.value() == "past":
            return queryset.filter(ends_at__lte=now)
        return queryset


class SignupInline(ScopedTabularInline):
    """Who is signed up (read only: sign-ups are entered and cancelled on their own pages)."""

    model = Signup
    fields = ["reference", "name", "masked_phone", "people", "status", "channel", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(Occurrence)
class OccurrenceAdmin(CenterScopedAdmin):
    """Made from the activities' schedules (never added by hand). Places and the
    note may change here; cancelling and moving have their own pages, which tell
    the people signed up."""

    list_display = [
        "__str__",
        "starts_at",
        "ends_at",
        "status",
        "places",
        "waiting_list",
    ]
    list_select_related = ["activity"]
    list_filter = [WhenFilter, "status", "activity__center", "activity__community", "activity"]
    search_fields = ["activity__title"]
    fields = ["activity", "rule_date", "starts_at", "ends_at", "status", "capacity", "note"]
    readonly_fields = ["activity", "rule_date", "starts_at", "ends_at", "status"]
    form = OccurrenceForm
    inlines = [SignupInline]
    actions = ["cancel_occurrences"]
    change_form_template = "admin/services/occurrence/change_form.html"

    def get_queryset(self, request):
        return with_places(super().get_queryset(request))

    def get_ordering(self, request):
        return ["-starts_at"] if request.GET.get("when") == "past" else ["starts_at"]

    def has_add_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete") and (
            request.GET.get("model_name") == "signup"
        ):
            # Staff sign people up for what is still to come.
            queryset = queryset.upcoming()
        return queryset, duplicates

    @admin.display(description=_("places taken"), ordering="places_taken")
    def places(self, obj):
        if obj.capacity is None:
            return obj.places_taken
        return f"{obj.places_taken} / {obj.capacity}"

    @admin.display(description=_("waiting"), ordering="waiting")
    def waiting_list(self, obj):
        return obj.waiting

    def save_model(self, request, obj, form, change):
        promoted = occurrence_update(
            occurrence=obj, capacity=obj.capacity, note=obj.note, by=request.user
        )
        if promoted:
            self.message_user(request, moved_up_message(promoted), messages.WARNING)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        occurrence = self.get_object(request, object_id)
        may_change = super().has_change_permission(request, occurrence)
        extra_context = {
            **(extra_context or {}),
            "may_cancel": may_change and not occurrence.is_cancelled and not occurrence.is_past,
            "may_move": may_change and not occurrence.is_cancelled,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(
        description=_("Cancel the selected occurrences (with a note)"), permissions=["change"]
    )
    def cancel_occurrences(self, request, queryset):
        def run(data):
            notices = 0
            for occurrence in queryset:
                notices += occurrence_cancel(
                    occurrence=occurrence, note=data["note"], by=request.user
                )
            self.message_user(request, self._cancelled_message(len(queryset), notices))

        return form_action(
            self,
            request,
            queryset,
            form_class=OccurrenceCancelForm,
            title=_("Cancel the selected occurrences"),
            run=run,
        )

    @staticmethod
    def _cancelled_message(count, notices) -> str:
        return (
            ngettext(
                "%(count)d occurrence cancelled",
                "%(count)d occurrences cancelled",
                count,
            )
            % {"count": count}
            + parts_separator()
            + ngettext(
                "%(notices)d person signed up to tell (see the notices to pass on).",
                "%(notices)d people signed up to tell (see the notices to pass on).",
                notices,
            )
            % {"notices": notices}
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/cancel/",
                self.admin_site.admin_view(self.cancel_view),
                name="services_occurrence_cancel",
            ),
            path(
                "<path:object_id>/move/",
                self.admin_site.admin_view(self.move_view),
                name="services_occurrence_move",
            ),
            *super().get_urls(),
        ]

    def _changeable(self, request, object_id) -> Occurrence:
        occurrence = self.get_object(request, object_id)
        if not super().has_change_permission(request, occurrence):
            raise PermissionDenied
        return occurrence

    def _page(self, request, occurrence, form, title, template):
        live = occurrence.signups.filter(status__in=LIVE)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "original": occurrence,
            "form": form,
            "media": self.media + form.media,
            "told": live.count(),
        }
        return TemplateResponse(request, template, context)

    def cancel_view(self, request, object_id):
        occurrence = self._changeable(request, object_id)
        form = OccurrenceCancelForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                notices = occurrence_cancel(
                    occurrence=occurrence, note=form.cleaned_data["note"], by=request.user
                )
            except ValidationError as error:
                self.message_user(request, error_text(error), messages.ERROR)
            else:
                self.message_user(request, self._cancelled_message(1, notices))
            return redirect("admin:services_occurrence_change", occurrence.pk)
        title = _("Cancel %(occurrence)s") % {"occurrence": occurrence}
        return self._page(request, occurrence, form, title, "admin/services/occurrence/cancel.html")

    def move_view(self, request, object_id):
        occurrence = self._changeable(request, object_id)
        initial = {
            "starts_at": timezone.localtime(occurrence.starts_at),
            "ends_at": timezone.localtime(occurrence.ends_at),
        }
        form = OccurrenceMoveForm(
            request.POST if request.method == "POST" else None, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                notices = occurrence_move(
                    occurrence=occurrence,
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    note=data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field, errors)
                else:
                    form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Moved; %(notices)d person signed up to tell (see the notices to pass on).",
                        "Moved; %(notices)d people signed up to tell (see the notices to pass on).",
                        notices,
                    )
                    % {"notices": notices},
                )
                return redirect("admin:services_occurrence_change", occurrence.pk)
        title = _("Move %(occurrence)s") % {"occurrence": occurrence}
        return self._page(request, occurrence, form, title, "admin/services/occurrence/move.html")
