from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centers.admin_mixins import CenterScopedAdmin, ScopedTabularInline
from centers.queries import SubqueryCount
from members.figures import continuing_education_period
from members.forms import AttendanceForm
from members.models import (
    Certificate,
    EducationEnrollment,
    Honor,
    Member,
    TrainingAttendance,
    TrainingSession,
)
from members.selectors import with_continuing_education
from members.services import attendance_record


class CertificateInline(ScopedTabularInline):
    model = Certificate
    fields = ["level", "number", "issued_on", "registration_valid_until"]


class EducationEnrollmentInline(ScopedTabularInline):
    model = EducationEnrollment
    fields = ["institution", "program", "is_social_work", "started_on", "completed_on"]


class CertifiedFilter(admin.SimpleListFilter):
    title = _("certified")
    parameter_name = "certified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_certified=self.value() == "yes")
        return queryset


class ActiveFilter(admin.SimpleListFilter):
    title = _("on the staff")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No, left"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.active().values("pk"))
        return queryset


@admin.register(Member)
class MemberAdmin(CenterScopedAdmin):
    list_display = [
        "name",
        "center",
        "position",
        "certified",
        "continuing_education",
        "joined_on",
        "left_on",
    ]
    list_select_related = ["center"]
    list_filter = [ActiveFilter, CertifiedFilter, "position", "center"]
    search_fields = ["name", "certificates__number"]
    autocomplete_fields = ["center", "user"]
    inlines = [CertificateInline, EducationEnrollmentInline]

    def get_readonly_fields(self, request, obj=None):
        # Logins are the superusers' business (see centers.admin.StaffUserAdmin).
        if request.user.is_superuser:
            return self.readonly_fields
        return [*self.readonly_fields, "user"]

    def get_queryset(self, request):
        period = continuing_education_period(timezone.localdate())
        return with_continuing_education(super().get_queryset(request).with_certified(), period)

    @admin.display(description=_("certified"), boolean=True, ordering="is_certified")
    def certified(self, obj):
        return obj.is_certified

    @admin.display(description=_("continuing education (this period)"), ordering="education_hours")
    def continuing_education(self, obj):
        if obj.required_hours is None:
            return f"{obj.education_hours:g} h"
        return f"{obj.education_hours:g} / {obj.required_hours} h"


@admin.register(Certificate)
class CertificateAdmin(CenterScopedAdmin):
    list_display = ["number", "level", "member", "issued_on", "registration_valid_until"]
    list_select_related = ["member"]
    list_filter = ["level", "member__center"]
    search_fields = ["number", "member__name"]
    autocomplete_fields = ["member"]


class TrainingAttendanceInline(ScopedTabularInline):
    model = TrainingAttendance
    autocomplete_fields = ["member"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(CenterScopedAdmin):
    list_display = ["held_on", "title", "kind", "hours", "center", "speaker", "attendee_count"]
    list_select_related = ["center"]
    list_filter = ["kind", "center"]
    search_fields = ["title", "speaker"]
    autocomplete_fields = ["center"]
    inlines = [TrainingAttendanceInline]
    actions = ["record_attendance"]
    change_form_template = "admin/members/trainingsession/change_form.html"

    def get_queryset(self, request):
        attendance = TrainingAttendance.objects.filter(session=OuterRef("pk")).values("pk")
        return super().get_queryset(request).annotate(attendee_count=SubqueryCount(attendance))

    @admin.display(description=_("attendees"), ordering="attendee_count")
    def attendee_count(self, obj):
        return obj.attendee_count

    def get_urls(self):
        return [
            path(
                "<path:object_id>/attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name="members_trainingsession_attendance",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Record attendance"), permissions=["change"])
    def record_attendance(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one training session."), level=messages.WARNING
            )
            return None
        url = reverse("admin:members_trainingsession_attendance", args=[queryset.get().pk])
        return redirect(url)

    def attendance_view(self, request, object_id):
        """Tick who attended, in one form, for the whole session."""
        session = self.get_object(request, object_id)
        if not self.has_change_permission(request, session):
            raise PermissionDenied
        form = AttendanceForm(
            request.POST if request.method == "POST" else None,
            session=session,
            initial={"members": list(session.attendees.values_list("pk", flat=True))},
        )
        if request.method == "POST" and form.is_valid():
            added, removed = attendance_record(
                session=session, members=list(form.cleaned_data["members"]), user=request.user
            )
            self.message_user(
                request,
                ngettext(
                    "Attendance saved: %(added)d added, %(removed)d removed (%(count)d attendee).",
                    "Attendance saved: %(added)d added, %(removed)d removed (%(count)d attendees).",
                    len(form.cleaned_data["members"]),
                )
                % {
                    "added": added,
                    "removed": removed,
                    "count": len(form.cleaned_data["members"]),
                },
            )
            return redirect("admin:members_trainingsession_change", session.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record attendance: %(session)s") % {"session": session},
            "opts": self.model._meta,
            "original": session,
            "form": form,
        }
        return TemplateResponse(request, "admin/members/trainingsession/attendance.html", context)


@admin.register(TrainingAttendance)
class TrainingAttendanceAdmin(CenterScopedAdmin):
    list_display = ["member", "session"]
    list_select_related = ["member", "session"]
    search_fields = ["member__name", "session__title"]
    autocomplete_fields = ["member", "session"]


@admin.register(EducationEnrollment)
class EducationEnrollmentAdmin(CenterScopedAdmin):
    list_display = ["member", "institution", "program", "started_on", "completed_on"]
    list_select_related = ["member"]
    list_filter = ["is_social_work"]
    search_fields = ["member__name", "program", "institution"]
    autocomplete_fields = ["member"]


@admin.register(Honor)
class HonorAdmin(CenterScopedAdmin):
    list_display = ["title", "year", "level", "recipient", "awarded_by"]
    list_select_related = ["organization", "center", "member"]
    list_filter = ["year", "level"]
    search_fields = ["title", "organization__name", "center__name", "member__name"]
    autocomplete_fields = ["organization", "center", "member"]

    @admin.display(description=_("awarded to"))
    def recipient(self, obj):
        return obj.recipient
