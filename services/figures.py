"""Figures of the services app for a scope and period, in a fixed number of
queries: repairs and person-times served from the tally tables only (repairs by
the month an order came in), and the occurrences held from their own table
(an index on status and start; a city holds some thousands a month)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from services.models import (
    WAITING,
    Occurrence,
    OccurrenceStatus,
    RepairMonth,
    RepairOrder,
    RepairResponseMinutes,
    Resident,
    ServedDay,
)


@dataclass(frozen=True)
class RepairPeriodFigures:
    orders: int
    on_site: int
    within_target: int
    late_waiting: int  # still waiting for a technician, past the deadline
    median_minutes: int | None
    p90_minutes: int | None
    rating: Decimal | None
    ratings: int

    @property
    def share_within_target(self) -> int | None:
        """Per cent of the orders reached (or overdue) that were on site in time."""
        judged = self.on_site + self.late_waiting
        if not judged:
            return None
        share = Decimal(self.within_target * 100) / judged
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def nearest_rank(histogram: list[tuple[int, int]], fraction: float) -> int | None:
    """The value at that fraction of a sorted histogram [(value, count)]: the
    smallest value with at least that share of the counts at or below it."""
    total = sum(count for _value, count in histogram)
    if not total:
        return None
    needed, seen = fraction * total, 0
    for value, count in histogram:
        seen += count
        if seen >= needed:
            return value
    return histogram[-1][0]


def _scoped(model, center_ids, community_id, start, end):
    rows = model.objects.filter(
        center__in=center_ids, month__gte=start.replace(day=1), month__lte=end
    )
    return rows.filter(community=community_id) if community_id else rows


def repair_period_figures(*, center_ids, community_id, start: date, end: date):
    """Three queries: the month totals, the response-time histogram, the overdue
    orders still waiting (a handful at any time)."""
    totals = _scoped(RepairMonth, center_ids, community_id, start, end).aggregate(
        total_orders=Sum("orders"),
        total_on_site=Sum("on_site"),
        total_within=Sum("within_target"),
        total_rating=Sum("rating_sum"),
        total_ratings=Sum("ratings"),
    )
    histogram = list(
        _scoped(RepairResponseMinutes, center_ids, community_id, start, end)
        .values_list("minutes")
        .annotate(at_minutes=Sum("orders"))
        .order_by("minutes")
    )
    tz = timezone.get_current_timezone()
    waiting = RepairOrder.objects.filter(
        service__center__in=center_ids,
        status__in=WAITING,
        respond_by__lt=timezone.now(),
        submitted_at__gte=datetime.combine(start, time(0), tz),
        submitted_at__lt=datetime.combine(end + timedelta(days=1), time(0), tz),
    )
    if community_id:
        waiting = waiting.filter(community=community_id)
    ratings = totals["total_ratings"] or 0
    return RepairPeriodFigures(
        orders=totals["total_orders"] or 0,
        on_site=totals["total_on_site"] or 0,
        within_target=totals["total_within"] or 0,
        late_waiting=waiting.count(),
        median_minutes=nearest_rank(histogram, 0.5),
        p90_minutes=nearest_rank(histogram, 0.9),
        rating=(Decimal(totals["total_rating"]) / ratings).quantize(Decimal("0.1"))
        if ratings
        else None,
        ratings=ratings,
    )


def repair_orders_per_community(*, center_ids, start: date, end: date) -> dict[int, int]:
    rows = (
        RepairMonth.objects.filter(
            center__in=center_ids, month__gte=start.replace(day=1), month__lte=end
        )
        .values_list("community")
        .annotate(community_orders=Sum("orders"))
        .order_by()
    )
    return dict(rows)


# --- Activities and people served --------------------------------------------


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time(0), tz), datetime.combine(
        end + timedelta(days=1), time(0), tz
    )


def occurrences_held(*, center_ids, community_id, start: date, end: date, now=None):
    """Occurrences of these centers' activities (in one community, or all) that
    were scheduled (not cancelled) and started between `start` and `end`, and
    not later than now."""
    since, until = _day_bounds(start, end)
    occurrences = Occurrence.objects.filter(
        activity__center__in=center_ids,
        status=OccurrenceStatus.SCHEDULED,
        starts_at__gte=since,
        starts_at__lt=until,
        starts_at__lte=now or timezone.now(),
    )
    if community_id:
        occurrences = occurrences.filter(activity__community=community_id)
    return occurrences


@dataclass(frozen=True)
class HeldFigures:
    occurrences: int
    activities: int


def held_figures(*, center_ids, community_id, start: date, end: date, now=None) -> HeldFigures:
    """The occurrences held and how many activities they were of; one query."""
    counts = occurrences_held(
        center_ids=center_ids, community_id=community_id, start=start, end=end, now=now
    ).aggregate(held=Count("pk"), of_activities=Count("activity", distinct=True))
    return HeldFigures(occurrences=counts["held"], activities=counts["of_activities"])


def occurrences_held_per_community(*, center_ids, start: date, end: date) -> dict[int, int]:
    return dict(
        occurrences_held(center_ids=center_ids, community_id=None, start=start, end=end)
        .order_by()
        .values_list("activity__community")
        .annotate(held=Count("pk"))
    )


def person_times_per_community(*, center_ids, start: date, end: date) -> dict[int, int]:
    """{community id: person-times served in these days}; one query on the tally."""
    return dict(
        ServedDay.objects.filter(center__in=center_ids, day__gte=start, day__lte=end)
        .order_by()
        .values_list("community")
        .annotate(served=Sum("people"))
    )


def residents_due_for_a_visit(*, center_ids, community_id, today: date) -> int:
    """Residents living alone not visited in RESIDENT_VISIT_INTERVAL_DAYS (today);
    one query."""
    residents = Resident.objects.filter(center__in=center_ids)
    if community_id:
        residents = residents.filter(community=community_id)
    return residents.due_for_a_visit(today).count()
