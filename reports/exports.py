"""Every table of the dashboard as an export. The rows come from the same
selectors as the page; one writer (centers.exports) makes CSV or XLSX.

Export keys: "comparison" (communities compared), "<section>.<breakdown>" for a
section's small tables, and the lists in LISTS (which can be long). A project's
page exports its own tables (reports/project_page.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from centers.exports import Table
from reports.comparison import comparison
from reports.sections import SECTIONS
from services.selectors.projects import projects_for_export


@dataclass(frozen=True)
class TableExport:
    count: Callable  # (scope, period) -> number of rows
    table: Callable  # (scope, period) -> Table; its rows may be a generator


def header_lines(scope, period) -> list[str]:
    return [
        _("Scope: %(scope)s") % {"scope": scope.label},
        _("Period: %(period)s") % {"period": period.label},
    ]


def _comparison_table(scope, period) -> Table:
    columns, rows = comparison(scope, period)
    return Table(
        title=_("Communities compared"),
        header_lines=header_lines(scope, period),
        columns=[_("community"), *[str(column.label) for column in columns]],
        rows=[[community.name, *values.values()] for community, values in rows],
    )


def _breakdown_export(section_key: str, breakdown_key: str) -> TableExport | None:
    build = SECTIONS.get(section_key)
    if build is None:
        return None

    def breakdown(scope, period):
        section = build(scope, period)
        return next((b for b in section.breakdowns if b.key == breakdown_key), None)

    def table(scope, period):
        found = breakdown(scope, period)
        return Table(
            title=str(found.title),
            header_lines=header_lines(scope, period),
            columns=[str(column) for column in found.columns],
            rows=[row[:-1] for row in found.rows],  # the last item of a row is its link
        )

    def count(scope, period):
        found = breakdown(scope, period)
        return None if found is None else len(found.rows)

    return TableExport(count, table)


def _projects(scope, period):
    return projects_for_export(
        center_ids=scope.center_ids,
        community_id=scope.community.pk if scope.community else None,
        start=period.start,
        end=period.end,
    )


def _projects_table(scope, period) -> Table:
    def day(value):
        return value.isoformat() if value else ""

    return Table(
        title=_("Service projects"),
        header_lines=header_lines(scope, period),
        columns=[
            _("name"),
            _("keeping center"),
            _("level"),
            _("funding"),
            _("origin"),
            _("status"),
            _("purchaser"),
            _("contractor"),
            _("budget (yuan)"),
            _("starts on"),
            _("ends on"),
            _("spent in the period (yuan)"),
            _("spent in all (yuan)"),
        ],
        rows=(
            [
                project.name,
                project.center.name,
                project.get_level_display(),
                project.get_funding_display(),
                project.get_origin_display(),
                project.get_status_display(),
                project.purchaser,
                project.contractor.name if project.contractor else "",
                project.budget,
                day(project.starts_on),
                day(project.ends_on),
                project.spent_in_period,
                project.spent_in_all,
            ]
            for project in _projects(scope, period).order_by("-starts_on", "name").iterator()
        ),
    )


# Long lists behind the figures; filled in as sections gain them.
LISTS: dict[str, TableExport] = {
    "comparison": TableExport(lambda s, p: len(comparison(s, p)[1]), _comparison_table),
    "projects": TableExport(lambda s, p: _projects(s, p).count(), _projects_table),
}


def export_for(key: str) -> TableExport | None:
    if key in LISTS:
        return LISTS[key]
    section_key, _dot, breakdown_key = key.partition(".")
    return _breakdown_export(section_key, breakdown_key) if breakdown_key else None
