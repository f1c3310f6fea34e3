"""The hours ledger: recording (one entry or one activity for many volunteers),
confirming, rejecting, and the confirmed-hours total kept on each volunteer.

The 24-hour rule is checked under a lock on the volunteers' rows (lock, then
sum, then write, in one transaction), so two entries made at the same moment
cannot together pass 24 hours for one day.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from volunteers.models import ServiceHours, Team, Volunteer
from volunteers.models.hours import MAX_HOURS_PER_DAY, format_hours
from volunteers.tallies import entries_changing, volunteers_changing

# Volunteers whose hours may be recorded: not before approval, not when rejected
# (a suspended or departed volunteer's past service may still be entered).
RECORDABLE = [Volunteer.Status.ACTIVE, Volunteer.Status.SUSPENDED, Volunteer.Status.LEFT]
# Volunteers per UPDATE when totals are refreshed (bounded query parameters).
REFRESH_CHUNK = 1000


def check_date(*, served_on: date, user: AbstractBaseUser, today: date | None = None) -> None:
    """No future dates; older than the back-dating window only with the permission."""
    today = today or timezone.localdate()
    if served_on > today:
        raise ValidationError({"served_on": _("Hours cannot be recorded for a future date.")})
    window = settings.VOLUNTEER_HOURS_BACKDATE_DAYS
    if served_on < today - timedelta(days=window) and not user.has_perm(
        "volunteers.backdate_servicehours"
    ):
        raise ValidationError(
            {
                "served_on": _(
                    "This date is more than %(days)d days ago; only a director may record it."
                )
                % {"days": window}
            }
        )


def check_volunteers(*, volunteers: Iterable[Volunteer], served_on: date) -> None:
    problems = []
    for volunteer in volunteers:
        if volunteer.status not in RECORDABLE:
            problems.append(
                _("%(volunteer)s is not a registered volunteer (%(status)s).")
                % {"volunteer": volunteer, "status": volunteer.get_status_display()}
            )
        elif volunteer.left_on and served_on > volunteer.left_on:
            problems.append(
                _("%(volunteer)s left on %(date)s.")
                % {"volunteer": volunteer, "date": volunteer.left_on.isoformat()}
            )
    if problems:
        raise ValidationError({"volunteer": problems})


def day_totals(*, volunteer_ids: Iterable[int], served_on: date, exclude_pk=None) -> dict:
    """Hours already taken on that day per volunteer (recorded and confirmed)."""
    entries = ServiceHours.objects.counting_towards_the_day().filter(
        volunteer_id__in=list(volunteer_ids), served_on=served_on
    )
    if exclude_pk is not None:
        entries = entries.exclude(pk=exclude_pk)
    rows = entries.values("volunteer_id").annotate(total=Sum("hours"))
    return {row["volunteer_id"]: row["total"] for row in rows}


def check_day(
    *, volunteers: list[Volunteer], served_on: date, hours: Decimal, exclude_pk=None
) -> None:
    """At most 24 hours per volunteer and day, across all entries."""
    totals = day_totals(
        volunteer_ids=[v.pk for v in volunteers], served_on=served_on, exclude_pk=exclude_pk
    )
    over = [
        _("%(volunteer)s already has %(taken)s hours on %(date)s; at most %(max)s fit in a day.")
        % {
            "volunteer": volunteer,
            "taken": format_hours(totals.get(volunteer.pk, 0)),
            "date": served_on.isoformat(),
            "max": format_hours(MAX_HOURS_PER_DAY),
        }
        for volunteer in volunteers
        if totals.get(volunteer.pk, 0) + hours > MAX_HOURS_PER_DAY
    ]
    if over:
        raise ValidationError({"hours": over})


def _lock(volunteer_ids: Iterable[int]) -> list[Volunteer]:
    """Lock the volunteers' rows in a fixed order (no deadlock between two writers)."""
    return list(
        Volunteer.objects.select_for_update().filter(pk__in=set(volunteer_ids)).order_by("pk")
    )


@transaction.atomic
def hours_save(*, entry: ServiceHours, user: AbstractBaseUser) -> ServiceHours:
    """Record a new entry, or save a changed one that is still to be confirmed."""
    if entry.pk and entry.status != ServiceHours.Status.RECORDED:
        raise ValidationError(_("Confirmed or rejected hours cannot be changed."))
    (volunteer,) = _lock([entry.volunteer_id])
    check_date(served_on=entry.served_on, user=user)
    check_volunteers(volunteers=[volunteer], served_on=entry.served_on)
    check_day(
        volunteers=[volunteer], served_on=entry.served_on, hours=entry.hours, exclude_pk=entry.pk
    )
    if not entry.pk:
        entry.center_id = volunteer.center_id
        entry.community_id = volunteer.community_id
        entry.recorded_by = user
    entry._history_user = user
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def hours_record_bulk(
    *,
    volunteers: Iterable[Volunteer],
    served_on: date,
    hours: Decimal,
    content: str,
    activity: str,
    user: AbstractBaseUser,
    team: Team | None = None,
) -> list[ServiceHours]:
    """One activity's hours for many volunteers at once: all entries or none."""
    locked = _lock(v.pk for v in volunteers)
    check_date(served_on=served_on, user=user)
    check_volunteers(volunteers=locked, served_on=served_on)
    check_day(volunteers=locked, served_on=served_on, hours=hours)
    entries = [
        ServiceHours(
            volunteer=volunteer,
            center_id=volunteer.center_id,
            community_id=volunteer.community_id,
            team=team,
            served_on=served_on,
            hours=hours,
            content=content,
            activity=activity,
            recorded_by=user,
        )
        for volunteer in locked
    ]
    for entry in entries:
        entry.full_clean(exclude=["volunteer", "center"])
    return bulk_create_with_history(entries, ServiceHours, default_user=user, batch_size=1000)


def _decide(
    entries: models.QuerySet, *, user: AbstractBaseUser, status: str, reason: str = ""
) -> int:
    decided = list(
        entries.filter(status=ServiceHours.Status.RECORDED).select_for_update().order_by("pk")
    )
    now = timezone.now()
    for entry in decided:
        entry.status = status
        entry.rejection_reason = reason
        entry.confirmed_by = user
        entry.confirmed_at = now
    volunteer_ids = {entry.volunteer_id for entry in decided}
    with entries_changing(e.pk for e in decided), volunteers_changing(volunteer_ids):
        bulk_update_with_history(
            decided,
            ServiceHours,
            ["status", "rejection_reason", "confirmed_by", "confirmed_at"],
            default_user=user,
            batch_size=1000,
        )
        confirmed_hours_refresh(volunteer_ids=volunteer_ids)
    return len(decided)


@transaction.atomic
def hours_confirm(*, entries: models.QuerySet, user: AbstractBaseUser) -> int:
    """Confirm entries still to be confirmed; returns how many were."""
    return _decide(entries, user=user, status=ServiceHours.Status.CONFIRMED)


@transaction.atomic
def hours_reject(*, entries: models.QuerySet, reason: str, user: AbstractBaseUser) -> int:
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    return _decide(entries, user=user, status=ServiceHours.Status.REJECTED, reason=reason)


@transaction.atomic
def hours_delete(*, entries: models.QuerySet) -> int:
    """Delete entries (each deletion recorded in the history) and correct the totals."""
    pairs = list(entries.values_list("pk", "volunteer_id"))
    volunteer_ids = {volunteer_id for _pk, volunteer_id in pairs}
    with entries_changing(pk for pk, _v in pairs), volunteers_changing(volunteer_ids):
        deleted, _by_model = entries.delete()
        confirmed_hours_refresh(volunteer_ids=volunteer_ids)
    return deleted


def confirmed_hours_sum():
    """Per volunteer (as OuterRef("pk")): the sum of confirmed hours, 0 when none."""
    total = (
        ServiceHours.objects.confirmed()
        .filter(volunteer=OuterRef("pk"))
        .order_by()
        .values("volunteer")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=Volunteer._meta.get_field("confirmed_hours")),
        Value(Decimal(0)),
    )


def last_served_on():
    """Per volunteer (as OuterRef("pk")): the last day of confirmed service, or None."""
    last = (
        ServiceHours.objects.confirmed()
        .filter(volunteer=OuterRef("pk"))
        .order_by()
        .values("volunteer")
        .annotate(last=Max("served_on"))
        .values("last")
    )
    return Subquery(last, output_field=Volunteer._meta.get_field("last_served_on"))


def confirmed_hours_refresh(*, volunteer_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored totals (and last day served) from the ledger, of some
    volunteers or of all.

    Both are derived and left out of the volunteer's history, so an UPDATE (not a
    save) is right here: it writes no history and races nothing.
    """
    totals = {"confirmed_hours": confirmed_hours_sum(), "last_served_on": last_served_on()}
    if volunteer_ids is None:
        return Volunteer.objects.update(**totals)
    ids = sorted(set(volunteer_ids))
    updated = 0
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        updated += Volunteer.objects.filter(pk__in=chunk).update(**totals)
    return updated


def confirmed_hours_mismatches() -> models.QuerySet:
    """Volunteers whose stored total or last day differs from their ledger (should be
    none)."""
    differs = (
        ~Q(confirmed_hours=F("ledger"))
        | Q(last_served_on__isnull=True, last__isnull=False)
        | Q(last_served_on__isnull=False, last__isnull=True)
        | (Q(last_served_on__isnull=False, last__isnull=False) & ~Q(last_served_on=F("last")))
    )
    return (
        Volunteer.objects.annotate(ledger=confirmed_hours_sum(), last=last_served_on())
        .filter(differs)
        .order_by("pk")
    )
