"""What a dashboard section hands to the page: figures, small tables and charts.
Every figure carries the link to the list behind it, so a leader can check it."""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit

from django.contrib import admin
from django.urls import Resolver404, resolve, reverse


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    url: str = ""
    unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class Breakdown:
    """A small table: one label column and one or more value columns."""

    key: str
    title: str
    columns: list
    rows: list  # [(label, value, …, url or ""), …]
    chart: str = ""  # "bar", "line" or "" for a table only

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def chart_data(self) -> dict:
        """Labels and one data series per value column, for Chart.js."""
        labels = [str(row[0]) for row in self.rows]
        return {
            "labels": labels,
            "datasets": [
                {"label": str(column), "data": [row[index] for row in self.rows]}
                for index, column in enumerate(self.columns[1:], start=1)
            ],
        }


@dataclass
class Section:
    key: str
    title: str
    figures: list = field(default_factory=list)
    breakdowns: list = field(default_factory=list)
    lists: list = field(default_factory=list)  # [(export key in LISTS, title), …]


def admin_list(model, **filters) -> str:
    """The admin list of `model` narrowed by list-filter parameters ("" while the
    model has no admin list)."""
    if not admin.site.is_registered(model):
        return ""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    query = {
        key: ",".join(map(str, value)) if isinstance(value, list | tuple) else value
        for key, value in filters.items()
    }
    return f"{url}?{urlencode(query)}" if query else url


def may_open(request, url: str) -> bool:
    """Whether the user may open this link: an admin page needs the view
    permission of its model admin (leaders, for instance, may not read the
    lists of residents and their visits); other pages check for themselves."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    model_admin = getattr(match.func, "model_admin", None)
    return model_admin is None or model_admin.has_view_permission(request)


def readable_figures(figures: list, request) -> list:
    """The figures with the links this user may not open taken off (the figure
    stays): a page never offers a link that answers 403."""
    return [
        figure if not figure.url or may_open(request, figure.url) else replace(figure, url="")
        for figure in figures
    ]


def readable_breakdowns(breakdowns: list, request) -> list:
    """The same for the rows' links of small tables."""
    return [
        replace(
            breakdown,
            rows=[
                row if not row[-1] or may_open(request, row[-1]) else (*row[:-1], "")
                for row in breakdown.rows
            ],
        )
        for breakdown in breakdowns
    ]


def readable(section: Section, request) -> Section:
    return replace(
        section,
        figures=readable_figures(section.figures, request),
        breakdowns=readable_breakdowns(section.breakdowns, request),
    )
