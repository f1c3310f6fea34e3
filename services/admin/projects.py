"""Service projects in the admin: the project with its deliverables, unit-priced
outputs and expenses; a deliverable is accepted by a button (the system stamps
who and when), never by typing a date."""

from datetime import date

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from centers.admin_mixins import CenterScopedAdmin, ScopedTabularInline
from services.forms.projects import ServiceProjectForm
from services.models import ProjectDeliverable, ProjectExpense, ProjectOutput, ServiceProject
from services.selectors.projects import (
    RUNNING_PARAM,
    parse_running,
    running_between,
    with_spend,
)
from services.services.projects import deliverable_accept


def acceptance_text(deliverable: ProjectDeliverable) -> str:
    if deliverable.accepted_on is None:
        return _("not accepted yet")
    by = deliverable.accepted_by.get_username() if deliverable.accepted_by else "—"
    return _("accepted on %(date)s by %(user)s") % {
        "date": formats.date_format(deliverable.accepted_on, "SHORT_DATE_FORMAT"),
        "user": by,
    }


class DeliverableInline(ScopedTabularInline):
    """Acceptance is shown, never typed: those who may change the project get a
    button to accept each deliverable not accepted yet."""

    model = ProjectDeliverable
    readonly_fields = ["acceptance", "accept_button"]

    def get_fields(self, request, obj=None):
        last = "accept_button" if self.has_change_permission(request, obj) else "acceptance"
        return ["name", "due_on", "note", last]

    @admin.display(description=_("acceptance"))
    def acceptance(self, obj):
        return acceptance_text(obj) if obj.pk else "—"

    @admin.display(description=_("acceptance"))
    def accept_button(self, obj):
        if not obj.pk:
            return "—"
        if obj.accepted_on is not None:
            return acceptance_text(obj)
        url = reverse("admin:services_serviceproject_accept", args=[obj.project_id, obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Accept…"))


class OutputInline(ScopedTabularInline):
    model = ProjectOutput
    fields = ["item", "target_units"]
    autocomplete_fields = ["item"]


class ExpenseInline(ScopedTabularInline):
    model = ProjectExpense
    fields = ["spent_on", "amount", "description"]


class RunningFilter(admin.SimpleListFilter):
    """Projects running at some time during some days (the dashboard links here
    with its period: ?running=2026-01-01..2026-11-28)."""

    title = pgettext_lazy("projects", "running")
    parameter_name = RUNNING_PARAM

    def span(self) -> tuple[date, date] | None:
        today = timezone.localdate()
        match self.value():
            case "today":
                return today, today
            case "year":
                return today.replace(month=1, day=1), today.replace(month=12, day=31)
        return parse_running(self.value())

    def lookups(self, request, model_admin):
        choices = [("today", _("today")), ("year", _("this year"))]
        span = self.span()
        if span and self.value() not in ("today", "year"):
            start, end = span
            choices.append((self.value(), f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"))
        return choices

    def queryset(self, request, queryset):
        span = self.span()
        return running_between(queryset, *span) if span else queryset


@admin.register(ServiceProject)
class ServiceProjectAdmin(CenterScopedAdmin):
    form = ServiceProjectForm
    list_display = [
        "name",
        "level",
        "origin",
        "status",
        "center",
        "contractor",
        "budget",
        "spent",
        "starts_on",
        "ends_on",
    ]
    list_select_related = ["center", "contractor"]
    list_filter = [
        "level",
        "status",
        "origin",
        "funding",
        RunningFilter,
        "center",
        "communities",
    ]
    search_fields = ["name", "purchaser", "contractor__name"]
    autocomplete_fields = ["center", "contractor"]
    filter_horizontal = ["communities", "target_groups"]
    inlines = [DeliverableInline, OutputInline, ExpenseInline]
    change_form_template = "admin/services/serviceproject/change_form.html"
    fieldsets = [
        (None, {"fields": ["name", "center", "level", "funding", "origin", "status"]}),
        (
            _("Purchase and contract"),
            {"fields": ["purchaser", "contractor", "budget", "starts_on", "ends_on"]},
        ),
        (
            _("Whom it serves"),
            {"fields": ["communities", "target_groups", "beneficiaries_target", "description"]},
        ),
    ]

    def get_queryset(self, request):
        return with_spend(super().get_queryset(request))

    @admin.display(description=_("spent (yuan)"), ordering="spent")
    def spent(self, obj):
        return formats.number_format(obj.spent, 2)

    # --- accepting a deliverable ---

    def get_urls(self):
        return [
            path(
                "<path:object_id>/deliverables/<int:deliverable_id>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name="services_serviceproject_accept",
            ),
            *super().get_urls(),
        ]

    def accept_view(self, request, object_id, deliverable_id):
        """A confirmation page; the POST accepts the deliverable today, as the
        user asking."""
        project = self.get_object(request, object_id)
        if not self.has_change_permission(request, project):
            raise PermissionDenied
        deliverable = get_object_or_404(ProjectDeliverable, pk=deliverable_id, project=project)
        back = redirect("admin:services_serviceproject_change", project.pk)
        if request.method == "POST":
            try:
                deliverable_accept(deliverable=deliverable, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("“%(deliverable)s” is accepted.") % {"deliverable": deliverable}
                )
            return back
        if deliverable.accepted_on is not None:
            self.message_user(request, acceptance_text(deliverable), messages.WARNING)
            return back
        context = {
            **self.admin_site.each_context(request),
            "title": _("Accept “%(deliverable)s”") % {"deliverable": deliverable},
            "opts": self.model._meta,
            "original": project,
            "deliverable": deliverable,
        }
        return TemplateResponse(request, "admin/services/serviceproject/accept.html", context)
