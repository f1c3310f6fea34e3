"""Services: activities held, person-times served (by source, month and target
group, from the tallies), home visits, and the residents living alone who are
due for a visit today.

Leaders read residents, visits and sign-ups only as figures: the page drops the
links they may not open (reports.figures.readable)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.figures import Breakdown, Figure, Section, admin_list
from services.figures import held_figures, residents_due_for_a_visit
from services.models import (
    HomeVisit,
    Occurrence,
    OccurrenceStatus,
    Resident,
    ServedSource,
    Signup,
    SignupStatus,
)
from services.selectors.served import person_times


def services_section(scope, period) -> Section:
    community_id = scope.community.pk if scope.community else None
    where = {"center_ids": scope.center_ids, "community_id": community_id}
    now = timezone.now()
    held = held_figures(**where, start=period.start, end=period.end, now=now)  # 1 query
    served = person_times(**where, start=period.start, end=period.end)  # 3 queries
    due = residents_due_for_a_visit(**where, today=timezone.localdate())  # 1 query
    days = {"gte": period.start.isoformat(), "lte": period.end.isoformat()}

    def scoped(center, community, dates, **filters):
        link = {f"{center}__id__in": scope.center_ids, **filters}
        if community_id:
            link[f"{community}__id__exact"] = community_id
        return link | {f"{dates}__{bound}": day for bound, day in days.items()}

    occurrences = admin_list(
        Occurrence,
        **scoped(
            "activity__center",
            "activity__community",
            "starts_at__date",
            status__exact=OccurrenceStatus.SCHEDULED,
            starts_at__lte=now.isoformat(),
        ),
    )
    visits = admin_list(
        HomeVisit, **scoped("resident__center", "resident__community", "visited_on")
    )
    attended = admin_list(
        Signup,
        **scoped(
            "occurrence__activity__center",
            "occurrence__activity__community",
            "occurrence__starts_at__date",
            status__exact=SignupStatus.ATTENDED,
        ),
    )
    residents = {"center__id__in": scope.center_ids, "visits": "due"}
    if community_id:
        residents["community__id__exact"] = community_id
    source_links = {ServedSource.SIGNUP: attended, ServedSource.VISIT: visits}
    interval = settings.RESIDENT_VISIT_INTERVAL_DAYS
    return Section(
        key="services",
        title=_("Services"),
        figures=[
            Figure(
                _("activities held"),
                held.occurrences,
                occurrences,
                note=ngettext(
                    "sessions, of %(count)s activity",
                    "sessions, of %(count)s activities",
                    held.activities,
                )
                % {"count": held.activities},
            ),
            Figure(
                _("person-times served"),
                f"{served.total:,}",
                note=_("attended sign-ups, home visits and case sessions"),
            ),
            Figure(_("home visits"), served.by_source[ServedSource.VISIT], visits),
            Figure(
                _("living alone, not visited in %(days)s days") % {"days": interval},
                due,
                admin_list(Resident, **residents),
                note=_("today"),
            ),
        ],
        breakdowns=[
            Breakdown(
                key="served_by_source",
                title=_("Person-times served by source"),
                columns=[_("source"), _("person-times")],
                rows=[
                    (source.label, served.by_source[source], source_links.get(source, ""))
                    for source in ServedSource
                ],
            ),
            Breakdown(
                key="served_by_month",
                title=_("Person-times served per month"),
                columns=[_("month"), _("person-times")],
                rows=[(f"{month:%Y-%m}", people, "") for month, people in served.by_month],
                chart="bar",
            ),
            Breakdown(
                key="served_by_group",
                title=_("Person-times served by target group"),
                columns=[_("target group"), _("person-times")],
                rows=[(str(group), people, "") for group, people in served.by_group],
                chart="bar",
            ),
        ],
    )
