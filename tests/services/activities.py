"""Shared setup of the activity tests: a frozen Monday, and activities with
their occurrences (made by the service that makes them in production)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from services.models import Occurrence, Signup
from services.services.occurrences import occurrences_materialize
from services.services.signups import signup_create
from tests.factories import ActivityFactory

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)
HAIRCUT_RULE = "FREQ=MONTHLY;BYDAY=-1WE"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def haircut(center, **fields) -> tuple:
    """The free haircut on the last Wednesday of each month, 9:00–11:30, and its
    occurrences in the window (the first one on 30 December 2026)."""
    activity = ActivityFactory(
        center=center,
        title=fields.pop("title", "免费理发"),
        first_date=fields.pop("first_date", MONDAY),
        rrule=HAIRCUT_RULE,
        starts_at=time(9),
        ends_at=time(11, 30),
        capacity=fields.pop("capacity", 20),
        **fields,
    )
    occurrences_materialize(activity=activity)
    return activity, list(activity.occurrences.order_by("starts_at"))


def one_off(center, *, capacity=3, waitlist=True, day=date(2026, 12, 9), **fields) -> Occurrence:
    """A one-off activity on Wednesday 9 December 2026, 9:00–11:30, and its occurrence."""
    activity = ActivityFactory(
        center=center, first_date=day, capacity=capacity, waitlist=waitlist, **fields
    )
    occurrences_materialize(activity=activity)
    return activity.occurrences.get()


def sign_up(occurrence, *, phone="13800000001", people=1, name="张大爷", **fields) -> Signup:
    return signup_create(
        signup=Signup(occurrence=occurrence, name=name, phone=phone, people=people, **fields),
        consented=True,
    )


def codes(error) -> set[str]:
    """The codes of a ValidationError's messages, beside a field or not."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}
