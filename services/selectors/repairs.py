"""Reads about repair orders: the tracking page, and the figures the dashboard
shows (orders per month and community, response times, ratings)."""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, DateField, F, Prefetch, Q, QuerySet
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
    `until` (both included), in 3 queries. Percentiles are computed here, in
    Python, over the period's response times, so every database agrees."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(since, time(0), tz)
    end = datetime.combine(until + timedelta(days=1), time(0), tz)
    period = orders.filter(submitted_at__gte=start, submitted_at__lt=end).annotate(
        month=TruncMonth("submitted_at", output_field=DateField())
    )
    keys = ["month", "community"] if by_community else ["month"]
    now = timezone.now()
    counts = (
        period.values(*keys)
        .annotate(
            orders=Count("pk"),
            on_site=Count("pk", filter=Q(on_site_at__isnull=False)),
            within=Count("pk", filter=Q(on_site_at__lte=F("respond_by"))),
            missed=Count(
                "pk",
                filter=Q(on_site_at__gt=F("respond_by"))
                | Q(status__in=WAITING, respond_by__lt=now),
            ),
            rated=Count("rating"),
            average_rating=Avg("rating"),
        )
        .order_by(*keys)
    )
    seconds = defaultdict(list)
    for *key, value in period.filter(response_seconds__isnull=False).values_list(
        *keys, "response_seconds"
    ):
        seconds[tuple(key)].append(value / 60)
    rows = list(counts)
    communities = (
        Community.objects.in_bulk({row["community"] for row in rows}) if by_community else {}
    )
    figures = []
    for row in rows:
        minutes = seconds[tuple(row[key] for key in keys)]
        figures.append(
            RepairFigures(
                month=row["month"],
                community=communities.get(row.get("community")),
                orders=row["orders"],
                on_site=row["on_site"],
                within_target=row["within"],
                missed_target=row["missed"],
                median_minutes=percentile(minutes, 0.5),
                p90_minutes=percentile(minutes, 0.9),
                rated=row["rated"],
                average_rating=row["average_rating"],
            )
        )
    return figures
