"""Cancelling a sign-up: its places go to the waiting list, first come first
served, each who moves up told; refused once the activity has started."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from services.models import Signup, SignupNotice, SignupStatus
from services.services.occurrences import occurrence_cancel
from services.services.signups import signup_cancel, signups_cancel
from tests.services.activities import codes, one_off, sign_up

pytestmark = pytest.mark.usefixtures("monday")


def statuses(*signups):
    return [Signup.objects.get(pk=s.pk).status for s in signups]


def test_a_freed_place_goes_to_the_first_waiting_who_fit(world):
    occurrence = one_off(world.a, capacity=3)
    leaving = sign_up(occurrence, phone="13800000001", people=2)
    staying = sign_up(occurrence, phone="13800000002", people=1)
    three = sign_up(occurrence, phone="13800000003", people=3)  # waits, never fits now
    two = sign_up(occurrence, phone="13800000004", people=2)
    one = sign_up(occurrence, phone="13800000005", people=1)
    assert statuses(three, two, one) == ["waitlisted"] * 3
    promoted = signup_cancel(signup=leaving)
    # Two places free: the party of three does not fit, the party of two does.
    assert promoted == [two]
    assert statuses(leaving, staying, three, two, one) == [
        "cancelled",
        "confirmed",
        "waitlisted",
        "confirmed",
        "waitlisted",
    ]
    [notice] = SignupNotice.objects.all()
    assert (notice.signup_id, notice.kind) == (two.pk, SignupNotice.Kind.PROMOTED)
    assert notice.new_starts_at == occurrence.starts_at and notice.passed_on_at is None


def test_cancelling_a_waiting_sign_up_moves_nobody_up(world):
    occurrence = one_off(world.a, capacity=1)
    sign_up(occurrence, phone="13800000001")
    first = sign_up(occurrence, phone="13800000002")
    second = sign_up(occurrence, phone="13800000003")
    assert signup_cancel(signup=first) == []
    assert statuses(first, second) == ["cancelled", "waitlisted"]
    assert not SignupNotice.objects.exists()


def test_a_sign_up_is_cancelled_once(world):
    signup = sign_up(one_off(world.a))
    signup_cancel(signup=signup)
    with pytest.raises(ValidationError) as refused:
        signup_cancel(signup=signup)
    assert codes(refused.value) == {"not_cancellable"}


def test_it_cannot_be_cancelled_once_the_activity_has_started(world):
    occurrence = one_off(world.a)
    signup = sign_up(occurrence)
    with (
        time_machine.travel(occurrence.starts_at + timedelta(minutes=5), tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        signup_cancel(signup=signup)
    assert codes(refused.value) == {"past"}
    assert statuses(signup) == ["confirmed"]


def test_an_attended_sign_up_cannot_be_cancelled(world):
    signup = sign_up(one_off(world.a))
    Signup.objects.filter(pk=signup.pk).update(status=SignupStatus.ATTENDED)
    with pytest.raises(ValidationError):
        signup_cancel(signup=signup)


def test_on_a_cancelled_occurrence_nobody_moves_up(world):
    occurrence = one_off(world.a, capacity=1)
    first = sign_up(occurrence, phone="13800000001")
    waiting = sign_up(occurrence, phone="13800000002")
    occurrence_cancel(occurrence=occurrence, note="停电")
    assert signup_cancel(signup=first) == []
    assert statuses(waiting) == ["waitlisted"]


def test_staff_cancel_several_at_once_all_or_none(world):
    occurrence = one_off(world.a, capacity=2)
    a = sign_up(occurrence, phone="13800000001")
    b = sign_up(occurrence, phone="13800000002")
    waiting = sign_up(occurrence, phone="13800000003")
    done = sign_up(occurrence, phone="13800000004")  # waits too, then is cancelled
    signup_cancel(signup=done)
    with pytest.raises(ValidationError) as refused:
        signups_cancel(signups=[a, b, Signup.objects.get(pk=done.pk)], by=world.staff_a)
    assert done.reference in refused.value.messages[0]
    assert statuses(a, b, waiting) == ["confirmed", "confirmed", "waitlisted"]
    count, promoted = signups_cancel(signups=[a, waiting], by=world.staff_a)
    # The waiting one was cancelled first, so it did not move up to be cancelled.
    assert (count, promoted) == (2, [])
    assert statuses(a, b, waiting) == ["cancelled", "confirmed", "cancelled"]
    assert not SignupNotice.objects.exists()
    assert Signup.objects.get(pk=a.pk).history.first().history_user == world.staff_a
