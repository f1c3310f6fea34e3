"""Activities and their occurrences: saving an activity, materialising its
occurrences for the rolling window, cancelling and moving one.

An occurrence is known by (activity, rule_date): materialising again finds the
rows it made and makes only the missing ones, so it can run as often as wanted.
When the schedule changes, a future occurrence the rule no longer gives is
deleted when nobody is signed up (and no volunteer has a shift), else
cancelled, and the people signed up are told (a `SignupNotice` each, listed for
staff to pass on by phone). Occurrences that have started are never touched.
"""

import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from services.models import (
    Activity,
    Occurrence,
    OccurrenceStatus,
    ShiftAssignment,
    Signup,
    SignupNotice,
    SignupStatus,
)
from services.models.activities import LIVE, MAX_OCCURRENCE_LENGTH, TOO_LONG
from services.recurrence import Schedule, clean_rule
from services.services.signups import lock_occurrence, refused, waitlist_promote
from services.tallies import signups_changing

log = logging.getLogger(__name__)


def local(day: date, at: time) -> datetime:
    """That local time of that day, in the site's time zone."""
    return datetime.combine(day, at, timezone.get_default_timezone())


def tell(*, occurrences: list[Occurrence], kind: str, note: str = "", old=None, by=None) -> int:
    """A notice for each live sign-up of the occurrences (one query to find them,
    one to write). `old` maps an occurrence's pk to its start before a move."""
    old = old or {}
    starts = {o.pk: o for o in occurrences}
    signups = Signup.objects.filter(occurrence__in=list(starts), status__in=LIVE).only(
        "pk", "occurrence_id"
    )
    notices = [
        SignupNotice(
            signup=signup,
            kind=kind,
            old_starts_at=old.get(signup.occurrence_id, starts[signup.occurrence_id].starts_at),
            new_starts_at=starts[signup.occurrence_id].starts_at
            if kind == SignupNotice.Kind.MOVED
            else None,
            note=note,
        )
        for signup in signups
    ]
    if notices:
        bulk_create_with_history(notices, SignupNotice, default_user=by)
    return len(notices)


@dataclass
class Materialized:
    """What a materialisation did."""

    created: int = 0
    deleted: int = 0
    cancelled: int = 0
    notices: int = 0
    skipped: list[int] = field(default_factory=list)  # activities whose rule is unreadable

    def __iadd__(self, other: "Materialized") -> "Materialized":
        self.created += other.created
        self.deleted += other.deleted
        self.cancelled += other.cancelled
        self.notices += other.notices
        self.skipped += other.skipped
        return self


def window_end(today: date | None = None, days: int | None = None) -> date:
    days = settings.ACTIVITY_WINDOW_DAYS if days is None else days
    return (today or timezone.localdate()) + timedelta(days=days)


def not_in_schedule_note() -> str:
    """Stored with the occurrence and shown to residents: in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("No longer in the activity's schedule.")


@transaction.atomic
def occurrences_materialize(
    *, activity: Activity, start: date | None = None, days: int | None = None, by=None
) -> Materialized:
    """Make the activity's occurrences from `start` (today) to the end of the
    window (`days`, ACTIVITY_WINDOW_DAYS), and remove the future ones its
    schedule no longer gives."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    now = timezone.now()
    start = start or timezone.localdate()
    end = window_end(days=days)
    existing = {o.rule_date: o for o in activity.occurrences.filter(rule_date__gte=start)}
    schedule = Schedule.of(activity)
    # Look as far as the furthest occurrence made, in case the window was longer then.
    wanted = set(schedule.dates(start, max([end, *existing])))
    result = Materialized()
    new = [
        Occurrence(
            activity=activity,
            rule_date=day,
            starts_at=local(day, activity.starts_at),
            ends_at=local(day, activity.ends_at),
            capacity=activity.capacity,
        )
        for day in sorted(wanted)
        if day <= end and day not in existing
    ]
    if new:
        bulk_create_with_history(new, Occurrence, default_user=by)
        result.created = len(new)
    gone = [
        occurrence
        for day, occurrence in existing.items()
        if day not in wanted
        and occurrence.starts_at > now
        and occurrence.status == OccurrenceStatus.SCHEDULED
    ]
    if gone:
        ids = [o.pk for o in gone]
        kept = set(
            Signup.objects.filter(occurrence__in=ids).values_list("occurrence_id", flat=True)
        ) | set(
            ShiftAssignment.objects.filter(occurrence__in=ids).values_list(
                "occurrence_id", flat=True
            )
        )
        deleted = [o for o in gone if o.pk not in kept]
        for occurrence in deleted:
            occurrence._history_user = by
            occurrence.delete()
        cancelled = [o for o in gone if o.pk in kept]
        note = not_in_schedule_note()
        for occurrence in cancelled:
            _cancel(lock_occurrence(occurrence.pk), note=note, by=by)
        result.deleted, result.cancelled = len(deleted), len(cancelled)
        result.notices = tell(
            occurrences=cancelled, kind=SignupNotice.Kind.CANCELLED, note=note, by=by
        )
    return result


def occurrences_materialize_all(
    *, start: date | None = None, days: int | None = None, by=None
) -> Materialized:
    """Every activity, one transaction each (short locks; one bad activity does
    not hold up the others)."""
    total = Materialized()
    for activity in Activity.objects.order_by("pk").only("pk"):
        try:
            total += occurrences_materialize(activity=activity, start=start, days=days, by=by)
        except ValueError:  # a rule saved without the admin's checks
            log.exception("activity %s: its recurrence rule cannot be read", activity.pk)
            total.skipped.append(activity.pk)
    return total


def _cancel(occurrence: Occurrence, *, note: str, by) -> None:
    occurrence.status = OccurrenceStatus.CANCELLED
    occurrence.note = note
    occurrence._history_user = by
    occurrence.full_clean()
    occurrence.save()


@transaction.atomic
def occurrence_cancel(*, occurrence: Occurrence, note: str = "", by=None) -> int:
    """Cancel an occurrence still to come; its sign-ups stay (and still show on
    their pages), each told. Returns the number of notices."""
    occurrence = lock_occurrence(occurrence.pk)
    if occurrence.is_cancelled:
        raise ValidationError(_("This occurrence is already cancelled."), code="cancelled")
    if occurrence.starts_at <= timezone.now():
        raise ValidationError(
            _("This occurrence has already started or taken place; it cannot be cancelled."),
            code="past",
        )
    _cancel(occurrence, note=note, by=by)
    return tell(occurrences=[occurrence], kind=SignupNotice.Kind.CANCELLED, note=note, by=by)


@transaction.atomic
def occurrence_move(
    *, occurrence: Occurrence, starts_at: datetime, ends_at: datetime, note: str = "", by=None
) -> int:
    """Move an occurrence to another time; its sign-ups stay and are told. A past
    occurrence may be corrected (to another past time): the people it served then
    count on the new day. Returns the number of notices."""
    occurrence = lock_occurrence(occurrence.pk)
    now = timezone.now()
    if occurrence.is_cancelled:
        raise ValidationError(_("A cancelled occurrence cannot be moved."), code="cancelled")
    if ends_at <= starts_at:
        raise refused("ends_at", _("An occurrence ends after it starts."), code="order")
    if ends_at - starts_at > MAX_OCCURRENCE_LENGTH:
        raise refused("ends_at", TOO_LONG, code="too_long")
    if (starts_at, ends_at) == (occurrence.starts_at, occurrence.ends_at):
        raise ValidationError(_("This is the time it already has."), code="unchanged")
    past = occurrence.starts_at <= now
    if not past and starts_at <= now:
        raise refused("starts_at", _("Move it to a time still to come."), code="to_the_past")
    if past and starts_at > now:
        raise refused(
            "starts_at",
            _("It has already taken place: a correction keeps it in the past."),
            code="to_the_future",
        )
    old = occurrence.starts_at
    attended = list(
        occurrence.signups.filter(status=SignupStatus.ATTENDED).values_list("pk", flat=True)
    )
    # The people served count on the occurrence's day: moving a past one moves them.
    with signups_changing(attended) if attended else nullcontext():
        occurrence.starts_at, occurrence.ends_at = starts_at, ends_at
        occurrence.note = note or occurrence.note
        occurrence._history_user = by
        occurrence.full_clean()
        occurrence.save()
    if past:
        return 0
    return tell(
        occurrences=[occurrence],
        kind=SignupNotice.Kind.MOVED,
        note=note,
        old={occurrence.pk: old},
        by=by,
    )


@transaction.atomic
def occurrence_update(
    *, occurrence: Occurrence, capacity: int | None, note: str | None = None, by=None
) -> list[Signup]:
    """Change one occurrence's places (and its note). More places move the
    waiting list up; fewer never take a place from anyone (there are just no new
    sign-ups until there is room). Returns the sign-ups that moved up."""
    locked = lock_occurrence(occurrence.pk)
    if capacity is not None and capacity < 1:
        raise refused("capacity", _("An occurrence has at least one place."), code="capacity")
    grew = locked.capacity is not None and (capacity is None or capacity > locked.capacity)
    locked.capacity = capacity
    if note is not None:
        locked.note = note
    locked._history_user = by
    locked.full_clean()
    locked.save()
    occurrence.capacity, occurrence.note = locked.capacity, locked.note
    return waitlist_promote(occurrence=locked, by=by) if grew else []


@transaction.atomic
def activity_save(*, activity: Activity, target_groups=None, by=None) -> Activity:
    """Save an activity (and its target groups). When its times of day or its
    places change, its future occurrences that still had the old ones follow
    (those moved or changed one by one keep theirs); people signed up for a moved
    one are told. Materialise its occurrences afterwards (its dates left out
    may change with it): `occurrences_materialize`."""
    previous = None
    if activity.pk:
        previous = Activity.objects.select_for_update().filter(pk=activity.pk).first()
    served_change = previous is not None and (
        target_groups is not None
        or (previous.center_id, previous.community_id)
        != (activity.center_id, activity.community_id)
    )
    attended = []
    if served_change:
        attended = list(
            Signup.objects.filter(
                occurrence__activity=activity, status=SignupStatus.ATTENDED
            ).values_list("pk", flat=True)
        )
    if activity.rrule:
        try:
            activity.rrule = clean_rule(activity.rrule)
        except ValidationError as error:
            raise ValidationError({"rrule": error.error_list}) from error
    activity._history_user = by
    activity.full_clean()
    # The people served count for the activity's community and target groups.
    with signups_changing(attended) if attended else nullcontext():
        activity.save()
        if target_groups is not None:
            activity.target_groups.set(target_groups)
    if previous is not None:
        _follow(previous, activity, by=by)
    return activity


def _follow(previous: Activity, activity: Activity, *, by) -> None:
    retimed = (previous.starts_at, previous.ends_at) != (activity.starts_at, activity.ends_at)
    recapacity = previous.capacity != activity.capacity
    if not (retimed or recapacity):
        return
    future = list(activity.occurrences.upcoming().order_by("pk"))
    note = ""
    if retimed:
        with translation.override(settings.LANGUAGE_CODE):
            note = _("The activity's time changed.")
    for occurrence in future:
        on_schedule = (occurrence.starts_at, occurrence.ends_at) == (
            local(occurrence.rule_date, previous.starts_at),
            local(occurrence.rule_date, previous.ends_at),
        )
        moved_start = local(occurrence.rule_date, activity.starts_at)
        if retimed and on_schedule and moved_start > timezone.now():
            occurrence_move(
                occurrence=occurrence,
                starts_at=moved_start,
                ends_at=local(occurrence.rule_date, activity.ends_at),
                note=note,
                by=by,
            )
        if recapacity and occurrence.capacity == previous.capacity:
            occurrence_update(occurrence=occurrence, capacity=activity.capacity, by=by)
