"""The attendance sheet of an occurrence, saved in one go: who of those signed
up came, who walked in, and which volunteers served and from when until when.

Saving it counts the person-times served (the tallies) and drafts each serving
volunteer's hours in the ledger from the time actually served, through the
volunteers app's `hours_save` (the 24-hours-a-day rule, the back-dating window,
the volunteer's status), to be confirmed by a director. Saving it again updates
what it drafted, never duplicates it; hours already confirmed or rejected are
left alone. Any bad row refuses the whole sheet, with the row named.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from services.models import (
    HOLDING_PLACES,
    Occurrence,
    ShiftAssignment,
    ShiftStatus,
    Signup,
    SignupChannel,
    SignupStatus,
)
from services.selectors.shifts import current_members
from services.services.shifts import lock_occurrence, lock_volunteers
from services.tallies import signups_added, signups_changing
from volunteers.models import ServiceHours
from volunteers.models.hours import MAX_HOURS_PER_DAY
from volunteers.services.hours import hours_delete, hours_save

# What a sign-up may be marked on the sheet ("confirmed": not marked, or unmarked again).
SIGNUP_MARKS = (SignupStatus.CONFIRMED, SignupStatus.ATTENDED, SignupStatus.NO_SHOW)
CENTI = Decimal("0.01")


@dataclass(frozen=True)
class WalkIn:
    """Someone who came without signing up."""

    name: str
    phone: str = ""
    people: int = 1
    consented: bool = False  # to keep the phone


@dataclass(frozen=True)
class ShiftMark:
    """What happened to one shift: served (from, until), absent, or not marked yet."""

    shift: ShiftAssignment
    status: str
    served_from: datetime | None = None
    served_until: datetime | None = None


@dataclass
class AttendanceSaved:
    attended: int = 0  # sign-ups who came (walk-ins included), after the save
    people: int = 0  # the people they brought in all
    walk_ins: list[Signup] = field(default_factory=list)
    hours_drafted: list[ServiceHours] = field(default_factory=list)  # of those who served
    hours_withdrawn: int = 0  # drafts deleted: the volunteer was absent after all
    left_alone: list[ShiftAssignment] = field(default_factory=list)  # hours already decided


def hours_between(start: datetime, end: datetime) -> Decimal:
    """Hours from start to end, to the hundredth."""
    seconds = Decimal((end - start).total_seconds())
    return (seconds / 3600).quantize(CENTI, rounding=ROUND_HALF_UP)


def _named(row: str, messages) -> list[str]:
    return [_("%(row)s: %(problem)s") % {"row": row, "problem": m} for m in messages]


@transaction.atomic
def attendance_save(
    *,
    occurrence: Occurrence,
    signups: Mapping[Signup, str] | None = None,
    walk_ins: Sequence[WalkIn] = (),
    shifts: Sequence[ShiftMark] = (),
    by: AbstractBaseUser,
) -> AttendanceSaved:
    """Save the sheet: sign-ups marked (attended, no-show, or not marked), new
    walk-ins (attended), and the volunteers' shifts. All or nothing."""
    now = timezone.now()
    occurrence = lock_occurrence(occurrence)
    if occurrence.is_cancelled:
        raise ValidationError(_("This occurrence was cancelled; it has no attendance."))
    if occurrence.starts_at > now:
        raise ValidationError(_("The attendance sheet opens once the occurrence has started."))
    errors = []
    changed = _marked_signups(occurrence, signups or {}, now, errors)
    new = _walk_ins(occurrence, walk_ins, now, errors)
    saved = AttendanceSaved()
    withdrawn = _mark_shifts(occurrence, shifts, now, by, errors, saved)
    if errors:
        raise ValidationError(errors)
    if changed:
        with signups_changing(s.pk for s in changed):
            bulk_update_with_history(changed, Signup, ["status", "changed_at"], default_user=by)
    if new:
        saved.walk_ins = bulk_create_with_history(new, Signup, default_user=by)
        signups_added(s.pk for s in saved.walk_ins)
    if withdrawn:
        saved.hours_withdrawn = hours_delete(entries=ServiceHours.objects.filter(pk__in=withdrawn))
    came = Signup.objects.filter(occurrence=occurrence, status=SignupStatus.ATTENDED).aggregate(
        signups=Count("pk"), people=Sum("people")
    )
    saved.attended, saved.people = came["signups"], came["people"] or 0
    return saved


def _marked_signups(occurrence, marks, now, errors) -> list[Signup]:
    """The sign-ups whose mark changes (locked, not yet saved)."""
    wanted = {signup.pk: status for signup, status in marks.items()}
    rows = Signup.objects.select_for_update(of=("self",)).filter(pk__in=wanted).order_by("pk")
    found = {signup.pk: signup for signup in rows}
    changed = []
    for pk, status in wanted.items():
        signup = found.get(pk)
        if signup is None or signup.occurrence_id != occurrence.pk:
            errors.append(_("A sign-up of another occurrence cannot be marked here."))
            continue
        row = f"{signup.name} ({signup.reference})"
        if signup.status not in HOLDING_PLACES:
            errors += _named(
                row,
                [_("this sign-up is “%(status)s”.") % {"status": signup.get_status_display()}],
            )
        elif status not in SIGNUP_MARKS:
            errors += _named(row, [_("choose whether they came.")])
        elif status != signup.status:
            signup.status, signup.changed_at = status, now
            try:
                signup.full_clean()
            except ValidationError as error:
                errors += _named(row, error.messages)
            changed.append(signup)
    return changed


def _walk_ins(occurrence, walk_ins, now, errors) -> list[Signup]:
    """New attended sign-ups for those who walked in (checked, not yet saved)."""
    new, phones = [], set()
    for number, walk_in in enumerate(walk_ins, start=1):
        row = _("walk-in %(number)d (%(name)s)") % {"number": number, "name": walk_in.name}
        problems = []
        if walk_in.phone and not walk_in.consented:
            problems.append(_("tick that they agreed to their phone being kept."))
        if walk_in.phone and walk_in.phone in phones:
            problems.append(_("this phone number is on the sheet twice."))
        phones.add(walk_in.phone)
        signup = Signup(
            occurrence=occurrence,
            name=walk_in.name,
            phone=walk_in.phone,
            people=walk_in.people,
            channel=SignupChannel.WALK_IN,
            status=SignupStatus.ATTENDED,
            consented_at=now if walk_in.phone else None,
            created_at=now,
            changed_at=now,
        )
        try:
            signup.full_clean()
        except ValidationError as error:
            problems += error.messages
        if problems:
            errors += _named(row, problems)
        new.append(signup)
    return new


def _mark_shifts(occurrence, marks, now, by, errors, saved: AttendanceSaved) -> list[int]:
    """Mark the shifts and draft (or update) the hours of those who served.
    Returns the drafts to withdraw (of volunteers no longer marked served)."""
    wanted = {mark.shift.pk: mark for mark in marks}
    shifts = list(
        ShiftAssignment.objects.select_for_update(of=("self",))
        .filter(pk__in=wanted, occurrence=occurrence)
        .select_related("volunteer", "role__team", "hours_entry")
    )
    if len(shifts) != len(wanted):
        errors.append(_("A shift of another occurrence cannot be marked here."))
    lock_volunteers(shift.volunteer_id for shift in shifts)
    in_team = _in_role_teams(shifts, occurrence)
    withdrawn = []
    for shift in sorted(shifts, key=lambda s: (s.volunteer_id, s.pk)):
        mark = wanted[shift.pk]
        entry = shift.hours_entry
        if entry is not None and entry.status != ServiceHours.Status.RECORDED:
            saved.left_alone.append(shift)
            continue
        row = f"{shift.volunteer} ({shift.role.name})"
        problems = _shift_problems(mark, now)
        if problems:
            errors += _named(row, problems)
            continue
        before = (shift.status, shift.served_from, shift.served_until, shift.hours_entry_id)
        shift.status = mark.status
        served = mark.status == ShiftStatus.SERVED
        shift.served_from = mark.served_from if served else None
        shift.served_until = mark.served_until if served else None
        if served:
            try:
                entry = _draft_hours(shift, entry, occurrence, in_team, by)
            except ValidationError as error:
                errors += _named(row, error.messages)
                continue
            saved.hours_drafted.append(entry)
            shift.hours_entry = entry
        elif entry is not None:
            withdrawn.append(entry.pk)
            shift.hours_entry = None
        if (shift.status, shift.served_from, shift.served_until, shift.hours_entry_id) != before:
            shift._history_user = by
            try:
                shift.full_clean()
            except ValidationError as error:
                errors += _named(row, error.messages)
                continue
            shift.save()
    return withdrawn


def _shift_problems(mark: ShiftMark, now) -> list[str]:
    if mark.status not in ShiftStatus.values:
        return [_("choose whether they served.")]
    if mark.status != ShiftStatus.SERVED:
        return []
    start, end = mark.served_from, mark.served_until
    if start is None or end is None:
        return [_("give the actual start and end.")]
    if end <= start:
        return [_("the actual end is before the start.")]
    if end > now:
        return [_("the actual end is still to come; save the sheet again once it is over.")]
    if hours_between(start, end) > MAX_HOURS_PER_DAY:
        return [_("more than 24 hours in one go.")]
    return []


def _in_role_teams(shifts, occurrence) -> set[tuple[int, int]]:
    """(team, volunteer) pairs for volunteers who are members (on the day) of
    their role's team or of one of its sub-teams: one query per team."""
    day = timezone.localtime(occurrence.starts_at).date()
    pairs = set()
    for team_id in {shift.role.team_id for shift in shifts if shift.role.team_id}:
        ids = [shift.volunteer_id for shift in shifts if shift.role.team_id == team_id]
        members = current_members(team_id, day).filter(volunteer__in=ids)
        pairs |= {(team_id, v) for v in members.values_list("volunteer", flat=True)}
    return pairs


def _draft_hours(shift, entry, occurrence, in_team, by) -> ServiceHours:
    """Draft (or update) the volunteer's hours entry from the time served (an
    existing draft that already says the same is left untouched)."""
    role = shift.role
    fields = {
        "served_on": timezone.localtime(shift.served_from).date(),
        "hours": hours_between(shift.served_from, shift.served_until),
        "content": role.name,
        "activity": occurrence.activity.title,
        "team_id": role.team_id if (role.team_id, shift.volunteer_id) in in_team else None,
    }
    if entry is None:
        entry = ServiceHours(volunteer=shift.volunteer)
    elif all(getattr(entry, name) == value for name, value in fields.items()):
        return entry
    for name, value in fields.items():
        setattr(entry, name, value)
    return hours_save(entry=entry, user=by)
