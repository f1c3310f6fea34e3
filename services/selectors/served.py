"""Person-times served (服务人次): attended sign-ups + home visits + case sessions,
read from the tally tables only (ServedDay, ServedGroupDay, kept by
services/tallies.py), never from the records, so the cost grows with places and
days, not with people served."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from services.models import ServedDay, ServedGroupDay, ServedSource, TargetGroup


@dataclass(frozen=True)
class PersonTimes:
    total: int
    # Every source (ServedSource values), zeros included.
    by_source: dict[str, int]
    # (first day of the month, people) for every month of the period, zeros included.
    by_month: list[tuple[date, int]]
    # Main groups and sub-groups with people served, biggest first. A person-time
    # counts in each group of its resident (or activity), so these do not add up
    # to the total.
    by_group: list[tuple[TargetGroup, int]]


def months_between(start: date, end: date) -> list[date]:
    """The first day of each month from start's month to end's month."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return months


def person_times(
    *, center_ids: list[int], community_id: int | None, start: date, end: date
) -> PersonTimes:
    """Person-times served by these centers (in one community, or all) from `start`
    to `end`, both days included. 3 queries: the days by source and month, the
    group days by group, the groups served."""
    days = {"center_id__in": center_ids, "day__gte": start, "day__lte": end}
    if community_id is not None:
        days["community_id"] = community_id
    by_source = dict.fromkeys(ServedSource.values, 0)
    by_month = dict.fromkeys(months_between(start, end), 0)
    rows = (
        ServedDay.objects.filter(**days)
        .annotate(month=TruncMonth("day"))
        .values_list("source", "month")
        .annotate(people=Sum("people"))
        .order_by()
    )
    for source, month, people in rows:
        by_source[source] = by_source.get(source, 0) + people
        by_month[month] += people
    group_people = dict(
        ServedGroupDay.objects.filter(**days)
        .values_list("group_id")
        .annotate(people=Sum("people"))
        .order_by()
    )
    groups = TargetGroup.objects.filter(pk__in=group_people) if group_people else []
    by_group = sorted(
        ((group, group_people[group.pk]) for group in groups),
        key=lambda pair: (-pair[1], pair[0].order, pair[0].name),
    )
    return PersonTimes(
        total=sum(by_source.values()),
        by_source=by_source,
        by_month=list(by_month.items()),
        by_group=by_group,
    )
