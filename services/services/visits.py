"""Writes about home visits (上门关爱): recording one with who visited, changing
or deleting it, and marking follow-ups done.

Every write keeps `Resident.last_visited_on` (the date of the resident's latest
visit, read by the list of residents due for a visit) and the person-times
tallies (one visit = one person-time), in the same transaction, under a lock on
the residents' rows.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from members.models import Member
from services.models import HomeVisit, Resident
from services.tallies import visits_added, visits_changing
from volunteers.models import Volunteer

# Volunteers who may be recorded as visitors: registered ones (a suspended or
# departed volunteer's past visits may still be entered).
VISITING = [Volunteer.Status.ACTIVE, Volunteer.Status.SUSPENDED, Volunteer.Status.LEFT]


def _names(people) -> str:
    return pgettext("between the items of a list", ", ").join(str(person.name) for person in people)


def visitor_errors(
    *, resident: Resident, members: list[Member], volunteers: list[Volunteer]
) -> dict[str, list[str]]:
    """What is wrong with who visited (empty when nothing is): someone must have
    visited, and visitors work or volunteer at the resident's center."""
    errors: dict[str, list[str]] = {}
    if not members and not volunteers:
        errors["members"] = [_("Who visited? Choose at least one staff member or volunteer.")]
        return errors
    foreign = [member for member in members if member.center_id != resident.center_id]
    if foreign:
        errors["members"] = [
            _("%(names)s work at another center than the one keeping this resident's record.")
            % {"names": _names(foreign)}
        ]
    foreign = [v for v in volunteers if v.center_id != resident.center_id]
    unregistered = [v for v in volunteers if v.status not in VISITING]
    problems = []
    if foreign:
        problems.append(
            _("%(names)s volunteer at another center than the one keeping this resident's record.")
            % {"names": _names(foreign)}
        )
    if unregistered:
        problems.append(
            _("%(names)s are not registered volunteers.") % {"names": _names(unregistered)}
        )
    if problems:
        errors["volunteers"] = problems
    return errors


def _lock(resident_ids: Iterable[int]) -> dict[int, Resident]:
    """Lock the residents' rows, in a fixed order (no deadlock between writers)."""
    residents = Resident.objects.select_for_update().filter(pk__in=set(resident_ids))
    return {resident.pk: resident for resident in residents.order_by("pk")}


def refresh_last_visited(residents: Iterable[Resident], *, by=None) -> None:
    """Set each resident's `last_visited_on` to their latest visit (locked rows)."""
    residents = list(residents)
    latest = dict(
        HomeVisit.objects.filter(resident__in=residents)
        .values_list("resident")
        .annotate(last=Max("visited_on"))
        .order_by()
    )
    for resident in residents:
        if resident.last_visited_on != latest.get(resident.pk):
            resident.last_visited_on = latest.get(resident.pk)
            resident._history_user = by
            resident.save(update_fields=["last_visited_on"])


@transaction.atomic
def home_visit_save(
    *,
    visit: HomeVisit,
    members: Iterable[Member],
    volunteers: Iterable[Volunteer],
    by=None,
) -> HomeVisit:
    """Record a new visit, or save a changed one, with who visited. No future
    dates; visitors from the resident's center only."""
    members, volunteers = list(members), list(volunteers)
    if visit.resident_id is None:
        visit.full_clean()  # "This field is required."
    before = None
    if visit.pk is not None:
        before = HomeVisit.objects.filter(pk=visit.pk).values_list("resident", flat=True).first()
    residents = _lock({visit.resident_id, *([before] if before else [])})
    visit.resident = residents[visit.resident_id]
    errors = visitor_errors(resident=visit.resident, members=members, volunteers=volunteers)
    try:
        visit.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    visit._history_user = by
    if visit.pk is None:
        visit.recorded_by = by
        visit.save()
        visit.members.set(members)
        visit.volunteers.set(volunteers)
        visits_added([visit.pk])
    else:
        with visits_changing([visit.pk]):
            visit.save()
            visit.members.set(members)
            visit.volunteers.set(volunteers)
    refresh_last_visited(residents.values(), by=by)
    return visit


@transaction.atomic
def home_visits_delete(*, visits: Iterable[HomeVisit], by=None) -> int:
    """Delete visits (e.g. entered twice); their residents' last visit and the
    person-times follow. Returns how many were deleted."""
    ids = [visit.pk for visit in visits]
    resident_ids = HomeVisit.objects.filter(pk__in=ids).values_list("resident", flat=True)
    residents = _lock(list(resident_ids))
    with visits_changing(ids):
        for visit in HomeVisit.objects.filter(pk__in=ids):
            visit._history_user = by
            visit.delete()
    refresh_last_visited(residents.values(), by=by)
    return len(ids)


@transaction.atomic
def home_visits_follow_up_done(
    *, visits: Iterable[HomeVisit], on: date | None = None, by=None
) -> int:
    """Mark the follow-up of these visits done (those that need one and are not
    done yet); returns how many were marked."""
    on = on or timezone.localdate()
    ids = [visit.pk for visit in visits]
    done = 0
    pending = HomeVisit.objects.select_for_update().filter(
        pk__in=ids, follow_up_needed=True, followed_up_on=None
    )
    for visit in pending.order_by("pk"):
        visit.followed_up_on = on
        visit._history_user = by
        visit.full_clean()
        visit.save(update_fields=["followed_up_on"])
        done += 1
    return done
