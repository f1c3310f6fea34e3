"""`signup_create`: a place while people fit, then the waiting list (or a clear
refusal), one sign-up per phone number, and no sign-up for what cannot take one."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from services.models import MAX_PEOPLE_PER_SIGNUP, Signup, SignupChannel, SignupStatus
from services.services import signups as signup_services
from services.services.occurrences import occurrence_cancel
from tests.services.activities import NOW, codes, one_off, sign_up

pytestmark = pytest.mark.usefixtures("monday")


def refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value


def test_people_who_fit_get_a_place(world):
    occurrence = one_off(world.a, capacity=3)
    signup = sign_up(occurrence, people=2)
    assert signup.status == SignupStatus.CONFIRMED
    assert signup.reference.startswith("BM") and len(signup.reference) == 10
    assert len(signup.token) >= 24
    assert signup.consented_at == NOW and signup.channel == SignupChannel.ONLINE
    assert signup.history.count() == 1


def test_when_full_they_go_on_the_waiting_list(world):
    occurrence = one_off(world.a, capacity=3)
    sign_up(occurrence, phone="13800000001", people=2)
    # One place left: a sign-up for two waits, a sign-up for one still fits.
    assert sign_up(occurrence, phone="13800000002", people=2).status == SignupStatus.WAITLISTED
    assert sign_up(occurrence, phone="13800000003", people=1).status == SignupStatus.CONFIRMED
    assert sign_up(occurrence, phone="13800000004").status == SignupStatus.WAITLISTED
    held = sum(s.people for s in Signup.objects.holding_places())
    assert held == 3


def test_without_a_waiting_list_a_full_occurrence_refuses_clearly(world):
    occurrence = one_off(world.a, capacity=2, waitlist=False)
    sign_up(occurrence, phone="13800000001", people=2)
    refused = refusal(lambda: sign_up(occurrence, phone="13800000002"))
    assert codes(refused) == {"full"}
    assert Signup.objects.count() == 1


def test_without_a_waiting_list_more_people_than_places_left_are_refused(world):
    occurrence = one_off(world.a, capacity=3, waitlist=False)
    sign_up(occurrence, phone="13800000001", people=2)
    refused = refusal(lambda: sign_up(occurrence, phone="13800000002", people=2))
    assert codes(refused) == {"too_many"} and "people" in refused.error_dict
    assert Signup.objects.count() == 1


def test_more_people_than_the_occurrence_holds_never_wait(world):
    occurrence = one_off(world.a, capacity=3)
    refused = refusal(lambda: sign_up(occurrence, people=4))
    assert codes(refused) == {"over_capacity"} and "people" in refused.error_dict
    assert not Signup.objects.exists()


@pytest.mark.parametrize("people", [0, -1, MAX_PEOPLE_PER_SIGNUP + 1])
def test_a_sign_up_is_for_one_to_the_most_people(world, people):
    occurrence = one_off(world.a, capacity=50)
    refused = refusal(lambda: sign_up(occurrence, people=people))
    assert codes(refused) == {"people"}
    assert not Signup.objects.exists()


def test_one_phone_number_signs_up_once(world):
    occurrence = one_off(world.a, capacity=3)
    sign_up(occurrence, phone="13800000001")
    refused = refusal(lambda: sign_up(occurrence, phone="13800000001", name="另一个人"))
    assert codes(refused) == {"duplicate"} and "phone" in refused.error_dict
    assert Signup.objects.count() == 1


def test_the_same_phone_may_sign_up_again_after_cancelling(world):
    occurrence = one_off(world.a, capacity=3)
    first = sign_up(occurrence, phone="13800000001")
    signup_services.signup_cancel(signup=first)
    assert sign_up(occurrence, phone="13800000001").status == SignupStatus.CONFIRMED


def test_a_duplicate_the_check_missed_is_still_refused_by_the_database(world, monkeypatch):
    occurrence = one_off(world.a, capacity=3)
    sign_up(occurrence, phone="13800000001")
    # As if two sign-ups had been checked at the same moment, without the lock.
    monkeypatch.setattr(signup_services, "signup_status", lambda **kwargs: "confirmed")
    monkeypatch.setattr(Signup, "validate_constraints", lambda self, exclude=None: None)
    refused = refusal(lambda: sign_up(occurrence, phone="13800000001"))
    assert codes(refused) == {"duplicate"} and "phone" in refused.error_dict
    assert Signup.objects.count() == 1


def test_other_integrity_errors_are_not_hidden(world, monkeypatch):
    occurrence = one_off(world.a, capacity=3)

    def broken(self, *args, **kwargs):
        raise IntegrityError("something else")

    monkeypatch.setattr(Signup, "save", broken)
    with pytest.raises(IntegrityError):
        sign_up(occurrence)


@pytest.mark.parametrize("phone", ["12345", "1380000000", "23800000000", "138-0000-0000", ""])
def test_a_phone_in_the_wrong_format_is_refused(world, phone):
    occurrence = one_off(world.a)
    refused = refusal(lambda: sign_up(occurrence, phone=phone))
    assert "phone" in refused.error_dict
    assert not Signup.objects.exists()


def test_a_cancelled_occurrence_takes_no_sign_up(world):
    occurrence = one_off(world.a)
    occurrence_cancel(occurrence=occurrence, note="下雨")
    assert refusal(lambda: sign_up(occurrence)).code == "cancelled"


def test_a_started_or_past_occurrence_takes_no_sign_up(world):
    occurrence = one_off(world.a)
    with time_machine.travel(occurrence.starts_at + timedelta(minutes=1), tick=False):
        assert refusal(lambda: sign_up(occurrence)).code == "past"
    assert not Signup.objects.exists()


def test_a_walk_in_activity_takes_no_sign_up(world):
    occurrence = one_off(world.a, signup_required=False, capacity=None)
    assert refusal(lambda: sign_up(occurrence)).code == "walk_in"


def test_consent_is_needed(world):
    occurrence = one_off(world.a)
    signup = Signup(occurrence=occurrence, name="张大爷", phone="13800000001")
    refused = refusal(lambda: signup_services.signup_create(signup=signup, consented=False))
    assert codes(refused) == {"consent"}
    assert not Signup.objects.exists()


def test_an_occurrence_without_a_limit_confirms_everyone(world):
    occurrence = one_off(world.a, capacity=5)
    occurrence.capacity = None
    occurrence.save()
    for n in range(8):
        assert sign_up(occurrence, phone=f"1380000000{n}", people=6).status == "confirmed"
