"""Every table of the dashboard as an export. The rows come from the same
selectors as the page; one writer (centers.exports) makes CSV or XLSX.

Export keys: "comparison" (communities compared), "<section>.<breakdown>" for a
section's small tables, and the lists in LISTS (which can be long).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from centers.exports import Table
from reports.comparison import comparison
from reports.sections import SECTIONS


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


# Long lists behind the figures; filled in as sections gain them.
LISTS: dict[str, TableExport] = {
    "comparison": TableExport(lambda s, p: len(comparison(s, p)[1]), _comparison_table),
}


def export_for(key: str) -> TableExport | None:
    if key in LISTS:
        return LISTS[key]
    section_key, _dot, breakdown_key = key.partition(".")
    return _breakdown_export(section_key, breakdown_key) if breakdown_key else None
