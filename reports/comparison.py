"""The communities-by-figures comparison table of the dashboard."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from centers.models import Community, SocialOrganization


@dataclass(frozen=True)
class Column:
    key: str
    label: str


def organizations_per_community(scope, period) -> dict:
    rows = (
        SocialOrganization.objects.filter(center__in=scope.center_ids)
        .exclude(community=None)
        .values_list("community")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


# Each column: (key, label, function(scope, period) -> {community id: value}); one query each.
COLUMNS = [
    (Column("organizations", _("organizations")), organizations_per_community),
]


def comparison(scope, period, *, sort: str = "", descending: bool = True):
    """Rows of (community, {column key: value}), sorted by a column or by name."""
    if scope.community:
        communities = [scope.community]
    else:
        streets = {center.street_id for center in scope.centers}
        communities = list(Community.objects.filter(street__in=streets).order_by("name"))
    values = {column.key: compute(scope, period) for column, compute in COLUMNS}
    rows = [
        (community, {key: values[key].get(community.pk, 0) for key in values})
        for community in communities
    ]
    if sort in values:
        rows.sort(key=lambda row: row[1][sort], reverse=descending)
    return [column for column, _compute in COLUMNS], rows
