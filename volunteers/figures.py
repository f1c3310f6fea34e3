"""Volunteer figures for a scope and period, read from the tally tables only, in a
fixed number of queries whatever the number of volunteers and entries. The days
read are those from the period's start on: the number registered by the period's
end comes from the all-time totals less the days after the end, so the years
before the period are never read."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from volunteers.models import StarCount, Team, TeamDay, VolunteerDay, VolunteerTotal


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


def _totals(center_ids, community_id):
    totals = VolunteerTotal.objects.filter(center__in=center_ids)
    return totals.filter(community=community_id) if community_id else totals


def _sum(column, condition=None):
    return Coalesce(Sum(column, filter=condition), 0)


def volunteer_figures(*, center_ids, community_id, start: date, end: date, today: date):
    """Two queries: the all-time totals, and the days from the period's start on."""
    totals = _totals(center_ids, community_id).aggregate(
        registered_in_all=_sum("registered"), left_in_all=_sum("left")
    )
    after = Q(day__gt=end)
    during = Q(day__lte=end)
    days = (
        _days(center_ids, community_id)
        .filter(day__gte=start)
        .aggregate(
            registered_after_end=_sum("registered", after),
            left_after_end=_sum("left", after),
            new=_sum("registered", during),
            # The volunteers whose last service is on or after the start: those who
            # served in the period, when the period runs up to today.
            served_since=_sum("last_served"),
            hours_during=_sum("hours_centi", during),
            entries_during=_sum("entries", during),
        )
    )
    registered_by_end = (totals["registered_in_all"] - days["registered_after_end"]) - (
        totals["left_in_all"] - days["left_after_end"]
    )
    return VolunteerFigures(
        registered=registered_by_end,
        new=days["new"],
        active=days["served_since"] if end >= today else None,
        hours=Decimal(days["hours_during"]) / 100,
        entries=days["entries_during"],
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
    """{community id: {"volunteers": registered by the end, "hours": in the period}};
    two queries (the all-time totals, the days from the start on)."""
    totals = (
        VolunteerTotal.objects.filter(center__in=center_ids)
        .values("community")
        .annotate(registered_in_all=_sum("registered"), left_in_all=_sum("left"))
        .order_by()
    )
    after = Q(day__gt=end)
    days = {
        row["community"]: row
        for row in VolunteerDay.objects.filter(center__in=center_ids, day__gte=start)
        .values("community")
        .annotate(
            registered_after_end=_sum("registered", after),
            left_after_end=_sum("left", after),
            hours_during=_sum("hours_centi", Q(day__lte=end)),
        )
        .order_by()
    }
    none = {"registered_after_end": 0, "left_after_end": 0, "hours_during": 0}
    figures = {}
    for row in totals:
        later = days.pop(row["community"], none)
        figures[row["community"]] = {
            "volunteers": (row["registered_in_all"] - later["registered_after_end"])
            - (row["left_in_all"] - later["left_after_end"]),
            "hours": Decimal(later["hours_during"]) / 100,
        }
    # Communities with hours but no volunteer on record any more.
    for community, later in days.items():
        figures[community] = {"volunteers": 0, "hours": Decimal(later["hours_during"]) / 100}
    return figures
