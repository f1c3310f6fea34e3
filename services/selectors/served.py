"""Person-times served (服务人次): attended sign-ups + home visits + case sessions,
read from the tally tables only (ServedDay, ServedGroupDay, kept by
services/tallies.py), never from the records, so the cost grows with places and
days, not with people served."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from services.models import ServedDay, ServedGroupDay, ServedSource, TargetGroup


@dataclass(frozen=True)
class PersonTimes:
    total: int
    by_source: dict[str, int]  # every ServedSource value, zeros included
    by_month: list[tuple[date, int]]  # (first day of the month, people), every month
    # Groups with people served, biggest first. A person-time counts in each group
    # of its activity (or resident), so these do not add up to the total.
    by_group: list[tuple[TargetGroup, int]]


def months_between(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def person_times(*, center_ids, community_id: int | None, start: date, end: date) -> PersonTimes:
    """Three queries: the days summed by source and day, the group days summed by
    group, the target groups (a short, editable list)."""
    where = {"center__in": center_ids, "day__gte": start, "day__lte": end}
    if community_id:
        where["community"] = community_id
    by_source = dict.fromkeys(ServedSource.values, 0)
    by_month = dict.fromkeys(months_between(start, end), 0)
    # Summed by day and put into months here: at most three rows a day, and on
    # SQLite three times faster than truncating every row to its month.
    rows = (
        ServedDay.objects.filter(**where)
        .order_by()
        .values_list("source", "day")
        .annotate(served=Sum("people"))
    )
    for source, day, people in rows:
        by_source[source] = by_source.get(source, 0) + people
        by_month[day.replace(day=1)] += people
    per_group = dict(
        ServedGroupDay.objects.filter(**where)
        .order_by()
        .values_list("group")
        .annotate(served=Sum("people"))
    )
    groups = [group for group in TargetGroup.objects.all() if per_group.get(group.pk)]
    return PersonTimes(
        total=sum(by_source.values()),
        by_source=by_source,
        by_month=list(by_month.items()),
        by_group=sorted(((group, per_group[group.pk]) for group in groups), key=lambda p: -p[1]),
    )
