"""Reads about room bookings: each bookable room's free and taken times."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.formats import date_format

from centers.models import Venue, VenueOpeningHours
from services.models import VenueBooking
from services.opening import Segment, open_periods, segments


@dataclass(frozen=True)
class RoomDay:
    day: date
    label: str  # "12月8日 星期二" / "Dec. 8 Tue"
    segments: list[Segment]

    @property
    def is_closed(self) -> bool:
        return not self.segments


@dataclass(frozen=True)
class RoomSchedule:
    venue: Venue
    days: list[RoomDay]


def bookable_venues():
    """Rooms with opening hours: only those can be booked."""
    hours = VenueOpeningHours.objects.filter(venue=OuterRef("pk"))
    return Venue.objects.filter(Exists(hours))


def venue_schedules(*, start: date, days: int, venues=None) -> list[RoomSchedule]:
    """For each bookable room (or the given ones), each day from `start` for
    `days` days, cut into free and taken segments; times already past are left
    out. 3 queries: rooms, their opening hours, the approved bookings."""
    tz = timezone.get_current_timezone()
    venues = list(
        (venues if venues is not None else bookable_venues())
        .select_related("center", "center__community")
        .prefetch_related(Prefetch("opening_hours", queryset=VenueOpeningHours.objects.all()))
        .order_by("center__name", "name")
    )
    window_start = datetime.combine(start, time(0), tz)
    window_end = datetime.combine(start + timedelta(days=days), time(0), tz)
    booked = defaultdict(list)
    for venue_id, starts_at, ends_at in (
        VenueBooking.objects.approved()
        .filter(venue__in=venues)
        .overlapping(window_start, window_end)
        .values_list("venue", "starts_at", "ends_at")
    ):
        booked[venue_id].append((starts_at, ends_at))
    # Today's remaining times start at the next quarter hour.
    now = timezone.localtime().replace(second=0, microsecond=0)
    now += timedelta(minutes=-now.minute % 15)
    dates = [start + timedelta(days=offset) for offset in range(days)]
    labels = [f"{date_format(d, 'MONTH_DAY_FORMAT')} {date_format(d, 'D')}" for d in dates]
    schedules = []
    for venue in venues:
        hours = list(venue.opening_hours.all())
        room_days = []
        for day, label in zip(dates, labels, strict=True):
            cut = []
            for opens, closes in open_periods(hours, day, tz):
                opens = max(opens, now)
                if opens < closes:
                    cut += segments((opens, closes), booked[venue.pk])
            room_days.append(RoomDay(day=day, label=label, segments=cut))
        schedules.append(RoomSchedule(venue=venue, days=room_days))
    return schedules
