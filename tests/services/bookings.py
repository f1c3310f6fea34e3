"""Shared setup of the room-booking tests: a frozen Monday and a room open every day."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from centers.models import VenueOpeningHours
from tests.factories import VenueFactory

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def open_room(center, *, capacity=25, opens=time(8, 30), closes=time(20, 30), **fields):
    venue = VenueFactory(center=center, capacity=capacity, **fields)
    for weekday in range(1, 8):
        VenueOpeningHours.objects.create(venue=venue, weekday=weekday, opens=opens, closes=closes)
    return venue
