"""`manage.py materialize_occurrences`: the occurrences of the rolling window,
made once however often it runs; future ones the schedule no longer gives are
deleted, or cancelled (and their people told) when someone is signed up."""

from datetime import date, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from services.models import (
    Activity,
    ActivityException,
    Occurrence,
    OccurrenceStatus,
    ShiftAssignment,
    SignupNotice,
    SignupStatus,
)
from services.services.occurrences import occurrences_materialize
from services.services.signups import signup_cancel
from tests.factories import ShiftRoleFactory, VolunteerFactory
from tests.services.activities import NOW, TZ, at, haircut, sign_up

pytestmark = pytest.mark.usefixtures("monday")

FIRST_THREE = [date(2026, 12, 30), date(2027, 1, 27), date(2027, 2, 24)]


def run(*args) -> str:
    out = StringIO()
    call_command("materialize_occurrences", *args, stdout=out)
    return out.getvalue()


def rows(activity):
    return list(
        activity.occurrences.order_by("rule_date").values_list(
            "pk", "rule_date", "starts_at", "ends_at", "capacity", "status"
        )
    )


def test_it_makes_the_occurrences_of_the_window(world):
    activity, occurrences = haircut(world.a, capacity=12)
    # 90 days from Monday 7 December 2026: up to 7 March 2027.
    assert [o.rule_date for o in occurrences] == FIRST_THREE
    first = occurrences[0]
    assert (first.starts_at, first.ends_at) == (
        at(date(2026, 12, 30), 9),
        at(date(2026, 12, 30), 11, 30),
    )
    assert first.capacity == 12 and first.status == OccurrenceStatus.SCHEDULED
    assert first.history.count() == 1  # audited like any other write


def test_running_it_again_and_again_changes_nothing_and_keeps_the_sign_ups(world):
    activity, occurrences = haircut(world.a)
    signup = sign_up(occurrences[0])
    before = rows(activity)
    assert "0 occurrences made, 0 deleted, 0 cancelled" in run()
    assert "0 occurrences made" in run()
    assert rows(activity) == before
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED and signup.occurrence_id == occurrences[0].pk
    assert not SignupNotice.objects.exists()


def test_the_window_rolls_on(world):
    activity, _occurrences = haircut(world.a)
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        assert "1 occurrences made" in run()
    assert [r[1] for r in rows(activity)] == [*FIRST_THREE, date(2027, 3, 31)]


def test_a_longer_window_makes_more(world):
    activity, _occurrences = haircut(world.a)
    run("--days", "400")
    assert len(rows(activity)) == 13  # December 2026 to December 2027


def test_a_shorter_window_removes_nothing_still_in_the_schedule(world):
    activity, _occurrences = haircut(world.a)
    before = rows(activity)
    run("--days", "10")
    assert rows(activity) == before


def test_a_changed_rule_deletes_free_occurrences_and_cancels_those_with_sign_ups(world):
    activity, (december, january, february) = haircut(world.a, capacity=1)
    kept = sign_up(january, phone="13800000001")
    waiting = sign_up(january, phone="13800000002")
    gone = sign_up(january, phone="13800000003")
    assert waiting.status == SignupStatus.WAITLISTED
    signup_cancel(signup=gone)
    # From now on the first Friday of each month instead.
    activity.rrule = "FREQ=MONTHLY;BYDAY=1FR"
    activity.save()
    out = run()
    assert "3 occurrences made, 2 deleted, 1 cancelled (2 notices to pass on)" in out
    assert not Occurrence.objects.filter(pk__in=[december.pk, february.pk]).exists()
    january.refresh_from_db()
    assert january.status == OccurrenceStatus.CANCELLED
    assert january.note  # why, stored in the site's language
    # The sign-ups stay as they were, each live one told once.
    assert {s.status for s in january.signups.all()} == {"confirmed", "waitlisted", "cancelled"}
    notices = SignupNotice.objects.order_by("signup__phone")
    assert [(n.signup, n.kind) for n in notices] == [(kept, "cancelled"), (waiting, "cancelled")]
    assert notices[0].old_starts_at == january.starts_at
    fridays = activity.occurrences.exclude(pk=january.pk).order_by("rule_date")
    assert [o.rule_date for o in fridays] == [date(2027, 1, 1), date(2027, 2, 5), date(2027, 3, 5)]
    # And again: nothing more happens, nobody is told twice.
    assert "0 occurrences made, 0 deleted, 0 cancelled (0 notices" in run()
    assert SignupNotice.objects.count() == 2


def test_a_date_left_out_removes_its_occurrence(world):
    activity, (december, january, _february) = haircut(world.a)
    sign_up(january)
    ActivityException.objects.create(activity=activity, date=december.rule_date, note="元旦前")
    ActivityException.objects.create(activity=activity, date=january.rule_date, note="春节")
    result = occurrences_materialize(activity=activity)
    assert (result.created, result.deleted, result.cancelled, result.notices) == (0, 1, 1, 1)
    january.refresh_from_db()
    assert january.is_cancelled


def test_an_occurrence_with_a_volunteer_shift_is_cancelled_not_deleted(world):
    activity, (december, *_rest) = haircut(world.a)
    role = ShiftRoleFactory(activity=activity)
    ShiftAssignment.objects.create(
        role=role,
        occurrence=december,
        volunteer=VolunteerFactory(center=world.a),
        starts_at=december.starts_at,
        ends_at=december.ends_at,
    )
    ActivityException.objects.create(activity=activity, date=december.rule_date)
    result = occurrences_materialize(activity=activity)
    assert (result.deleted, result.cancelled, result.notices) == (0, 1, 0)


def test_started_and_past_occurrences_are_never_touched(world):
    activity, (december, *_rest) = haircut(world.a)
    with time_machine.travel(at(date(2026, 12, 30), 10), tick=False):  # during the haircut
        activity.rrule = "FREQ=MONTHLY;BYDAY=1FR"
        activity.save()
        run()
        december.refresh_from_db()
        assert december.status == OccurrenceStatus.SCHEDULED


def test_a_cancelled_occurrence_stays_cancelled_when_its_date_is_back(world):
    activity, (december, *_rest) = haircut(world.a)
    sign_up(december)
    ActivityException.objects.create(activity=activity, date=december.rule_date)
    occurrences_materialize(activity=activity)
    activity.exceptions.all().delete()
    assert occurrences_materialize(activity=activity).created == 0
    december.refresh_from_db()
    assert december.is_cancelled


def test_it_can_make_past_occurrences_from_a_date(world):
    activity, _occurrences = haircut(world.a, first_date=date(2026, 1, 1))
    run("--from", "2026-10-01", "--activity", str(activity.pk))
    assert [r[1] for r in rows(activity)][:2] == [date(2026, 10, 28), date(2026, 11, 25)]


def test_it_follows_the_times_of_day_and_the_time_zone(world):
    activity, _occurrences = haircut(world.a, first_date=date(2027, 6, 1))
    activity.starts_at, activity.ends_at = time(14), time(16)
    activity.save()
    run("--days", "400")
    june = activity.occurrences.get(rule_date=date(2027, 6, 30))
    assert june.starts_at.astimezone(TZ).hour == 14


def test_it_refuses_an_unknown_activity_or_a_negative_window(world):
    with pytest.raises(CommandError):
        run("--activity", "999999")
    with pytest.raises(CommandError):
        run("--days", "-1")


def test_an_unreadable_rule_skips_its_activity_not_the_others(world):
    broken, _occurrences = haircut(world.a, title="坏规则")
    Activity.objects.filter(pk=broken.pk).update(rrule="FREQ=SOMETIMES")
    fine, _occurrences = haircut(world.a, first_date=date(2027, 3, 1))
    err = StringIO()
    call_command("materialize_occurrences", "--days", "200", stdout=StringIO(), stderr=err)
    assert f"activity {broken.pk}" in err.getvalue()
    # Up to 25 June 2027: the last Wednesdays of March, April and May.
    assert fine.occurrences.count() == 3
