"""The communities-by-figures comparison table of the dashboard."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from centers.models import Community, SocialOrganization
from services.figures import (
    occurrences_held_per_community,
    person_times_per_community,
    repair_orders_per_community,
)
from services.selectors.projects import projects_per_community
from volunteers.figures import volunteers_per_community


@dataclass(frozen=True)
class Column:
    key: str
    label: str


COLUMNS = [
    Column("organizations", _("organizations")),
    Column("volunteers", _("registered volunteers")),
    Column("hours", _("confirmed hours")),
    Column("person_times", _("person-times served")),
    Column("activities_held", _("activities held")),
    Column("projects", _("projects covering it")),
    Column("repair_orders", _("repair orders")),
]


def _organizations(scope, period) -> dict:
    rows = (
        SocialOrganization.objects.filter(center__in=scope.center_ids)
        .exclude(community=None)
        .values_list("community")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {community: {"organizations": count} for community, count in rows}


def _volunteers(scope, period) -> dict:
    return volunteers_per_community(center_ids=scope.center_ids, start=period.start, end=period.end)


def _repairs(scope, period) -> dict:
    orders = repair_orders_per_community(
        center_ids=scope.center_ids, start=period.start, end=period.end
    )
    return {community: {"repair_orders": count} for community, count in orders.items()}


def _served(scope, period) -> dict:
    served = person_times_per_community(
        center_ids=scope.center_ids, start=period.start, end=period.end
    )
    return {community: {"person_times": people} for community, people in served.items()}


def _held(scope, period) -> dict:
    held = occurrences_held_per_community(
        center_ids=scope.center_ids, start=period.start, end=period.end
    )
    return {community: {"activities_held": count} for community, count in held.items()}


def _projects(scope, period) -> dict:
    covering = projects_per_community(
        center_ids=scope.center_ids, start=period.start, end=period.end
    )
    return {community: {"projects": count} for community, count in covering.items()}


# Each source: (scope, period) -> {community id: {column key: value}}, one query.
SOURCES = [_organizations, _volunteers, _served, _held, _projects, _repairs]


def comparison(scope, period, *, sort: str = "", descending: bool = True):
    """Rows of (community, {column key: value}), sorted by a column or by name."""
    if scope.community:
        communities = [scope.community]
    else:
        streets = {center.street_id for center in scope.centers}
        communities = list(Community.objects.filter(street__in=streets).order_by("name"))
    values: dict[int, dict] = {}
    for source in SOURCES:
        for community, columns in source(scope, period).items():
            values.setdefault(community, {}).update(columns)
    rows = [
        (
            community,
            {column.key: values.get(community.pk, {}).get(column.key, 0) for column in COLUMNS},
        )
        for community in communities
    ]
    if sort in {column.key for column in COLUMNS}:
        rows.sort(key=lambda row: row[1][sort], reverse=descending)
    return COLUMNS, rows
