"""The dashboard's period picker: this month, this year, the last 12 months, or a
custom range of days. A Period is a closed range of dates."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

PRESETS = {
    "month": _("this month"),
    "year": _("this year"),
    "12m": _("last 12 months"),
    "custom": _("custom range"),
}
# A custom range may not reach further back than this (and never into the future).
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        first, months = self.start.replace(day=1), []
        while first <= self.end:
            months.append(first)
            first = (first + timedelta(days=32)).replace(day=1)
        return months

    def query(self) -> dict[str, str]:
        params = {"period": self.key}
        if self.key == "custom":
            params |= {"start": self.start.isoformat(), "end": self.end.isoformat()}
        return params


def period_from(params, today: date | None = None) -> Period:
    """Read the period from GET parameters; anything unreadable falls back to this year."""
    today = today or timezone.localdate()
    key = params.get("period", "year")
    if key == "month":
        return Period("month", today.replace(day=1), today)
    if key == "12m":
        year, month = (
            (today.year, today.month - 11)
            if today.month > 11
            else (today.year - 1, today.month + 1)
        )
        return Period("12m", date(year, month, 1), today)
    if key == "custom":
        start, end = _date(params.get("start")), _date(params.get("end"))
        if start and end and EARLIEST <= start <= end <= today:
            return Period("custom", start, end)
    return Period("year", today.replace(month=1, day=1), today)


def _date(value) -> date | None:
    try:
        return parse_date(value or "")
    except ValueError:
        return None
