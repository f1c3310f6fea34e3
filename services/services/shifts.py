"""Writes about volunteer shifts: filling an occurrence's slots (in bulk, all or
nothing) and releasing volunteers from them.

Lock, count, write, in one transaction: the occurrence's row first (fills of
one occurrence queue there, so a role's slots are never over-filled), then the
chosen volunteers' rows in key order (two fills of different occurrences that
share a volunteer queue there, so one volunteer never gets two overlapping
shifts). On PostgreSQL an exclusion constraint (migration 0006) refuses
overlapping shifts of one volunteer whatever writes them.
"""

from collections import Counter
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from simple_history.utils import bulk_create_with_history

from services.models import Occurrence, ShiftAssignment, ShiftRole, ShiftStatus
from services.selectors.shifts import clashing_shifts, eligible_volunteers, shift_label
from volunteers.models import Volunteer


def lock_occurrence(occurrence: Occurrence) -> Occurrence:
    """Lock the occurrence's row until the transaction ends; returns it fresh,
    with its activity. (A no-op on SQLite, whose IMMEDIATE transactions already
    take the write lock when they begin.)"""
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("activity")
        .get(pk=occurrence.pk)
    )


def lock_volunteers(volunteer_ids: Iterable[int]) -> dict[int, Volunteer]:
    """Lock the volunteers' rows in key order (so two writers never deadlock)."""
    locked = Volunteer.objects.select_for_update().filter(pk__in=set(volunteer_ids)).order_by("pk")
    return {volunteer.pk: volunteer for volunteer in locked}


def slots_taken(*, occurrence: Occurrence, roles: Iterable[ShiftRole]) -> dict[int, int]:
    """Volunteers already assigned per role at the occurrence (one query)."""
    rows = (
        ShiftAssignment.objects.filter(occurrence=occurrence, role__in=list(roles))
        .order_by()
        .values("role")
        .annotate(taken=Count("pk"))
    )
    return {row["role"]: row["taken"] for row in rows}


def _ineligible(volunteer: Volunteer, role: ShiftRole, occurrence: Occurrence) -> str:
    if volunteer.status != Volunteer.Status.ACTIVE:
        return _("%(volunteer)s is not an active volunteer (%(status)s).") % {
            "volunteer": volunteer,
            "status": volunteer.get_status_display(),
        }
    if volunteer.center_id != occurrence.activity.center_id:
        return _("%(volunteer)s is a volunteer of another center.") % {"volunteer": volunteer}
    wanted = [str(w) for w in (role.team, role.skill) if w is not None]
    return _("%(volunteer)s is not in %(wanted)s, which %(role)s asks for.") % {
        "volunteer": volunteer,
        "wanted": pgettext("between alternatives", " or ").join(wanted),
        "role": role.name,
    }


@transaction.atomic
def shifts_assign(
    *,
    occurrence: Occurrence,
    picks: Mapping[ShiftRole, Iterable[Volunteer]],
    by: AbstractBaseUser | None = None,
) -> list[ShiftAssignment]:
    """Give the chosen volunteers the roles' slots at the occurrence, all or none.

    Refused, naming who and why, when a volunteer is not eligible for the role,
    is chosen twice, already has a shift then (the clash named), or when a role
    would have more volunteers than it needs."""
    occurrence = lock_occurrence(occurrence)
    picks = {role: list(volunteers) for role, volunteers in picks.items()}
    chosen = [(role, v) for role, volunteers in picks.items() for v in volunteers]
    if not chosen:
        return []
    if occurrence.is_cancelled:
        raise ValidationError(_("This occurrence was cancelled; its shifts cannot be filled."))
    foreign = [role for role in picks if role.activity_id != occurrence.activity_id]
    if foreign:
        raise ValidationError(
            _("%(role)s is not a role of this activity.") % {"role": foreign[0].name}
        )
    volunteers = lock_volunteers(v.pk for _role, v in chosen)
    errors = []
    twice = [pk for pk, times in Counter(v.pk for _r, v in chosen).items() if times > 1]
    errors += [
        _("%(volunteer)s is chosen more than once.") % {"volunteer": volunteers[pk]} for pk in twice
    ]
    taken = slots_taken(occurrence=occurrence, roles=picks)
    periods = {}
    for role, chosen_for_role in picks.items():
        if not chosen_for_role:
            continue
        periods[role] = role.period_at(occurrence)
        ids = [v.pk for v in chosen_for_role]
        eligible = set(
            eligible_volunteers(role=role, occurrence=occurrence)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        errors += [
            _ineligible(volunteers[pk], role, occurrence) for pk in ids if pk not in eligible
        ]
        free = role.slots - taken.get(role.pk, 0)
        if len(ids) > free:
            errors.append(
                ngettext(
                    "%(role)s needs %(slots)d volunteer and has %(taken)d; "
                    "at most %(free)d more can be assigned, not %(chosen)d.",
                    "%(role)s needs %(slots)d volunteers and has %(taken)d; "
                    "at most %(free)d more can be assigned, not %(chosen)d.",
                    role.slots,
                )
                % {
                    "role": role.name,
                    "slots": role.slots,
                    "taken": taken.get(role.pk, 0),
                    "free": max(free, 0),
                    "chosen": len(ids),
                }
            )
        errors += _clashes(occurrence, role, periods[role], [volunteers[pk] for pk in ids])
    if errors:
        raise ValidationError(errors)
    shifts = []
    for role, chosen_for_role in picks.items():
        for volunteer in chosen_for_role:
            starts_at, ends_at = periods[role]
            shift = ShiftAssignment(
                role=role,
                occurrence=occurrence,
                volunteer=volunteers[volunteer.pk],
                starts_at=starts_at,
                ends_at=ends_at,
                assigned_by=by,
            )
            shift.full_clean()
            shifts.append(shift)
    return _saved(lambda: bulk_create_with_history(shifts, ShiftAssignment, default_user=by))


def _clashes(occurrence, role, period, volunteers) -> list[str]:
    """A refusal for each volunteer who already has a shift then, naming it."""
    starts_at, ends_at = period
    shifts = (
        clashing_shifts(
            volunteer_ids=[v.pk for v in volunteers],
            occurrence=occurrence,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        .select_related("volunteer", "role", "occurrence__activity")
        .order_by("volunteer", "starts_at", "pk")
    )
    first = {}
    for shift in shifts:
        first.setdefault(shift.volunteer_id, shift)
    return [
        _("%(volunteer)s already has a shift then: %(shift)s.")
        % {"volunteer": shift.volunteer, "shift": shift_label(shift)}
        for shift in first.values()
    ]


def _saved(write):
    """Run a write the database may refuse: on PostgreSQL the exclusion constraint
    is the last line against overlapping shifts of one volunteer."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as error:
        if "shiftassignment_no_overlap" in str(error):
            raise ValidationError(
                _("One of these volunteers already has a shift at this time.")
            ) from error
        if "shift_once_per_occurrence" in str(error):
            raise ValidationError(
                _("One of these volunteers already has a shift at this occurrence.")
            ) from error
        raise
    except OperationalError as error:
        # Two writers each waiting on the other's row in the same exclusion check:
        # PostgreSQL cancels one; its shift overlaps the other's.
        if "deadlock detected" in str(error) and "exclusion constraint" in str(error):
            raise ValidationError(
                _("One of these volunteers already has a shift at this time.")
            ) from error
        raise


@transaction.atomic
def shifts_release(
    *, occurrence: Occurrence, shifts: Iterable[ShiftAssignment], by: AbstractBaseUser | None = None
) -> int:
    """Take volunteers off their shifts at the occurrence (their slots open
    again); only shifts not yet marked on the attendance sheet."""
    occurrence = lock_occurrence(occurrence)
    pks = [shift.pk for shift in shifts]
    locked = list(
        ShiftAssignment.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .select_related("volunteer")
        .order_by("pk")
    )
    errors = []
    for shift in locked:
        if shift.occurrence_id != occurrence.pk:
            errors.append(
                _("%(volunteer)s's shift is not at this occurrence.")
                % {"volunteer": shift.volunteer}
            )
        elif shift.status != ShiftStatus.ASSIGNED or shift.hours_entry_id:
            errors.append(
                _(
                    "%(volunteer)s's shift is already marked “%(status)s”; "
                    "change it on the attendance sheet."
                )
                % {"volunteer": shift.volunteer, "status": shift.get_status_display()}
            )
    if errors:
        raise ValidationError(errors)
    for shift in locked:
        shift._history_user = by
        shift.delete()
    return len(locked)
