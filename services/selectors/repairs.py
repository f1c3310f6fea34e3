"""Reads about repair orders: the tracking page, and the figures the dashboard
shows (orders per month and community, response times, ratings)."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connections
from django.db.models import (
    Aggregate,
    Avg,
    BooleanField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from centers.models import Community
from services.models import WAITING, RepairEvent, RepairOrder


def order_for_tracking(code: str) -> RepairOrder | None:
    """The order with this tracking code, with its community, technician, history
    and parts, in 3 queries; None when there is none."""
    events = RepairEvent.objects.select_related("technician")
    return (
        RepairOrder.objects.select_related("community", "technician", "service")
        .prefetch_related(Prefetch("events", queryset=events), "parts")
        .filter(tracking_code=code)
        .first()
    )


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks (as PostgreSQL's
    percentile_cont): percentile([1, 2, 3, 4], 0.5) == 2.5."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass(frozen=True)
class RepairFigures:
    """One month (and community) of repair orders."""

    month: date
    community: Community | None
    orders: int
    on_site: int
    within_target: int
    missed_target: int
    median_minutes: float | None
    p90_minutes: float | None
    rated: int
    average_rating: float | None

    @property
    def share_within_target(self) -> float | None:
        """Orders reached within the target over those whose outcome is known:
        reached in time, reached late, or still waiting past the target."""
        decided = self.within_target + self.missed_target
        return self.within_target / decided if decided else None


def repair_figures(
    orders: QuerySet, *, since: date, until: date, by_community: bool = True
) -> list[RepairFigures]:
    """Figures per month (and community) of the orders submitted from `since` to
    `until` (both included), months in local time, in 2 queries.

    On PostgreSQL the database counts and takes the percentiles
    (percentile_cont); elsewhere the period's orders are read once and counted
    in Python with the same definitions. Both give the same answers (a test
    compares them on PostgreSQL).
    """
    tz = timezone.get_current_timezone()
    period = orders.filter(
        submitted_at__gte=datetime.combine(since, time(0), tz),
        submitted_at__lt=datetime.combine(until + timedelta(days=1), time(0), tz),
    ).order_by()
    if connections[period.db].vendor == "postgresql":
        rows = figures_in_sql(period, by_community=by_community)
    else:
        rows = figures_in_python(period, by_community=by_community)
    communities = (
        Community.objects.in_bulk({row["community"] for row in rows}) if by_community else {}
    )
    return [
        RepairFigures(**{**row, "community": communities.get(row["community"])}) for row in rows
    ]


def _missed(now):
    """On site after the deadline, or still waiting with the deadline past."""
    return Q(on_site_at__gt=F("respond_by")) | Q(
        on_site_at=None, status__in=WAITING, respond_by__lt=now
    )


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def figures_in_sql(period: QuerySet, *, by_community: bool) -> list[dict]:
    keys = ["month", "community"] if by_community else ["month"]
    minutes = ExpressionWrapper(F("response_seconds") / 60.0, FloatField())
    rows = (
        period.annotate(month=TruncMonth("submitted_at", output_field=DateField()))
        .values(*keys)
        .annotate(
            orders=Count("pk"),
            on_site=Count("on_site_at"),
            within_target=Count("pk", filter=Q(on_site_at__lte=F("respond_by"))),
            missed_target=Count("pk", filter=_missed(timezone.now())),
            median_minutes=PercentileCont(minutes, 0.5),
            p90_minutes=PercentileCont(minutes, 0.9),
            rated=Count("rating"),
            average_rating=Avg("rating"),
        )
        .order_by(*keys)
    )
    return [
        {
            "community": None,
            **row,
            "average_rating": None
            if row["average_rating"] is None
            else float(row["average_rating"]),
        }
        for row in rows
    ]


def figures_in_python(period: QuerySet, *, by_community: bool) -> list[dict]:
    tz = timezone.get_current_timezone()
    rows = period.annotate(
        # Compared in the database: fewer date-times to read back.
        in_time=ExpressionWrapper(Q(on_site_at__lte=F("respond_by")), BooleanField()),
        missed=ExpressionWrapper(_missed(timezone.now()), BooleanField()),
    ).values_list("submitted_at", "community", "in_time", "missed", "response_seconds", "rating")
    groups = defaultdict(_Tally)
    for submitted_at, community, in_time, missed, seconds, rating in rows.iterator(chunk_size=5000):
        month = submitted_at.astimezone(tz).date().replace(day=1)
        tally = groups[(month, community if by_community else None)]
        tally.orders += 1
        tally.within += bool(in_time)
        tally.missed += bool(missed)
        if seconds is not None:
            tally.minutes.append(seconds / 60)
        if rating is not None:
            tally.ratings.append(rating)
    return [
        {
            "month": month,
            "community": community,
            "orders": tally.orders,
            "on_site": len(tally.minutes),
            "within_target": tally.within,
            "missed_target": tally.missed,
            "median_minutes": percentile(tally.minutes, 0.5),
            "p90_minutes": percentile(tally.minutes, 0.9),
            "rated": len(tally.ratings),
            "average_rating": sum(tally.ratings) / len(tally.ratings) if tally.ratings else None,
        }
        for (month, community), tally in sorted(
            groups.items(), key=lambda item: (item[0][0], item[0][1] or 0)
        )
    ]


@dataclass
class _Tally:
    orders: int = 0
    within: int = 0
    missed: int = 0
    minutes: list = field(default_factory=list)
    ratings: list = field(default_factory=list)
