"""Shift fills racing on separate connections (PostgreSQL: real row locks; SQLite
serialises writers anyway): two bulk fills of one role never pass its slots,
and two overlapping shifts of one volunteer leave exactly one."""

import time
from datetime import time as clock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from services.models import ShiftAssignment
from services.services import shifts as shift_services
from tests.factories import CenterFactory, ShiftRoleFactory
from tests.services.shifts import haircut, volunteers_of
from tests.services.test_booking_race import race
from volunteers.models import Volunteer

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent transactions on separate connections; SQLite's IMMEDIATE "
    "transactions serialise writers, so there is no race to test",
)


def slowed(monkeypatch, name):
    """Widen the window between counting or checking and writing, as a busy server would."""
    original = getattr(shift_services, name)

    def slow(*args, **kwargs):
        found = original(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(shift_services, name, slow)


def test_racing_bulk_fills_never_pass_the_slots(transactional_db, monkeypatch):
    slowed(monkeypatch, "slots_taken")
    center = CenterFactory()
    occurrence = haircut(center)
    role = ShiftRoleFactory(activity=occurrence.activity, slots=3)
    team = volunteers_of(center, 4)
    outcomes = race(
        lambda: shift_services.shifts_assign(occurrence=occurrence, picks={role: team[:2]}),
        lambda: shift_services.shifts_assign(occurrence=occurrence, picks={role: team[2:]}),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert ShiftAssignment.objects.filter(role=role).count() == 2
    # The second fill waited for the first, counted its two and was refused.
    [refused] = [o for o in outcomes if o != "ok"]
    assert role.name in refused.messages[0]


def test_without_the_lock_racing_fills_would_over_fill(transactional_db, monkeypatch):
    """What the lock is for: both fills count the same free slots."""
    slowed(monkeypatch, "slots_taken")
    monkeypatch.setattr(
        shift_services,
        "lock_occurrence",
        lambda occurrence: (
            type(occurrence).objects.select_related("activity").get(pk=occurrence.pk)
        ),
    )
    monkeypatch.setattr(shift_services, "lock_volunteers", _unlocked)
    center = CenterFactory()
    occurrence = haircut(center)
    role = ShiftRoleFactory(activity=occurrence.activity, slots=3)
    team = volunteers_of(center, 4)
    outcomes = race(
        lambda: shift_services.shifts_assign(occurrence=occurrence, picks={role: team[:2]}),
        lambda: shift_services.shifts_assign(occurrence=occurrence, picks={role: team[2:]}),
    )
    assert outcomes == ["ok", "ok"]
    assert ShiftAssignment.objects.filter(role=role).count() == 4  # over-filled


def _unlocked(volunteer_ids):
    return {v.pk: v for v in Volunteer.objects.filter(pk__in=set(volunteer_ids))}


def two_overlapping_occurrences():
    center = CenterFactory()
    haircut_day = haircut(center)
    clinic = haircut(center, title="义诊", starts_at=clock(10), ends_at=clock(12))
    barbers = ShiftRoleFactory(activity=haircut_day.activity, name="理发师")
    doctors = ShiftRoleFactory(activity=clinic.activity, name="导诊")
    [volunteer] = volunteers_of(center, 1)
    return (haircut_day, barbers), (clinic, doctors), volunteer


def test_racing_overlapping_shifts_of_one_volunteer_leave_one(transactional_db, monkeypatch):
    slowed(monkeypatch, "_clashes")
    (first, barbers), (second, doctors), volunteer = two_overlapping_occurrences()
    outcomes = race(
        lambda: shift_services.shifts_assign(occurrence=first, picks={barbers: [volunteer]}),
        lambda: shift_services.shifts_assign(occurrence=second, picks={doctors: [volunteer]}),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert ShiftAssignment.objects.filter(volunteer=volunteer).count() == 1
    # Refused under the lock, with the clash named (the volunteer's row queued them).
    [refused] = [o for o in outcomes if o != "ok"]
    assert volunteer.name in refused.messages[0]
    assert "免费理发 · 理发师" in refused.messages[0] or "义诊 · 导诊" in refused.messages[0]


def test_without_the_locks_the_database_still_refuses_the_overlap(transactional_db, monkeypatch):
    monkeypatch.setattr(shift_services, "lock_volunteers", _unlocked)
    monkeypatch.setattr(shift_services, "_clashes", lambda *args: [])
    (first, barbers), (second, doctors), volunteer = two_overlapping_occurrences()
    outcomes = race(
        lambda: shift_services.shifts_assign(occurrence=first, picks={barbers: [volunteer]}),
        lambda: shift_services.shifts_assign(occurrence=second, picks={doctors: [volunteer]}),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    [refused] = [o for o in outcomes if o != "ok"]
    assert isinstance(refused, ValidationError)
    assert ShiftAssignment.objects.filter(volunteer=volunteer).count() == 1
