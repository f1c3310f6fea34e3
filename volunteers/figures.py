"""Volunteer figures for a scope and period, read from the tally tables only, in a
fixed number of queries whatever the number of volunteers and entries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from volunteers.models import StarCount, Team, TeamDay, VolunteerDay


@dataclass(frozen=True)
class VolunteerFigures:
    registered: int  # registered by the period's end, less those who left by then
    new: int  # registered during the period
    active: int | None  # served during the period (None: only known for periods up to today)
    hours: Decimal  # confirmed hours served during the period
    entries: int


def _days(center_ids, community_id):
    days = VolunteerDay.objects.filter(center__in=center_ids)
    return days.filter(community=community_id) if community_id else days


def _sum(column, condition):
    return Coalesce(Sum(column, filter=condition), 0)


def volunteer_figures(*, center_ids, community_id, start: date, end: date, today: date):
    """One query."""
    during = Q(day__gte=start, day__lte=end)
    totals = _days(center_ids, community_id).aggregate(
        registered_by_end=_sum("registered", Q(day__lte=end)),
        left_by_end=_sum("left", Q(day__lte=end)),
        new=_sum("registered", during),
        # The volunteers whose last service is on or after the start: those who
        # served in the period, when the period runs up to today.
        served_since=_sum("last_served", Q(day__gte=start)),
        hours_during=_sum("hours_centi", during),
        entries_during=_sum("entries", during),
    )
    return VolunteerFigures(
        registered=totals["registered_by_end"] - totals["left_by_end"],
        new=totals["new"],
        active=totals["served_since"] if end >= today else None,
        hours=Decimal(totals["hours_during"]) / 100,
        entries=totals["entries_during"],
    )


def hours_by_month(*, center_ids, community_id, start: date, end: date) -> list:
    """[(first day of month, confirmed hours)], one query."""
    rows = (
        _days(center_ids, community_id)
        .filter(day__gte=start, day__lte=end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(hours_in_month=Sum("hours_centi"))
        .order_by("month")
    )
    return [(row["month"], Decimal(row["hours_in_month"]) / 100) for row in rows]


def volunteers_by_star_level(*, center_ids, community_id) -> dict[int, int]:
    """Registered, active volunteers per star level, now; one query."""
    counts = StarCount.objects.filter(center__in=center_ids)
    if community_id:
        counts = counts.filter(community=community_id)
    return dict(counts.values_list("level").annotate(at_level=Sum("volunteers")).order_by("level"))


def top_teams(*, center_ids, start: date, end: date, limit: int = 5) -> list:
    """[(team, confirmed hours)] of the teams of these centers (or of organizations
    they keep) with the most hours in the period; one query."""
    teams = Team.objects.filter(
        Q(center__in=center_ids) | Q(organization__center__in=center_ids)
    ).values("pk")
    rows = (
        TeamDay.objects.filter(team__in=teams, day__gte=start, day__lte=end)
        .values("team", "team__name", "team__parent__name")
        .annotate(team_hours=Sum("hours_centi"))
        .order_by("-team_hours", "team__name")[:limit]
    )
    return [
        (
            f"{row['team__parent__name']} · {row['team__name']}"
            if row["team__parent__name"]
            else row["team__name"],
            Decimal(row["team_hours"]) / 100,
        )
        for row in rows
    ]


def volunteers_per_community(*, center_ids, start: date, end: date) -> dict[int, dict]:
    """{community id: {"volunteers": registered by the end, "hours": in the period}}."""
    rows = (
        VolunteerDay.objects.filter(center__in=center_ids)
        .values("community")
        .annotate(
            registered_by_end=_sum("registered", Q(day__lte=end)),
            left_by_end=_sum("left", Q(day__lte=end)),
            hours_during=_sum("hours_centi", Q(day__gte=start, day__lte=end)),
        )
        .order_by()
    )
    return {
        row["community"]: {
            "volunteers": row["registered_by_end"] - row["left_by_end"],
            "hours": Decimal(row["hours_during"]) / 100,
        }
        for row in rows
    }
