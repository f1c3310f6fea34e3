"""How volunteers and hours entries contribute to the app's tally tables
(centers/tallies.py explains the mechanism). The services call
`volunteers_changing` / `entries_changing` around their writes."""

from centers.tallies import Tracker, summed, tally_changes, tally_new, tally_rebuild
from volunteers import stars
from volunteers.models import (
    ServiceHours,
    StarCount,
    TeamDay,
    Volunteer,
    VolunteerDay,
    VolunteerTotal,
)

# Registered volunteers, counted from their registration day (also after leaving).
REGISTERED = (Volunteer.Status.ACTIVE, Volunteer.Status.SUSPENDED, Volunteer.Status.LEFT)
CHUNK = 5000


def _volunteer_rows(ids, *fields):
    volunteers = Volunteer.objects.all() if ids is None else Volunteer.objects.filter(pk__in=ids)
    return volunteers.order_by().values_list("center_id", "community_id", *fields).iterator(CHUNK)


def _volunteer_day_pairs(ids):
    rows = _volunteer_rows(ids, "status", "registered_on", "left_on", "last_served_on")
    for center, community, status, registered_on, left_on, last_served_on in rows:
        if registered_on and status in REGISTERED:
            yield (center, community, registered_on), {"registered": 1}
        if left_on and status == Volunteer.Status.LEFT:
            yield (center, community, left_on), {"left": 1}
        if last_served_on:
            yield (center, community, last_served_on), {"last_served": 1}


def volunteer_days(ids) -> dict:
    return summed(_volunteer_day_pairs(ids))


def volunteer_totals(ids) -> dict:
    """The registrations and departures of volunteer_days, all days together."""
    return summed(
        ((center, community), amounts)
        for (center, community, _day), amounts in _volunteer_day_pairs(ids)
        if "last_served" not in amounts
    )


def star_counts(ids) -> dict:
    rows = _volunteer_rows(ids, "status", "confirmed_hours")
    return summed(
        ((center, community, stars.star_level(hours)), {"volunteers": 1})
        for center, community, status, hours in rows
        if status == Volunteer.Status.ACTIVE
    )


def _confirmed_entries(ids):
    entries = ServiceHours.objects.confirmed()
    if ids is not None:
        entries = entries.filter(pk__in=ids)
    return entries.order_by()


def entry_days(ids) -> dict:
    rows = _confirmed_entries(ids).values_list("center_id", "community_id", "served_on", "hours")
    return summed(
        ((center, community, served_on), {"hours_centi": int(hours * 100), "entries": 1})
        for center, community, served_on, hours in rows.iterator(CHUNK)
    )


def team_days(ids) -> dict:
    rows = _confirmed_entries(ids).exclude(team=None).values_list("team_id", "served_on", "hours")
    return summed(
        ((team, served_on), {"hours_centi": int(hours * 100), "entries": 1})
        for team, served_on, hours in rows.iterator(CHUNK)
    )


VOLUNTEERS = [
    Tracker(VolunteerDay, volunteer_days),
    Tracker(StarCount, star_counts),
    Tracker(VolunteerTotal, volunteer_totals),
]
ENTRIES = [Tracker(VolunteerDay, entry_days), Tracker(TeamDay, team_days)]


def volunteers_changing(ids):
    """Wrap a change of these volunteers (status, dates, place, hours totals)."""
    return tally_changes(VOLUNTEERS, ids)


def entries_changing(ids):
    """Wrap a change of these hours entries (confirmation, rejection, deletion)."""
    return tally_changes(ENTRIES, ids)


def volunteers_added(ids) -> None:
    tally_new(VOLUNTEERS, ids)


def rebuild() -> None:
    """Recompute every tally of the app from the records."""
    tally_rebuild(VolunteerDay, [VOLUNTEERS[0], ENTRIES[0]])
    tally_rebuild(StarCount, [VOLUNTEERS[1]])
    tally_rebuild(VolunteerTotal, [VOLUNTEERS[2]])
    tally_rebuild(TeamDay, [ENTRIES[1]])
