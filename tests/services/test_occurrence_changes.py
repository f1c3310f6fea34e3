"""Cancelling, moving and changing one occurrence, and what an activity's new
times or places do to its future occurrences: sign-ups stay, people are told."""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError

from services.models import (
    Occurrence,
    OccurrenceStatus,
    ServedDay,
    ServedGroupDay,
    Signup,
    SignupNotice,
    SignupStatus,
)
from services.services.occurrences import (
    activity_save,
    occurrence_cancel,
    occurrence_move,
    occurrence_update,
)
from services.tallies import rebuild
from tests.factories import target_group
from tests.services.activities import at, codes, haircut, one_off, sign_up

pytestmark = pytest.mark.usefixtures("monday")
WEDNESDAY = date(2026, 12, 9)


def test_a_cancelled_occurrence_keeps_its_sign_ups_and_tells_them(world):
    occurrence = one_off(world.a, capacity=1)
    confirmed = sign_up(occurrence, phone="13800000001")
    waiting = sign_up(occurrence, phone="13800000002")
    assert occurrence_cancel(occurrence=occurrence, note="理发师生病", by=world.staff_a) == 2
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED and occurrence.note == "理发师生病"
    assert {s.status for s in Signup.objects.all()} == {"confirmed", "waitlisted"}
    notices = SignupNotice.objects.order_by("signup__phone")
    assert [n.signup for n in notices] == [confirmed, waiting]
    assert {(n.kind, n.note, n.old_starts_at) for n in notices} == {
        ("cancelled", "理发师生病", occurrence.starts_at)
    }
    with pytest.raises(ValidationError):
        occurrence_cancel(occurrence=occurrence)
    assert SignupNotice.objects.count() == 2


def test_a_past_occurrence_cannot_be_cancelled(world):
    occurrence = one_off(world.a)
    with (
        time_machine.travel(occurrence.starts_at, tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        occurrence_cancel(occurrence=occurrence)
    assert codes(refused.value) == {"past"}


def test_a_moved_occurrence_keeps_its_sign_ups_and_tells_them(world):
    occurrence = one_off(world.a)
    signup = sign_up(occurrence)
    old = occurrence.starts_at
    told = occurrence_move(
        occurrence=occurrence,
        starts_at=at(WEDNESDAY, 14),
        ends_at=at(WEDNESDAY, 16),
        note="改到下午",
        by=world.staff_a,
    )
    assert told == 1
    occurrence.refresh_from_db()
    assert occurrence.starts_at == at(WEDNESDAY, 14) and occurrence.rule_date == WEDNESDAY
    [notice] = SignupNotice.objects.all()
    assert (notice.signup, notice.kind, notice.old_starts_at, notice.new_starts_at) == (
        signup,
        "moved",
        old,
        at(WEDNESDAY, 14),
    )


@pytest.mark.parametrize(
    ("starts", "ends", "code"),
    [
        (at(WEDNESDAY, 16), at(WEDNESDAY, 14), "order"),
        (at(date(2026, 12, 7), 9), at(date(2026, 12, 7), 9, 30), "to_the_past"),
        (at(WEDNESDAY, 9), at(WEDNESDAY, 11, 30), "unchanged"),
        (at(WEDNESDAY, 9), at(date(2026, 12, 10), 9, 30), "too_long"),
    ],
)
def test_a_bad_move_is_refused_and_changes_nothing(world, starts, ends, code):
    occurrence = one_off(world.a)
    sign_up(occurrence)
    with pytest.raises(ValidationError) as refused:
        occurrence_move(occurrence=occurrence, starts_at=starts, ends_at=ends)
    assert codes(refused.value) == {code}
    occurrence.refresh_from_db()
    assert occurrence.starts_at == at(WEDNESDAY, 9)
    assert not SignupNotice.objects.exists()


def test_an_occurrence_of_up_to_a_day_is_upcoming_until_it_ends(world):
    occurrence = one_off(world.a)
    occurrence_move(
        occurrence=occurrence, starts_at=at(WEDNESDAY, 9), ends_at=at(date(2026, 12, 10), 9)
    )
    upcoming = Occurrence.objects.upcoming
    assert upcoming(now=at(date(2026, 12, 10), 8, 59)).filter(pk=occurrence.pk).exists()
    assert not upcoming(now=at(date(2026, 12, 10), 9)).filter(pk=occurrence.pk).exists()


def test_a_cancelled_occurrence_cannot_be_moved(world):
    occurrence = one_off(world.a)
    occurrence_cancel(occurrence=occurrence)
    with pytest.raises(ValidationError):
        occurrence_move(
            occurrence=occurrence, starts_at=at(WEDNESDAY, 14), ends_at=at(WEDNESDAY, 15)
        )


def test_correcting_a_past_occurrence_moves_its_people_served(world):
    occurrence = one_off(world.a)
    signup = sign_up(occurrence, people=2)
    with time_machine.travel(at(date(2026, 12, 20), 10), tick=False):
        Signup.objects.filter(pk=signup.pk).update(status=SignupStatus.ATTENDED)
        rebuild()
        assert ServedDay.objects.get().day == WEDNESDAY
        told = occurrence_move(
            occurrence=occurrence,
            starts_at=at(date(2026, 12, 10), 9),
            ends_at=at(date(2026, 12, 10), 11),
        )
        assert told == 0  # it is over: nobody to tell
        with pytest.raises(ValidationError) as refused:
            occurrence_move(
                occurrence=occurrence,
                starts_at=at(date(2026, 12, 28), 9),
                ends_at=at(date(2026, 12, 28), 11),
            )
        assert codes(refused.value) == {"to_the_future"}
    [served] = ServedDay.objects.all()
    assert (served.day, served.people) == (date(2026, 12, 10), 2)
    kept = list(ServedDay.objects.values_list("day", "people"))
    rebuild()
    assert list(ServedDay.objects.values_list("day", "people")) == kept


def test_more_places_move_the_waiting_list_up_and_fewer_take_no_place(world):
    occurrence = one_off(world.a, capacity=2)
    first = sign_up(occurrence, phone="13800000001", people=2)
    waiting = sign_up(occurrence, phone="13800000002", people=2)
    assert occurrence_update(occurrence=occurrence, capacity=1) == []
    assert Signup.objects.get(pk=first.pk).status == "confirmed"
    promoted = occurrence_update(occurrence=occurrence, capacity=4, note="多了一位理发师")
    assert promoted == [waiting]
    occurrence.refresh_from_db()
    assert (occurrence.capacity, occurrence.note) == (4, "多了一位理发师")
    assert SignupNotice.objects.get().kind == "promoted"
    with pytest.raises(ValidationError):
        occurrence_update(occurrence=occurrence, capacity=0)


def test_new_times_of_an_activity_move_its_future_occurrences_on_schedule(world):
    activity, (december, january, february) = haircut(world.a)
    occurrence_move(
        occurrence=february, starts_at=at(date(2027, 2, 25), 9), ends_at=at(date(2027, 2, 25), 11)
    )
    signup = sign_up(january)
    SignupNotice.objects.all().delete()
    activity.starts_at, activity.ends_at = time(14), time(16, 30)
    activity_save(activity=activity, by=world.staff_a)
    for occurrence in (december, january, february):
        occurrence.refresh_from_db()
    assert december.starts_at == at(date(2026, 12, 30), 14)
    assert january.ends_at == at(date(2027, 1, 27), 16, 30)
    assert february.starts_at == at(date(2027, 2, 25), 9)  # moved on its own: left alone
    [notice] = SignupNotice.objects.all()
    assert (notice.signup, notice.kind, notice.new_starts_at) == (
        signup,
        "moved",
        at(date(2027, 1, 27), 14),
    )


def test_new_places_of_an_activity_follow_on_future_occurrences_not_changed_one_by_one(world):
    activity, (december, january, february) = haircut(world.a, capacity=1)
    occurrence_update(occurrence=february, capacity=5)
    sign_up(december, phone="13800000001")
    waiting = sign_up(december, phone="13800000002")
    activity.capacity = 2
    activity_save(activity=activity)
    capacities = [o.capacity for o in activity.occurrences.order_by("rule_date")]
    assert capacities == [2, 2, 5]
    assert Signup.objects.get(pk=waiting.pk).status == "confirmed"


def test_new_target_groups_keep_the_tallies_right(world):
    activity, (december, *_rest) = haircut(world.a)
    signup = sign_up(december)
    with time_machine.travel(at(date(2026, 12, 31), 10), tick=False):
        Signup.objects.filter(pk=signup.pk).update(status=SignupStatus.ATTENDED)
        rebuild()
        activity_save(activity=activity, target_groups=[target_group("elderly")])
    kept = sorted(ServedGroupDay.objects.values_list("day", "group__code", "people"))
    assert kept == [(date(2026, 12, 30), "elderly", 1)]
    rebuild()
    assert sorted(ServedGroupDay.objects.values_list("day", "group__code", "people")) == kept


def test_an_activity_with_an_unreadable_rule_is_not_saved(world):
    activity, _occurrences = haircut(world.a)
    activity.rrule = "FREQ=SOMETIMES"
    with pytest.raises(ValidationError) as refused:
        activity_save(activity=activity)
    assert "rrule" in refused.value.error_dict
    activity.refresh_from_db()
    assert activity.rrule == "FREQ=MONTHLY;BYDAY=-1WE"
