"""Sign-ups in the admin: staff enter those taken by phone by the same rules as
online ones; cancelling moves the waiting list up; phones are masked except on
the form of who keeps the record (and that view is logged). The notices to pass
on by phone: listed until marked as passed on."""

import logging

import pytest
from django.urls import reverse

from services.models import Signup, SignupChannel, SignupNotice, SignupStatus
from services.services.occurrences import occurrence_cancel
from services.services.signups import signup_cancel
from tests.conftest import client_for
from tests.services.activities import one_off, sign_up

pytestmark = pytest.mark.usefixtures("monday")

ADD = reverse("admin:services_signup_add")
LIST = reverse("admin:services_signup_changelist")
NOTICES = reverse("admin:services_signupnotice_changelist")


def by_phone(occurrence, **fields):
    return {
        "occurrence": occurrence.pk,
        "name": "王奶奶",
        "phone": "13912345678",
        "people": 1,
        "consent": "on",
        **fields,
    }


def test_staff_enter_a_sign_up_taken_by_phone(world):
    occurrence = one_off(world.a, capacity=2)
    response = client_for(world.staff_a).post(ADD, by_phone(occurrence, people=2), follow=True)
    assert response.status_code == 200
    signup = Signup.objects.get()
    assert (signup.status, signup.channel, signup.people) == ("confirmed", SignupChannel.STAFF, 2)
    assert signup.consented_at is not None
    assert signup.history.latest().history_user == world.staff_a


def test_when_full_the_staffs_sign_up_waits_and_says_so(world):
    occurrence = one_off(world.a, capacity=1)
    sign_up(occurrence, phone="13800000001")
    response = client_for(world.staff_a).post(f"/en{ADD}", by_phone(occurrence), follow=True)
    signup = Signup.objects.get(phone="13912345678")
    assert signup.status == SignupStatus.WAITLISTED
    assert f"{signup.reference} is on the waiting list" in response.text


@pytest.mark.parametrize(
    ("setup", "fields", "field"),
    [
        ("taken", {}, "phone"),
        ("full", {}, None),
        ("three_left", {"people": 4}, "people"),
        (None, {"people": 7}, "people"),
        (None, {"phone": "5551234"}, "phone"),
        (None, {"consent": ""}, "consent"),
    ],
)
def test_the_same_rules_as_online_refuse_beside_the_field(world, setup, fields, field):
    occurrence = one_off(world.a, capacity=3, waitlist=setup != "full")
    if setup == "taken":
        sign_up(occurrence, phone="13912345678")
    if setup == "full":
        sign_up(occurrence, phone="13800000001", people=3)
    before = Signup.objects.count()
    response = client_for(world.staff_a).post(ADD, by_phone(occurrence, **fields))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert (field or "__all__") in errors, errors
    assert Signup.objects.count() == before


def test_a_past_or_cancelled_occurrence_is_refused(world):
    occurrence = one_off(world.a)
    occurrence_cancel(occurrence=occurrence)
    response = client_for(world.staff_a).post(ADD, by_phone(occurrence))
    assert "__all__" in response.context["adminform"].form.errors
    assert not Signup.objects.exists()


def test_the_occurrence_is_chosen_among_those_to_come(world):
    upcoming = one_off(world.a, title="防诈骗讲座")
    cancelled = one_off(world.a, title="防诈骗讲座")
    occurrence_cancel(occurrence=cancelled)
    response = client_for(world.staff_a).get(
        reverse("admin:autocomplete"),
        {
            "app_label": "services",
            "model_name": "signup",
            "field_name": "occurrence",
            "term": "防诈骗",
        },
    )
    assert [int(r["id"]) for r in response.json()["results"]] == [upcoming.pk]


def test_cancelling_sign_ups_moves_the_waiting_list_up(world):
    occurrence = one_off(world.a, capacity=1)
    first = sign_up(occurrence, phone="13800000001")
    waiting = sign_up(occurrence, phone="13800000002")
    response = client_for(world.staff_a).post(
        f"/en{LIST}", {"action": "cancel_signups", "_selected_action": [first.pk]}, follow=True
    )
    assert "1 sign-up cancelled" in response.text
    assert "1 sign-up moved up from the waiting list" in response.text
    assert Signup.objects.get(pk=waiting.pk).status == "confirmed"
    assert SignupNotice.objects.get().signup_id == waiting.pk


def test_a_refused_cancellation_says_why_and_changes_nothing(world):
    occurrence = one_off(world.a)
    done = sign_up(occurrence, phone="13800000001")
    signup_cancel(signup=done)
    other = sign_up(occurrence, phone="13800000002")
    response = client_for(world.staff_a).post(
        f"/en{LIST}",
        {"action": "cancel_signups", "_selected_action": [done.pk, other.pk]},
        follow=True,
    )
    assert "cannot be cancelled" in response.text
    assert Signup.objects.get(pk=other.pk).status == "confirmed"


def test_phones_are_masked_in_the_list_and_full_on_the_form_with_a_log(world, caplog):
    signup = sign_up(one_off(world.a), phone="13812341234")
    client = client_for(world.staff_a)
    listing = client.get(LIST).text
    assert "138****1234" in listing and "13812341234" not in listing
    with caplog.at_level(logging.INFO, logger="sanshe.personal_data"):
        form = client.get(reverse("admin:services_signup_change", args=[signup.pk])).text
    assert 'value="13812341234"' in form
    assert any("full phone" in r.getMessage() for r in caplog.records)
    assert all("13812341234" not in r.getMessage() for r in caplog.records)


def test_staff_correct_a_name_or_phone_but_not_to_a_phone_already_signed_up(world):
    occurrence = one_off(world.a)
    signup = sign_up(occurrence, phone="13800000001")
    sign_up(occurrence, phone="13800000002")
    url = reverse("admin:services_signup_change", args=[signup.pk])
    client = client_for(world.staff_a)
    refused = client.post(url, {"name": "张大爷", "phone": "13800000002"})
    assert "phone" in refused.context["adminform"].form.errors
    client.post(url, {"name": "张大爷", "phone": "13800000003"})
    signup.refresh_from_db()
    assert signup.phone == "13800000003" and signup.people == 1
    assert signup.history.latest().history_user == world.staff_a


def test_leaders_do_not_see_sign_ups(world):
    signup = sign_up(one_off(world.a))
    client = client_for(world.leader_s1)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("admin:services_signup_change", args=[signup.pk])).status_code == 403
    assert client.get(NOTICES).status_code == 403


def test_the_notices_to_pass_on_are_listed_until_marked(world):
    occurrence = one_off(world.a, capacity=1)
    first = sign_up(occurrence, phone="13800000001")
    waiting = sign_up(occurrence, phone="13812341234")
    signup_cancel(signup=first)  # the waiting one moves up: a notice
    notice = SignupNotice.objects.get()
    client = client_for(world.staff_a)
    listing = client.get(f"/en{NOTICES}")
    assert "Notices to pass on by phone" in listing.text
    assert [n.pk for n in listing.context["cl"].result_list] == [notice.pk]
    assert "138****1234" in listing.text and waiting.reference in listing.text
    response = client.post(
        f"/en{NOTICES}", {"action": "mark_passed_on", "_selected_action": [notice.pk]}, follow=True
    )
    assert "1 notice marked as passed on" in response.text
    notice.refresh_from_db()
    assert notice.passed_on_by == world.staff_a and notice.passed_on_at is not None
    assert list(client.get(NOTICES).context["cl"].result_list) == []
    assert [n.pk for n in client.get(NOTICES, {"passed_on": "yes"}).context["cl"].result_list] == [
        notice.pk
    ]


def test_a_notice_shows_the_full_phone_to_call_to_staff_and_logs_it(world, caplog):
    occurrence = one_off(world.a)
    signup = sign_up(occurrence, phone="13812341234")
    notice = SignupNotice.objects.create(signup=signup, kind="cancelled")
    url = reverse("admin:services_signupnotice_change", args=[notice.pk])
    with caplog.at_level(logging.INFO, logger="sanshe.personal_data"):
        page = client_for(world.staff_a).get(url).text
    assert "13812341234" in page
    assert any("SignupNotice" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("rows", [2, 10])
def test_the_lists_query_counts_do_not_grow_with_rows(world, django_assert_num_queries, rows):
    for n in range(rows):
        signup = sign_up(one_off(world.a, capacity=1), phone=f"1380000{n:04d}")
        SignupNotice.objects.create(signup=signup, kind="cancelled")
    client = client_for(world.staff_a)
    # 1 the session; 2 the user; 3, 4 the user's and groups' permissions; 5–7 the
    # filters' centers, communities and activities; 8 the count; 9 the page's
    # sign-ups with their occurrences and activities
    with django_assert_num_queries(9):
        client.get(LIST)
    # 1–4 as above; 5 the filter's centers; 6 the count; 7 the page's notices
    # with their sign-ups, occurrences, activities and who passed them on
    with django_assert_num_queries(7):
        client.get(NOTICES)
