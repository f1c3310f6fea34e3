"""Volunteers: registered, active, new, star levels, confirmed hours, teams."""

from django.utils import timezone
from django.utils.translation import gettext as _

from reports.figures import Breakdown, Figure, Section, admin_list
from volunteers import stars
from volunteers.figures import (
    hours_by_month,
    top_teams,
    volunteer_figures,
    volunteers_by_star_level,
)
from volunteers.models import ServiceHours, Volunteer


def volunteers_section(scope, period) -> Section:
    where = {
        "center_ids": scope.center_ids,
        "community_id": scope.community.pk if scope.community else None,
    }
    today = timezone.localdate()
    figures = volunteer_figures(**where, start=period.start, end=period.end, today=today)
    by_month = hours_by_month(**where, start=period.start, end=period.end)
    by_level = volunteers_by_star_level(**where)
    teams = top_teams(center_ids=scope.center_ids, start=period.start, end=period.end)
    link = {"center__id__in": scope.center_ids}
    if scope.community:
        link["community__id__exact"] = scope.community.pk
    served = {
        **link,
        "status__exact": "confirmed",
        "served_on__gte": period.start.isoformat(),
        "served_on__lte": period.end.isoformat(),
    }
    return Section(
        key="volunteers",
        title=_("Volunteers"),
        figures=[
            Figure(
                _("registered volunteers"),
                figures.registered,
                admin_list(Volunteer, **link, status__exact="active"),
            ),
            Figure(
                _("active in the period"),
                figures.active,
                note=""
                if figures.active is not None
                else _("known for periods that run up to today"),
            ),
            Figure(
                _("new in the period"),
                figures.new,
                admin_list(
                    Volunteer,
                    **link,
                    registered_on__gte=period.start.isoformat(),
                    registered_on__lte=period.end.isoformat(),
                ),
            ),
            Figure(
                _("confirmed hours"),
                f"{figures.hours:,.0f}",
                admin_list(ServiceHours, **served),
                note=_("%(entries)s entries") % {"entries": f"{figures.entries:,}"},
            ),
        ],
        breakdowns=[
            Breakdown(
                key="volunteer_hours_by_month",
                title=_("Confirmed hours per month"),
                columns=[_("month"), _("hours")],
                rows=[(f"{month:%Y-%m}", float(hours), "") for month, hours in by_month],
                chart="bar",
            ),
            Breakdown(
                key="star_levels",
                title=_("Volunteers by star level (today)"),
                columns=[_("stars"), _("volunteers")],
                rows=[
                    (
                        stars.display(level) if level else _("no star yet"),
                        by_level.get(level, 0),
                        "",
                    )
                    for level in range(len(stars.thresholds()) + 1)
                ],
            ),
            Breakdown(
                key="top_teams",
                title=_("Teams with the most hours"),
                columns=[_("team"), _("hours")],
                rows=[(name, float(hours), "") for name, hours in teams],
            ),
        ],
    )
