"""Reads about repair orders: the tracking page, and the figures the dashboard
shows (orders per month and community, response times, ratings)."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch, Q, QuerySet
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

    The period's orders are read once and counted here, in Python: the
    percentiles need every response time anyway, and so every database gives
    the same answers (SQLite has no percentile and converts time zones slowly).
    """
    tz = timezone.get_current_timezone()
    start = datetime.combine(since, time(0), tz)
    end = datetime.combine(until + timedelta(days=1), time(0), tz)
    now = timezone.now()
    rows = (
        orders.filter(submitted_at__gte=start, submitted_at__lt=end)
        .order_by()
        .annotate(
            # Compared in the database: fewer date-times to read back.
            in_time=ExpressionWrapper(Q(on_site_at__lte=F("respond_by")), BooleanField()),
            overdue=ExpressionWrapper(
                Q(on_site_at=None, status__in=WAITING, respond_by__lt=now), BooleanField()
            ),
        )
        .values_list(
            "submitted_at", "community", "in_time", "overdue", "response_seconds", "rating"
        )
    )
    groups = defaultdict(_Tally)
    for submitted_at, community, in_time, overdue, seconds, rating in rows.iterator(
        chunk_size=5000
    ):
        month = submitted_at.astimezone(tz).date().replace(day=1)
        tally = groups[(month, community if by_community else None)]
        tally.orders += 1
        if seconds is not None:
            tally.minutes.append(seconds / 60)
            if in_time:
                tally.within += 1
            else:
                tally.missed += 1
        elif overdue:
            tally.missed += 1
        if rating is not None:
            tally.ratings.append(rating)
    communities = (
        Community.objects.in_bulk({community for _month, community in groups})
        if by_community
        else {}
    )
    return [
        RepairFigures(
            month=month,
            community=communities.get(community),
            orders=tally.orders,
            on_site=len(tally.minutes),
            within_target=tally.within,
            missed_target=tally.missed,
            median_minutes=percentile(tally.minutes, 0.5),
            p90_minutes=percentile(tally.minutes, 0.9),
            rated=len(tally.ratings),
            average_rating=sum(tally.ratings) / len(tally.ratings) if tally.ratings else None,
        )
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
