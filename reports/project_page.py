"""A service project's report page (/dashboard/projects/<id>/): what it is, its
activities and the people and volunteer hours they served, its unit-priced
outputs against their targets, its money against the budget, its deliverables.
The page's tables and their exports come from here."""

from django.contrib import admin
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from centers.exports import Table
from reports.figures import Breakdown, Figure, admin_list
from services.models import Activity
from services.selectors.projects import ProjectReport
from volunteers.models.hours import format_hours


def admin_change(obj) -> str:
    """The admin page of a record ("" while its model has no admin)."""
    if not admin.site.is_registered(type(obj)):
        return ""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _date(day) -> str:
    return formats.date_format(day, "Y-m-d") if day else "—"


def _or_dash(value):
    return "—" if value is None else value


def project_figures(report: ProjectReport) -> list[Figure]:
    project = report.project
    return [
        Figure(
            _("activities held"),
            report.occurrences_held,
            admin_list(Activity, project__id__exact=project.pk),
            note=ngettext(
                "sessions, of %(count)s activity",
                "sessions, of %(count)s activities",
                len(report.activities),
            )
            % {"count": len(report.activities)},
        ),
        Figure(
            _("person-times served"),
            report.people_served,
            note=_("people to reach: %(target)s") % {"target": project.beneficiaries_target}
            if project.beneficiaries_target
            else "",
        ),
        Figure(_("volunteer hours"), format_hours(report.volunteer_hours), note=_("confirmed")),
        Figure(_("budget"), f"{project.budget:,.2f}", unit=_(" yuan")),
        Figure(
            _("spent"),
            f"{report.spent:,.2f}",
            unit=_(" yuan"),
            note=_("%(percent)s%% of the budget") % {"percent": report.spent_percent}
            if report.spent_percent is not None
            else "",
        ),
        Figure(pgettext("budget", "left"), f"{report.left:,.2f}", unit=_(" yuan")),
    ]


def project_tables(report: ProjectReport) -> list[Breakdown]:
    """The page's tables; the last item of each row is its link (or "")."""
    return [
        Breakdown(
            key="activities",
            title=_("Activities"),
            columns=[
                _("activity"),
                _("community"),
                _("sessions held"),
                _("person-times served"),
                _("confirmed volunteer hours"),
            ],
            rows=[
                (
                    activity.title,
                    activity.community.name,
                    activity.held,
                    activity.people,
                    format_hours(activity.volunteer_hours),
                    admin_change(activity),
                )
                for activity in report.activities
            ],
        ),
        Breakdown(
            key="outputs",
            title=_("Unit-priced outputs"),
            columns=[
                _("output"),
                _("subsidy per unit (yuan)"),
                _("units to deliver"),
                _("units delivered"),
                _("delivered (%)"),
                _("spent (yuan)"),
            ],
            rows=[
                (
                    row.output.item.name,
                    row.output.item.unit_price,
                    _or_dash(row.target),
                    row.units,
                    _or_dash(row.percent),
                    row.cost,
                    admin_change(row.output.item),
                )
                for row in report.outputs
            ],
        ),
        Breakdown(
            key="expenses",
            title=_("Expenses"),
            columns=[_("date"), _("what for"), _("amount (yuan)")],
            rows=[
                (_date(expense.spent_on), expense.description, expense.amount, "")
                for expense in report.expenses
            ],
        ),
        Breakdown(
            key="deliverables",
            title=_("Deliverables"),
            columns=[_("deliverable"), _("due on"), _("accepted on"), _("accepted by"), _("note")],
            rows=[
                (
                    deliverable.name,
                    _date(deliverable.due_on),
                    _date(deliverable.accepted_on),
                    deliverable.accepted_by.get_username() if deliverable.accepted_by else "—",
                    deliverable.note,
                    "",
                )
                for deliverable in report.deliverables
            ],
        ),
    ]


def project_table(report: ProjectReport, key: str) -> Table | None:
    """One of the page's tables as an export, or None."""
    found = next((table for table in project_tables(report) if table.key == key), None)
    if found is None:
        return None
    return Table(
        title=f"{report.project.name} · {found.title}",
        header_lines=[
            _("Project: %(project)s") % {"project": report.project.name},
            _("Keeping center: %(center)s") % {"center": report.project.center.name},
        ],
        columns=[str(column) for column in found.columns],
        rows=[row[:-1] for row in found.rows],
    )
