"""Two approvals of one slot racing on separate connections leave exactly one
approved (PostgreSQL: real row locks; SQLite serialises writers anyway)."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from services.models import BookingStatus, VenueBooking
from services.services import bookings as booking_services
from tests.factories import CenterFactory, VenueBookingFactory
from tests.services.bookings import at, open_room

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent transactions on separate connections; SQLite's IMMEDIATE "
    "transactions serialise writers, so there is no race to test",
)


def race(*calls):
    """Run the calls at the same moment, each on its own connection; their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except ValidationError as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def slow_check(monkeypatch):
    """Widen the window between checking and writing, as a busy server would."""
    original = booking_services.clashing

    def clashing(*args, **kwargs):
        found = original(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(booking_services, "clashing", clashing)


def two_requests():
    """Two overlapping requests for a room, the day after tomorrow."""
    room = open_room(CenterFactory())
    starts = at(timezone.localdate() + timedelta(days=2), 14)
    first = VenueBookingFactory(venue=room, starts_at=starts, ends_at=starts + timedelta(hours=2))
    second = VenueBookingFactory(
        venue=room, starts_at=starts + timedelta(hours=1), ends_at=starts + timedelta(hours=3)
    )
    return room, first, second


def test_racing_approvals_leave_exactly_one_approved(transactional_db, slow_check):
    _room, first, second = two_requests()
    outcomes = race(
        lambda: booking_services.booking_approve(bookings=[first], by=None),
        lambda: booking_services.booking_approve(bookings=[second], by=None),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert VenueBooking.objects.filter(status=BookingStatus.APPROVED).count() == 1
    # Refused by the check under the lock (which names the dates), not only by
    # the constraint: the second approval waited and saw the first.
    [refused] = [o for o in outcomes if o != "ok"]
    assert "在以下日期该时段已被预约" in refused.messages[0]


def test_racing_staff_bookings_leave_exactly_one(transactional_db, slow_check):
    room, first, _second = two_requests()
    VenueBooking.objects.all().delete()

    def book(hour):
        starts = first.starts_at + timedelta(hours=hour)
        booking_services.booking_request(
            booking=VenueBooking(
                venue=room,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                name="王某",
                phone="13900000000",
                purpose="排练",
                people=5,
            ),
            approved=True,
        )

    outcomes = race(lambda: book(0), lambda: book(1))
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    [refused] = [o for o in outcomes if o != "ok"]
    assert "以下日期该时段已被预约" in refused.messages[0]
    assert VenueBooking.objects.filter(status=BookingStatus.APPROVED).count() == 1


def test_without_the_lock_the_database_constraint_still_refuses(transactional_db, monkeypatch):
    _room, first, second = two_requests()
    # Both checks pass, as they would if two unlocked transactions read together.
    monkeypatch.setattr(booking_services, "lock_venue", lambda venue: venue)
    monkeypatch.setattr(booking_services, "clashing", lambda *args, **kwargs: [])
    outcomes = race(
        lambda: booking_services.booking_approve(bookings=[first], by=None),
        lambda: booking_services.booking_approve(bookings=[second], by=None),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    refused = next(o for o in outcomes if o != "ok")
    assert refused.messages == ["该时段已被预约。"]
    assert VenueBooking.objects.filter(status=BookingStatus.APPROVED).count() == 1
