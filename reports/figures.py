"""What a dashboard section hands to the page: figures, small tables and charts.
Every figure carries the link to the list behind it, so a leader can check it."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse


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


def admin_list(model, **filters) -> str:
    """The admin list of `model` narrowed by list-filter parameters."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    query = {
        key: ",".join(map(str, value)) if isinstance(value, list | tuple) else value
        for key, value in filters.items()
    }
    return f"{url}?{urlencode(query)}" if query else url
