"""Shared setup of the shift and attendance tests: the free haircut on the last
Wednesday of December 2026 (9:00–11:30), its volunteers, and a way to make one
shift (for tests/admin_objects.py too)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from services.models import ShiftAssignment
from tests.factories import (
    ActivityFactory,
    OccurrenceFactory,
    ShiftRoleFactory,
    VolunteerFactory,
)

TZ = ZoneInfo("Asia/Shanghai")
HAIRCUT_DAY = date(2026, 12, 30)  # the last Wednesday of December
BEFORE = datetime(2026, 12, 28, 10, 0, tzinfo=TZ)  # Monday before: staffing
AFTER = datetime(2026, 12, 30, 15, 0, tzinfo=TZ)  # the afternoon after: attendance


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def haircut(center, *, day: date = HAIRCUT_DAY, title: str = "免费理发", **fields):
    """An occurrence of the haircut (9:00–11:30) at the center, on that day."""
    activity = ActivityFactory(
        center=center,
        title=title,
        first_date=day,
        starts_at=fields.pop("starts_at", time(9)),
        ends_at=fields.pop("ends_at", time(11, 30)),
        **fields,
    )
    return OccurrenceFactory(activity=activity)


def volunteers_of(center, count: int, **fields) -> list:
    return [VolunteerFactory(center=center, **fields) for _ in range(count)]


def shift(role, occurrence, volunteer, **fields) -> ShiftAssignment:
    """A shift written directly (the services are what the tests exercise)."""
    starts_at, ends_at = role.period_at(occurrence)
    return ShiftAssignment.objects.create(
        role=role,
        occurrence=occurrence,
        volunteer=volunteer,
        starts_at=fields.pop("starts_at", starts_at),
        ends_at=fields.pop("ends_at", ends_at),
        **fields,
    )


def shift_at(center) -> ShiftAssignment:
    """One shift of the center's activity (for the persona matrix)."""
    role = ShiftRoleFactory(activity__center=center, name="理发师")
    occurrence = OccurrenceFactory(activity=role.activity)
    return shift(role, occurrence, VolunteerFactory(center=center))
