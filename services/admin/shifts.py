"""Volunteer shifts in the admin: the roles an activity needs filled (inline on
the activity's page, and a list of their own), the shifts (read-mostly), and two
pages per occurrence: "staff the shifts" and the attendance sheet."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from centers.admin_mixins import CenterScopedAdmin, ScopedTabularInline
from centers.privacy import mask_phone
from services.forms.attendance import AttendanceForm, WalkInFormSet, walk_ins
from services.forms.shifts import StaffingForm
from services.models import Occurrence, ShiftAssignment, ShiftRole, SignupStatus
from services.selectors.shifts import attendance_sheet, occurrence_staffing
from services.services.attendance import attendance_save
from services.services.shifts import shifts_assign, shifts_release
from volunteers.forms import add_errors


def separator() -> str:
    return pgettext("between the items of a list", ", ")


ROLE_FIELDS = ["name", "slots", "starts_at", "ends_at", "team", "skill"]


class ShiftRoleInline(ScopedTabularInline):
    """The roles on the activity's page (for ActivityAdmin's `inlines`)."""

    model = ShiftRole
    fields = ROLE_FIELDS
    autocomplete_fields = ["team", "skill"]


@admin.register(ShiftRole)
class ShiftRoleAdmin(CenterScopedAdmin):
    list_display = ["name", "activity", "slots", "starts_at", "ends_at", "team", "skill"]
    list_select_related = ["activity", "team", "team__parent", "skill"]
    list_filter = ["activity__center"]
    search_fields = ["name", "activity__title"]
    autocomplete_fields = ["activity", "team", "skill"]
    fields = ["activity", *ROLE_FIELDS]


def _period(start, end) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    if start.date() == end.date():
        return f"{formats.date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"
    short = "SHORT_DATETIME_FORMAT"
    return f"{formats.date_format(start, short)} – {formats.date_format(end, short)}"


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("from today on")), ("past", _("past"))]

    def queryset(self, request, queryset):
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gte=today)
        if self.value() == "past":
            return queryset.filter(ends_at__lt=today)
        return queryset


@admin.register(ShiftAssignment)
class ShiftAssignmentAdmin(CenterScopedAdmin):
    """Read-mostly: shifts are filled on "staff the shifts" and marked on the
    attendance sheet, both per occurrence. Phones are masked."""

    list_display = [
        "planned",
        "activity",
        "role_name",
        "volunteer",
        "masked_phone",
        "status",
        "served",
        "hours",
        "pages",
    ]
    list_select_related = ["occurrence__activity", "role", "volunteer", "hours_entry"]
    list_filter = ["status", WhenFilter]
    search_fields = ["occurrence__activity__title"]
    search_help_text = _(
        "Search by the beginning of a volunteer number, a volunteer's name or an activity."
    )
    ordering = ["-starts_at", "role", "pk"]
    fields = [
        "occurrence",
        "role",
        "volunteer",
        "masked_phone",
        "planned",
        "status",
        "served",
        "hours_entry",
        "assigned_by",
    ]
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return (
            queryset.filter(
                Q(volunteer__volunteer_no__startswith=term.upper())
                | Q(volunteer__name__startswith=term)
                | Q(occurrence__activity__title__startswith=term)
            ),
            False,
        )

    def has_add_permission(self, request):
        return False  # on the staffing page of an occurrence

    @admin.display(description=_("planned"), ordering="starts_at")
    def planned(self, obj):
        return _period(obj.starts_at, obj.ends_at)

    @admin.display(description=_("activity"), ordering="occurrence__activity__title")
    def activity(self, obj):
        return obj.occurrence.activity.title

    @admin.display(description=pgettext_lazy("volunteer shift", "role"), ordering="role__name")
    def role_name(self, obj):
        return obj.role.name

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.volunteer.phone)

    @admin.display(description=_("actually served"))
    def served(self, obj):
        if obj.served_from and obj.served_until:
            return _period(obj.served_from, obj.served_until)
        return "—"

    @admin.display(description=_("hours entry"))
    def hours(self, obj):
        entry = obj.hours_entry
        if entry is None:
            return "—"
        return f"{formats.number_format(entry.hours.normalize())} h · {entry.get_status_display()}"

    @admin.display(description=_("occurrence"))
    def pages(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:services_occurrence_staffing", args=[obj.occurrence_id]),
            _("staff the shifts"),
            reverse("admin:services_occurrence_attendance", args=[obj.occurrence_id]),
            _("attendance sheet"),
        )

    # --- the two pages of an occurrence -----------------------------------

    def get_urls(self):
        return [
            path(
                "occurrence/<int:occurrence_id>/staffing/",
                self.admin_site.admin_view(self.staffing_view),
                name="services_occurrence_staffing",
            ),
            path(
                "occurrence/<int:occurrence_id>/attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name="services_occurrence_attendance",
            ),
            *super().get_urls(),
        ]

    def _occurrence(self, request, occurrence_id) -> Occurrence:
        """The occurrence if the user may see it, else 404."""
        occurrence = (
            Occurrence.objects.visible_to(request.user)
            .select_related("activity", "activity__center")
            .filter(pk=occurrence_id)
            .first()
        )
        if occurrence is None:
            raise Http404
        return occurrence

    def _context(self, request, occurrence, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "occurrence": occurrence,
            "shifts_url": reverse("admin:services_shiftassignment_changelist")
            + f"?occurrence__id__exact={occurrence.pk}",
            "staffing_url": reverse("admin:services_occurrence_staffing", args=[occurrence.pk]),
            "attendance_url": reverse("admin:services_occurrence_attendance", args=[occurrence.pk]),
        }

    def staffing_view(self, request, occurrence_id):
        """Per role: slots filled and needed, and candidates to tick (all or none)."""
        occurrence = self._occurrence(request, occurrence_id)
        if not self.has_view_permission(request):
            raise PermissionDenied
        may_change = self.has_change_permission(request)
        if request.method == "POST" and not may_change:
            raise PermissionDenied
        search = request.GET.get("q", "")
        staffing = occurrence_staffing(occurrence=occurrence, search=search)
        form = StaffingForm(
            request.POST if request.method == "POST" else None,
            occurrence=occurrence,
            staffing=staffing,
            user=request.user,
        )
        if request.method == "POST" and form.is_valid():
            try:
                done = self._staff(request, occurrence, form)
            except ValidationError as error:
                add_errors(form, error)
            else:
                self.message_user(request, done)
                return redirect(request.path)
        for row in staffing:
            row.errors = form.errors.get(row.field_name, [])
            ticked = form.ticked(row)
            for candidate in row.candidates:
                candidate.ticked = candidate.volunteer.pk in ticked
        context = {
            **self._context(
                request,
                occurrence,
                _("Staff the shifts: %(occurrence)s") % {"occurrence": occurrence},
            ),
            "staffing": staffing,
            "form": form,
            "search": search,
            "may_change": may_change and not occurrence.is_cancelled,
        }
        return TemplateResponse(request, "admin/services/occurrence/staffing.html", context)

    @transaction.atomic
    def _staff(self, request, occurrence, form) -> str:
        """Take off and assign in one go: all of it, or nothing."""
        released = form.cleaned_data.get("release") or []
        count_released = 0
        if released:
            count_released = shifts_release(
                occurrence=occurrence, shifts=list(released), by=request.user
            )
        assigned = shifts_assign(occurrence=occurrence, picks=form.picks(), by=request.user)
        return " ".join(
            text
            for text in (
                ngettext(
                    "%(count)d volunteer assigned.", "%(count)d volunteers assigned.", len(assigned)
                )
                % {"count": len(assigned)}
                if assigned
                else "",
                ngettext(
                    "%(count)d volunteer taken off their shift.",
                    "%(count)d volunteers taken off their shifts.",
                    count_released,
                )
                % {"count": count_released}
                if count_released
                else "",
            )
            if text
        )

    def attendance_view(self, request, occurrence_id):
        """Who came, who walked in, which volunteers served from when to when."""
        occurrence = self._occurrence(request, occurrence_id)
        user = request.user
        if not self.has_view_permission(request):
            raise PermissionDenied
        may_save = self.has_change_permission(request) and user.has_perm("services.change_signup")
        if request.method == "POST" and not may_save:
            raise PermissionDenied
        sheet = attendance_sheet(occurrence=occurrence)
        with_signups = user.has_perm("services.view_signup")
        read_only = not (may_save and sheet.is_open)
        post = request.POST if request.method == "POST" else None
        form = AttendanceForm(post, sheet=sheet, with_signups=with_signups, read_only=read_only)
        walk_in_forms = WalkInFormSet(post, prefix="walkin")
        if post is not None and not sheet.is_open:
            form.add_error(None, _("The attendance sheet opens once the occurrence has started."))
        elif post is not None and form.is_valid() and walk_in_forms.is_valid():
            try:
                saved = attendance_save(
                    occurrence=occurrence,
                    signups=form.signup_marks(),
                    walk_ins=walk_ins(walk_in_forms),
                    shifts=form.shift_marks(),
                    by=user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                self._report(request, saved)
                return redirect(request.path)
        context = {
            **self._context(
                request,
                occurrence,
                _("Attendance sheet: %(occurrence)s") % {"occurrence": occurrence},
            ),
            "sheet": sheet,
            "form": form,
            "walk_in_forms": walk_in_forms,
            "with_signups": with_signups,
            "may_save": may_save and sheet.is_open,
            "attended": sheet.counted(SignupStatus.ATTENDED),
            "no_show": sheet.counted(SignupStatus.NO_SHOW),
            "unmarked": sheet.counted(SignupStatus.CONFIRMED),
        }
        return TemplateResponse(request, "admin/services/occurrence/attendance.html", context)

    def _report(self, request, saved):
        self.message_user(
            request,
            ngettext(
                "Attendance saved: %(signups)d sign-up came (%(people)d people).",
                "Attendance saved: %(signups)d sign-ups came (%(people)d people).",
                saved.attended,
            )
            % {"signups": saved.attended, "people": saved.people}
            + " "
            + ngettext(
                "Hours drafted for %(count)d volunteer; a director confirms them.",
                "Hours drafted for %(count)d volunteers; a director confirms them.",
                len(saved.hours_drafted),
            )
            % {"count": len(saved.hours_drafted)},
        )
        if saved.left_alone:
            self.message_user(
                request,
                _("Hours already confirmed or rejected were left as they are: %(volunteers)s.")
                % {"volunteers": separator().join(str(s.volunteer) for s in saved.left_alone)},
                messages.WARNING,
            )
