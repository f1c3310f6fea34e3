"""Sign-ups racing for the last places, each on its own connection, started
together: exactly the capacity is confirmed (PostgreSQL: real row locks). The
control shows that without the lock the same race oversells."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from services.models import Signup, SignupStatus
from services.services import signups as signup_services
from tests.factories import ActivityFactory, CenterFactory, OccurrenceFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent transactions on separate connections; SQLite's IMMEDIATE "
    "transactions serialise writers, so there is no race to test",
)

CAPACITY = 3
RACERS = 8


def race(calls):
    """Run the calls at the same moment, each on its own connection; their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except ValidationError as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def slow_count(monkeypatch):
    """Widen the window between counting the places and writing, as a busy server would."""
    original = signup_services.places_taken

    def places_taken(occurrence_id):
        taken = original(occurrence_id)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(signup_services, "places_taken", places_taken)


def small_occurrence(*, waitlist):
    activity = ActivityFactory(center=CenterFactory(), capacity=CAPACITY, waitlist=waitlist)
    return OccurrenceFactory(activity=activity)


def sign_ups(occurrence, *, lock=True):
    def one(n):
        signup = Signup(occurrence=occurrence, name=f"居民{n}", phone=f"1390000{n:04d}")
        return lambda: signup_services.signup_create(signup=signup, consented=True, lock=lock)

    return [one(n) for n in range(RACERS)]


def confirmed(occurrence) -> int:
    return Signup.objects.filter(occurrence=occurrence, status=SignupStatus.CONFIRMED).count()


def test_racing_sign_ups_confirm_exactly_the_capacity(transactional_db, slow_count):
    occurrence = small_occurrence(waitlist=False)
    outcomes = race(sign_ups(occurrence))
    assert confirmed(occurrence) == CAPACITY
    assert sum(isinstance(o, Signup) for o in outcomes) == CAPACITY
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == RACERS - CAPACITY
    assert {e.code for o in refused for e in o.error_list} == {"full"}


def test_racing_sign_ups_beyond_the_capacity_wait(transactional_db, slow_count):
    occurrence = small_occurrence(waitlist=True)
    race(sign_ups(occurrence))
    assert confirmed(occurrence) == CAPACITY
    waiting = Signup.objects.filter(occurrence=occurrence, status=SignupStatus.WAITLISTED)
    assert waiting.count() == RACERS - CAPACITY


def test_without_the_lock_the_same_race_oversells(transactional_db, slow_count):
    occurrence = small_occurrence(waitlist=False)
    race(sign_ups(occurrence, lock=False))
    # Every racer counted the places before any other had written.
    assert confirmed(occurrence) > CAPACITY


def test_racing_sign_ups_with_one_phone_leave_one(transactional_db, slow_count):
    occurrence = small_occurrence(waitlist=True)

    def same_phone(n):
        signup = Signup(occurrence=occurrence, name=f"居民{n}", phone="13900000000")
        return lambda: signup_services.signup_create(signup=signup, consented=True)

    outcomes = race([same_phone(n) for n in range(4)])
    assert Signup.objects.filter(occurrence=occurrence).count() == 1
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 3 and all("phone" in o.error_dict for o in refused)
