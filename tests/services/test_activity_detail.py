"""/activities/<id>/: one occurrence with its places and the sign-up form; the
answer is the sign-up's own page. Refusals come beside the field, nothing saved."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache

from services.models import MAX_PEOPLE_PER_SIGNUP, Signup, SignupStatus
from services.services.occurrences import occurrence_cancel
from tests.factories import target_group
from tests.services.activities import haircut, one_off, sign_up

pytestmark = pytest.mark.usefixtures("monday")


def url(occurrence, lang=""):
    return f"{lang}/activities/{occurrence.pk}/"


def form(**fields):
    return {"name": "张大爷", "phone": "13812341234", "people": 1, "consent": "on", **fields}


def test_it_shows_one_occurrence_with_its_places(world, client):
    activity, (december, *_rest) = haircut(world.a, capacity=20, description="为老人免费理发")
    activity.target_groups.set([target_group("elderly")])
    sign_up(december, people=2)
    response = client.get(url(december))
    assert response.status_code == 200
    text = response.text
    assert "免费理发" in text and "为老人免费理发" in text
    assert "2026-12-30" in text and "9:00–11:30" in text
    assert response.context["occurrence"].places_left == 18
    assert 'name="phone"' in text and 'name="consent"' in text


def test_the_form_speaks_the_readers_language(world, client):
    _activity, (december, *_rest) = haircut(world.a)
    english = client.get(url(december, "/en")).text
    assert f"at most {MAX_PEOPLE_PER_SIGNUP})" in english and "最多" not in english


def test_a_tick_box_label_is_a_sentence_without_a_colon_after_it(world, client):
    _activity, (december, *_rest) = haircut(world.a)
    form_page = client.get(url(december)).content.decode()
    consent = form_page[form_page.index('for="id_consent"') :]
    label = consent[: consent.index("</label>")]
    assert label.rstrip().endswith("。") and "：" not in label
    assert "您的姓名:" in form_page or "您的姓名：" in form_page  # other labels keep theirs


def test_it_says_the_haircut_is_on_the_last_wednesday_and_what_that_means(world, client):
    _activity, (december, *_rest) = haircut(world.a)
    text = client.get(url(december, "/en")).text
    assert "every month on the last Wednesday" in text
    assert "is taken as the last Wednesday of the month" in text


def test_signing_up_gives_the_reference_and_the_link(world, client):
    occurrence = one_off(world.a, capacity=3)
    response = client.post(url(occurrence), form(people=2))
    signup = Signup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/activities/signup/{signup.token}/"
    assert (signup.status, signup.people, signup.channel) == ("confirmed", 2, "online")
    page = client.get(response["Location"])
    assert signup.reference in page.text


def test_when_full_the_sign_up_waits_and_says_so(world, client):
    occurrence = one_off(world.a, capacity=1)
    sign_up(occurrence, phone="13800000001")
    page = client.get(url(occurrence, "/en")).text
    assert "puts you on the waiting list" in page
    response = client.post(url(occurrence, "/en"), form(), follow=True)
    assert Signup.objects.get(phone="13812341234").status == SignupStatus.WAITLISTED
    assert "You are on the waiting list" in response.text


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": ""}, "phone"),
        ({"name": ""}, "name"),
        ({"people": 0}, "people"),
        ({"people": MAX_PEOPLE_PER_SIGNUP + 1}, "people"),
        ({"people": "two"}, "people"),
        ({"consent": ""}, "consent"),
    ],
)
def test_bad_input_is_refused_beside_the_field(world, client, fields, field):
    occurrence = one_off(world.a)
    response = client.post(url(occurrence), form(**fields))
    assert response.status_code == 200
    assert 'class="form-summary"' in response.text
    assert field in response.context["form"].errors
    assert not Signup.objects.exists()


def test_more_people_than_places_without_a_waiting_list_are_refused_beside_the_field(world, client):
    occurrence = one_off(world.a, capacity=3, waitlist=False)
    sign_up(occurrence, people=2)
    response = client.post(url(occurrence, "/en"), form(people=2))
    assert response.context["form"].errors["people"] == ["Only 1 place is left."]
    assert Signup.objects.count() == 1


def test_a_phone_already_signed_up_is_refused_beside_the_field(world, client):
    occurrence = one_off(world.a)
    sign_up(occurrence, phone="13812341234")
    response = client.post(url(occurrence, "/en"), form(name="张大妈"))
    assert "already signed up" in response.context["form"].errors["phone"][0]
    assert Signup.objects.count() == 1


def test_a_full_activity_without_a_waiting_list_refuses_on_top(world, client):
    occurrence = one_off(world.a, capacity=1, waitlist=False)
    sign_up(occurrence, phone="13800000001")
    response = client.post(url(occurrence, "/en"), form())
    assert "it is full" in response.text
    assert Signup.objects.count() == 1


def test_a_cancelled_occurrence_says_so_and_takes_no_sign_up(world, client):
    occurrence = one_off(world.a)
    occurrence_cancel(occurrence=occurrence, note="理发师生病")
    page = client.get(url(occurrence))
    assert "理发师生病" in page.text and 'name="phone"' not in page.text
    response = client.post(url(occurrence), form(), follow=True)
    assert response.status_code == 200 and not Signup.objects.exists()


def test_a_past_occurrence_takes_no_sign_up(world, client):
    occurrence = one_off(world.a)
    with time_machine.travel(occurrence.ends_at + timedelta(hours=1), tick=False):
        assert 'name="phone"' not in client.get(url(occurrence)).text
        client.post(url(occurrence), form())
    assert not Signup.objects.exists()


def test_a_walk_in_activity_says_no_sign_up_is_needed(world, client):
    occurrence = one_off(world.a, signup_required=False, capacity=None)
    text = client.get(url(occurrence, "/en")).text
    assert "No sign-up needed: just come." in text and 'name="phone"' not in text


def test_a_staff_only_activity_is_not_found(world, client):
    occurrence = one_off(world.a, is_public=False)
    assert client.get(url(occurrence)).status_code == 404
    assert client.post(url(occurrence), form()).status_code == 404
    assert client.get("/activities/999999/").status_code == 404


def test_sign_ups_are_limited_per_address(world, client, settings):
    occurrence = one_off(world.a, capacity=50)
    cache.clear()
    for n in range(settings.ACTIVITY_SIGNUPS_PER_HOUR):
        response = client.post(url(occurrence), form(phone=f"1380000{n:04d}"))
        assert response.status_code == 302
    assert client.post(url(occurrence), form(phone="13899999999")).status_code == 429
    assert client.get(url(occurrence)).status_code == 200  # reading is not limited
    assert Signup.objects.count() == settings.ACTIVITY_SIGNUPS_PER_HOUR
    other = client.post(url(occurrence), form(phone="13899999999"), REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 302


def test_it_is_in_chinese_and_in_english(world, client):
    occurrence = one_off(world.a, title="防诈骗讲座", day=date(2026, 12, 9))
    assert "防诈骗讲座" in client.get(url(occurrence)).text
    english = client.get(url(occurrence, "/en")).text
    assert "Sign up" in english and "Number of people" in english and "(Wednesday)" in english


@pytest.mark.parametrize("signups", [1, 8])
def test_its_query_count_is_fixed(world, client, django_assert_num_queries, signups):
    occurrence = one_off(world.a, capacity=20)
    occurrence.activity.target_groups.set([target_group("elderly"), target_group("disabled")])
    for n in range(signups):
        sign_up(occurrence, phone=f"1380000{n:04d}")
    # 1 the occurrence with its activity, community, room, center, organization
    # and team, and its places (subqueries); 2 the activity's target groups
    with django_assert_num_queries(2):
        client.get(url(occurrence))
