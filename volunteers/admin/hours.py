from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centers.admin_mixins import CenterScopedAdmin
from centers.exports import export_response
from volunteers.admin.base import BigTableAdminMixin, UserFormMixin, form_action
from volunteers.exports import hours_table
from volunteers.forms import BulkHoursForm, ReasonForm, ServiceHoursForm, add_errors
from volunteers.models import ServiceHours
from volunteers.services.hours import (
    hours_confirm,
    hours_delete,
    hours_record_bulk,
    hours_reject,
    hours_save,
)


class PeriodFilter(admin.SimpleListFilter):
    """Instead of a date hierarchy (which scans the whole table for its links)."""

    title = _("date served")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [
            ("7d", _("Last 7 days")),
            ("month", _("This month")),
            ("last_month", _("Last month")),
            ("90d", _("Last 90 days")),
            ("year", _("This year")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        first = today.replace(day=1)
        ranges = {
            "7d": (today - timedelta(days=6), today),
            "month": (first, today),
            "last_month": ((first - timedelta(days=1)).replace(day=1), first - timedelta(days=1)),
            "90d": (today - timedelta(days=89), today),
            "year": (today.replace(month=1, day=1), today),
        }
        if self.value() in ranges:
            return queryset.filter(served_on__range=ranges[self.value()])
        return queryset


# What staff enter (read-only once the entry is confirmed or rejected), and the
# record of who did what.
DECIDED_READONLY = ["volunteer", "served_on", "hours", "content", "activity"]
ALWAYS_READONLY = [
    "center",
    "status",
    "rejection_reason",
    "recorded_by",
    "recorded_at",
    "confirmed_by",
    "confirmed_at",
]


@admin.register(ServiceHours)
class ServiceHoursAdmin(UserFormMixin, BigTableAdminMixin, CenterScopedAdmin):
    form = ServiceHoursForm
    list_display = ["served_on", "volunteer", "hours", "content", "activity", "status", "center"]
    list_select_related = ["volunteer", "center"]
    list_filter = ["status", PeriodFilter, "center"]
    search_fields = ["activity"]
    search_help_text = _(
        "Search by the beginning of a volunteer number, a volunteer's name or an activity."
    )
    autocomplete_fields = ["volunteer"]
    actions = ["confirm", "reject", "export_xlsx"]
    change_list_template = "admin/volunteers/servicehours/change_list.html"
    fieldsets = [(None, {"fields": DECIDED_READONLY}), (_("Record"), {"fields": ALWAYS_READONLY})]

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets[:1] if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.status != ServiceHours.Status.RECORDED:
            return DECIDED_READONLY + ALWAYS_READONLY
        return ALWAYS_READONLY

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = (
            Q(volunteer__volunteer_no__startswith=term.upper())
            | Q(volunteer__name__startswith=term)
            | Q(activity__startswith=term)
        )
        return queryset.filter(condition), False

    def save_model(self, request, obj, form, change):
        if obj.status == ServiceHours.Status.RECORDED:  # decided entries are read-only
            hours_save(entry=obj, user=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = self.get_object(request, object_id)
        if entry.status != ServiceHours.Status.RECORDED:
            extra_context = {
                **(extra_context or {}),
                "show_save": False,
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj):
        hours_delete(entries=ServiceHours.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        hours_delete(entries=queryset)

    def has_confirm_permission(self, request):
        return request.user.has_perm("volunteers.confirm_servicehours")

    @admin.action(description=_("Confirm the selected hours"), permissions=["confirm"])
    def confirm(self, request, queryset):
        done = hours_confirm(entries=queryset, user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d entry confirmed.", "%(count)d entries confirmed.", done)
            % {"count": done},
        )

    @admin.action(description=_("Reject the selected hours…"), permissions=["confirm"])
    def reject(self, request, queryset):
        def run(data):
            done = hours_reject(entries=queryset, reason=data["reason"], user=request.user)
            self.message_user(
                request,
                ngettext("%(count)d entry rejected.", "%(count)d entries rejected.", done)
                % {"count": done},
            )

        return form_action(
            self, request, queryset, form_class=ReasonForm, title=_("Reject the hours"), run=run
        )

    @admin.action(description=_("Export the selected hours (.xlsx)"))
    def export_xlsx(self, request, queryset):
        table = hours_table(queryset, user=request.user)
        name = f"{_('service hours')}_{timezone.localdate():%Y%m%d}"
        return export_response(table, filename=name, file_format="xlsx")

    # --- One activity's hours for many volunteers -------------------------

    def get_urls(self):
        return [
            path(
                "bulk/",
                self.admin_site.admin_view(self.bulk_view),
                name="volunteers_servicehours_bulk",
            ),
            *super().get_urls(),
        ]

    def bulk_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulkHoursForm(
            request.POST if request.method == "POST" else None,
            user=request.user,
            admin_site=self.admin_site,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                entries = hours_record_bulk(
                    volunteers=data["chosen"],
                    served_on=data["served_on"],
                    hours=data["hours"],
                    content=data["content"],
                    activity=data["activity"],
                    user=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d entry recorded; it waits to be confirmed.",
                        "%(count)d entries recorded; they wait to be confirmed.",
                        len(entries),
                    )
                    % {"count": len(entries)},
                )
                return redirect("admin:volunteers_servicehours_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record one activity's hours for many volunteers"),
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/volunteers/servicehours/bulk.html", context)
