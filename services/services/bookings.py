"""Writes about room bookings. Whatever approves a booking or makes an approved
one first locks the room's row, then checks for overlaps, in one transaction:
two racing approvals of one slot leave exactly one approved."""

import uuid
from collections import defaultdict
from copy import copy
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history

from centers.models import Venue
from services.models import BookingStatus, VenueBooking
from services.opening import Period, is_open


def weekly(starts_at: datetime, ends_at: datetime, weeks: int) -> list[Period]:
    """The same local time of day, `weeks` weeks in a row."""
    starts_at, ends_at = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return [
        (starts_at + timedelta(weeks=week), ends_at + timedelta(weeks=week))
        for week in range(weeks)
    ]


def separator() -> str:
    return pgettext("between the items of a list", ", ")


def lock_venue(venue: Venue) -> Venue:
    """Lock the room's row until the transaction ends: approvals of one room queue
    here. (On SQLite, whose transactions take the write lock when they begin, the
    lock is a no-op and not needed.)"""
    return Venue.objects.select_for_update().get(pk=venue.pk)


def dates_text(periods: list[Period]) -> str:
    days = sorted({timezone.localtime(start).date() for start, _end in periods})
    return separator().join(formats.date_format(day, "SHORT_DATE_FORMAT") for day in days)


def clashing(venue: Venue, periods: list[Period], exclude=()) -> list[Period]:
    """The periods that overlap an approved booking of the room (one query)."""
    if not periods:
        return []
    approved = list(
        VenueBooking.objects.approved()
        .filter(venue=venue)
        .overlapping(min(s for s, _e in periods), max(e for _s, e in periods))
        .exclude(pk__in=exclude)
        .values_list("starts_at", "ends_at")
    )
    return [
        (start, end)
        for start, end in periods
        if any(start < taken_end and taken_start < end for taken_start, taken_end in approved)
    ]


def check_periods(
    *, venue: Venue, periods: list[Period], people: int | None, lock: bool, exclude=()
) -> None:
    """Refuse periods in the past, outside the room's opening hours, over its
    capacity or overlapping an approved booking, naming the dates concerned.
    With `lock`, the room stays locked until the caller's transaction ends."""
    if lock:
        lock_venue(venue)
    errors = []
    now = timezone.now()
    past = [period for period in periods if period[0] < now]
    if past:
        errors.append(_("These dates are in the past: %(dates)s.") % {"dates": dates_text(past)})
    hours = list(venue.opening_hours.all())
    tz = timezone.get_current_timezone()
    closed = [(s, e) for s, e in periods if not is_open(hours, s, e, tz)]
    if closed:
        errors.append(
            _("The room is not open for the whole time on: %(dates)s.")
            % {"dates": dates_text(closed)}
        )
    if people and people > venue.capacity:
        errors.append(
            _("This room holds at most %(capacity)d people.") % {"capacity": venue.capacity}
        )
    taken = clashing(venue, periods, exclude=exclude)
    if taken:
        errors.append(
            _("The room is already booked at this time on: %(dates)s.")
            % {"dates": dates_text(taken)}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def booking_request(
    *, booking: VenueBooking, weeks: int = 1, approved: bool = False, by=None
) -> list[VenueBooking]:
    """Ask for the room: `booking` (unsaved, for the first date) and, for a weekly
    series, a copy for each further week, each checked on its own. Staff may make
    them approved at once. Returns the saved bookings, `booking` first."""
    if not 1 <= weeks <= settings.VENUE_BOOKING_MAX_WEEKS:
        raise ValidationError(
            _("A series has at most %(weeks)d weeks.") % {"weeks": settings.VENUE_BOOKING_MAX_WEEKS}
        )
    periods = weekly(booking.starts_at, booking.ends_at, weeks)
    check_periods(venue=booking.venue, periods=periods, people=booking.people, lock=True)
    now = timezone.now()
    booking.series = uuid.uuid4() if weeks > 1 else None
    booking.requested_at = now
    booking.status = BookingStatus.APPROVED if approved else BookingStatus.REQUESTED
    booking.decided_at = now if approved else None
    booking.decided_by = by if approved else None
    bookings = [booking]
    for starts_at, ends_at in periods[1:]:
        bookings.append(copy(booking))
        bookings[-1].starts_at, bookings[-1].ends_at = starts_at, ends_at
    for each in bookings:
        each.full_clean()
    return _saved(lambda: bulk_create_with_history(bookings, VenueBooking, default_user=by))


def with_series(bookings) -> set[int]:
    """The keys of the bookings and, for requests, of the other requests of their
    weekly series: a series is approved or declined as a whole."""
    pks = {booking.pk for booking in bookings}
    series = {b.series for b in bookings if b.series and b.status == BookingStatus.REQUESTED}
    if series:
        more = VenueBooking.objects.filter(series__in=series, status=BookingStatus.REQUESTED)
        pks |= set(more.values_list("pk", flat=True))
    return pks


@transaction.atomic
def booking_approve(*, bookings, by) -> list[VenueBooking]:
    """Approve requests (with the rest of their weekly series), all or none: refused
    with the clashing dates when any overlaps an approved booking or another of them."""
    pks = with_series(bookings)
    for venue in Venue.objects.filter(bookings__pk__in=pks).distinct().order_by("pk"):
        lock_venue(venue)
    chosen = list(
        VenueBooking.objects.select_for_update().filter(pk__in=pks).select_related("venue")
    )
    not_requested = [b for b in chosen if b.status != BookingStatus.REQUESTED]
    if not_requested:
        raise ValidationError(
            _("Only requested bookings can be approved; not: %(bookings)s.")
            % {"bookings": separator().join(str(b) for b in not_requested)}
        )
    by_venue = defaultdict(list)
    for booking in chosen:
        by_venue[booking.venue].append(booking)
    problems = []
    for venue, group in by_venue.items():
        periods = [(b.starts_at, b.ends_at) for b in group]
        taken = clashing(venue, periods, exclude=pks)
        taken += [
            (a.starts_at, a.ends_at)
            for i, a in enumerate(group)
            for b in group[i + 1 :]
            if a.starts_at < b.ends_at and b.starts_at < a.ends_at
        ]
        if taken:
            problems.append(
                _("%(room)s is already booked at this time on: %(dates)s.")
                % {"room": venue, "dates": dates_text(taken)}
            )
    if problems:
        raise ValidationError(problems)
    return _saved(lambda: _decide(chosen, BookingStatus.APPROVED, by=by))


@transaction.atomic
def booking_decline(*, bookings, by, note: str = "") -> list[VenueBooking]:
    """Decline requests (with the rest of their weekly series) or cancel approved
    bookings; the room is free again."""
    pks = with_series(bookings)
    chosen = list(VenueBooking.objects.select_for_update().filter(pk__in=pks))
    final = [b for b in chosen if b.status in (BookingStatus.DECLINED, BookingStatus.CANCELLED)]
    if final:
        raise ValidationError(
            _("These bookings were already declined or cancelled: %(bookings)s.")
            % {"bookings": separator().join(str(b) for b in final)}
        )
    for booking in chosen:
        booking.note = note or booking.note
        status = BookingStatus.DECLINED
        if booking.status == BookingStatus.APPROVED:
            status = BookingStatus.CANCELLED
        _decide([booking], status, by=by)
    return chosen


def _decide(bookings, status, *, by):
    now = timezone.now()
    for booking in bookings:
        booking.status = status
        booking.decided_at = now
        booking.decided_by = by
        booking._history_user = by
        booking.save()
    return bookings


def _saved(write):
    """Run a write that the database may refuse: on PostgreSQL the exclusion
    constraint is the last line against overlapping approved bookings."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as error:
        if "venuebooking_no_overlap" not in str(error):
            raise
        raise ValidationError(_("The room is already booked at this time.")) from error
