"""Reads about residents: who is due for a home visit."""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.utils import timezone

from services.models import Resident

DUE_PER_PAGE = 100


@dataclass(frozen=True)
class DueVisit:
    resident: Resident
    days_since: int | None  # None: never visited


def residents_due(residents: QuerySet, *, today: date | None = None) -> QuerySet:
    """Residents living alone not visited for `RESIDENT_VISIT_INTERVAL_DAYS`:
    never visited first, then the longest ago; with community and center."""
    return (
        residents.due_for_a_visit(today)
        .select_related("community", "center")
        .order_by(F("last_visited_on").asc(nulls_first=True), "community__name", "name", "pk")
    )


def due_visits_page(
    residents: QuerySet, *, page: int | str = 1, today: date | None = None
) -> tuple[Page, list[DueVisit]]:
    """One page of the residents due for a visit, in 2 queries (the count, the
    page of residents with their community and center)."""
    today = today or timezone.localdate()
    paginator = Paginator(residents_due(residents, today=today), DUE_PER_PAGE)
    shown = paginator.get_page(page)
    rows = [
        DueVisit(
            resident=resident,
            days_since=(today - resident.last_visited_on).days
            if resident.last_visited_on
            else None,
        )
        for resident in shown.object_list
    ]
    return shown, rows
