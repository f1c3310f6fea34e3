"""How repair orders and the people served contribute to the app's tally tables
(centers/tallies.py). The services call `orders_changing` around every write to
repair orders; `signups_changing`, `visits_changing` and `case_notes_changing`
around every write that changes who was served (attendance, a visit, a case
session, a move of a past occurrence, a change of target groups)."""

from collections import defaultdict

from django.utils import timezone

from centers.tallies import Tracker, summed, tally_changes, tally_new, tally_rebuild
from services.models import (
    Activity,
    CaseNote,
    HomeVisit,
    RepairMonth,
    RepairOrder,
    RepairResponseMinutes,
    RepairStatus,
    Resident,
    ServedDay,
    ServedGroupDay,
    Signup,
    SignupStatus,
)
from services.models.tallies import ServedSource

CHUNK = 5000


def _rows(ids):
    orders = RepairOrder.objects.all() if ids is None else RepairOrder.objects.filter(pk__in=ids)
    return (
        orders.order_by()
        .values_list(
            "service__center_id",
            "community_id",
            "submitted_at",
            "status",
            "on_site_at",
            "respond_by",
            "response_seconds",
            "rating",
        )
        .iterator(CHUNK)
    )


def month_of(moment):
    return timezone.localtime(moment).date().replace(day=1)


def repair_months(ids) -> dict:
    def pairs():
        for center, community, submitted, status, on_site, respond_by, _s, rating in _rows(ids):
            amounts = {"orders": 1}
            if status == RepairStatus.CANCELLED:
                amounts["cancelled"] = 1
            if on_site is not None:
                amounts["on_site"] = 1
                amounts["within_target"] = int(on_site <= respond_by)
            if rating is not None:
                amounts["rating_sum"], amounts["ratings"] = rating, 1
            yield (center, community, month_of(submitted)), amounts

    return summed(pairs())


def response_minutes(ids) -> dict:
    return summed(
        ((center, community, month_of(submitted), seconds // 60), {"orders": 1})
        for center, community, submitted, _status, on_site, _by, seconds, _rating in _rows(ids)
        if on_site is not None and seconds is not None
    )


ORDERS = [Tracker(RepairMonth, repair_months), Tracker(RepairResponseMinutes, response_minutes)]


def orders_changing(ids):
    """Wrap any write to these repair orders (made, moved, rated, deleted)."""
    return tally_changes(ORDERS, ids)


def orders_added(ids) -> None:
    tally_new(ORDERS, ids)


# --- People served ----------------------------------------------------------
# Each source gives rows of (record's target-group owner id, center, community,
# day, people); the owner is the activity (sign-ups) or the resident (visits,
# case sessions), whose target groups the by-group table counts in.


def _filtered(queryset, ids):
    return (queryset if ids is None else queryset.filter(pk__in=ids)).order_by()


def _signup_rows(ids):
    signups = _filtered(Signup.objects.filter(status=SignupStatus.ATTENDED), ids)
    for activity, center, community, starts_at, people in signups.values_list(
        "occurrence__activity_id",
        "occurrence__activity__center_id",
        "occurrence__activity__community_id",
        "occurrence__starts_at",
        "people",
    ).iterator(CHUNK):
        yield activity, center, community, timezone.localtime(starts_at).date(), people


def _visit_rows(ids):
    visits = _filtered(HomeVisit.objects.all(), ids)
    for resident, center, community, day in visits.values_list(
        "resident_id", "resident__center_id", "resident__community_id", "visited_on"
    ).iterator(CHUNK):
        yield resident, center, community, day, 1


def _case_note_rows(ids):
    notes = _filtered(CaseNote.objects.filter(is_session=True), ids)
    for resident, center, community, day in notes.values_list(
        "case__resident_id", "case__center_id", "case__resident__community_id", "written_on"
    ).iterator(CHUNK):
        yield resident, center, community, day, 1


def _groups_of(model, owner_ids) -> dict[int, list[int]]:
    """Target group ids of each activity or resident (one query)."""
    groups = defaultdict(list)
    through = model.target_groups.through
    owner = f"{model._meta.model_name}_id"
    rows = through.objects.filter(**{f"{owner}__in": owner_ids}).values_list(
        owner, "targetgroup_id"
    )
    for owner_id, group_id in rows.iterator(CHUNK):
        groups[owner_id].append(group_id)
    return groups


def _served(rows, source):
    return summed(
        ((center, community, day, source), {"people": people})
        for _owner, center, community, day, people in rows
    )


def _served_by_group(rows, owner_model):
    rows = list(rows)
    groups = _groups_of(owner_model, {row[0] for row in rows}) if rows else {}
    return summed(
        ((center, community, day, group), {"people": people})
        for owner, center, community, day, people in rows
        for group in groups.get(owner, ())
    )


SIGNUPS = [
    Tracker(ServedDay, lambda ids: _served(_signup_rows(ids), ServedSource.SIGNUP)),
    Tracker(ServedGroupDay, lambda ids: _served_by_group(_signup_rows(ids), Activity)),
]
VISITS = [
    Tracker(ServedDay, lambda ids: _served(_visit_rows(ids), ServedSource.VISIT)),
    Tracker(ServedGroupDay, lambda ids: _served_by_group(_visit_rows(ids), Resident)),
]
CASE_NOTES = [
    Tracker(ServedDay, lambda ids: _served(_case_note_rows(ids), ServedSource.CASE)),
    Tracker(ServedGroupDay, lambda ids: _served_by_group(_case_note_rows(ids), Resident)),
]


def signups_changing(ids):
    """Wrap a change of these sign-ups (attendance, a move of their occurrence)."""
    return tally_changes(SIGNUPS, ids)


def visits_changing(ids):
    return tally_changes(VISITS, ids)


def case_notes_changing(ids):
    return tally_changes(CASE_NOTES, ids)


def signups_added(ids) -> None:
    tally_new(SIGNUPS, ids)


def visits_added(ids) -> None:
    tally_new(VISITS, ids)


def case_notes_added(ids) -> None:
    tally_new(CASE_NOTES, ids)


def rebuild() -> None:
    tally_rebuild(RepairMonth, [ORDERS[0]])
    tally_rebuild(RepairResponseMinutes, [ORDERS[1]])
    tally_rebuild(ServedDay, [SIGNUPS[0], VISITS[0], CASE_NOTES[0]])
    tally_rebuild(ServedGroupDay, [SIGNUPS[1], VISITS[1], CASE_NOTES[1]])
