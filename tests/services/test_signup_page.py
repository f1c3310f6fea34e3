"""/activities/signup/<token>/: a sign-up's status (confirmed, waiting and its
place in the list, cancelled), its notices, and cancelling it (with a
confirmation) for whoever holds the link; unknown links 404, then 429."""

from datetime import date, timedelta

import pytest
import time_machine

from services.models import Signup, SignupNotice, SignupStatus
from services.services.occurrences import occurrence_cancel, occurrence_move
from tests.services.activities import at, one_off, sign_up

pytestmark = pytest.mark.usefixtures("monday")


def url(signup, lang=""):
    return f"{lang}/activities/signup/{signup.token}/"


def test_it_shows_the_status_with_the_phone_masked(world, client):
    signup = sign_up(one_off(world.a, title="防诈骗讲座"), phone="13812341234", people=2)
    response = client.get(url(signup))
    assert response.status_code == 200
    text = response.text
    assert signup.reference in text and "防诈骗讲座" in text and "2026-12-09" in text
    assert "138****1234" in text and "13812341234" not in text
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert '<meta name="robots" content="noindex">' in text
    english = client.get(url(signup, "/en")).text
    assert "Confirmed" in english and "Cancel my sign-up" in english


def test_a_waiting_sign_up_shows_its_place_on_the_list(world, client):
    occurrence = one_off(world.a, capacity=1)
    sign_up(occurrence, phone="13800000001")
    sign_up(occurrence, phone="13800000002")
    third = sign_up(occurrence, phone="13800000003")
    assert "On the waiting list: number 2" in client.get(url(third, "/en")).text


def test_cancelling_asks_first_then_frees_the_place_for_the_waiting_list(world, client):
    occurrence = one_off(world.a, capacity=1)
    mine = sign_up(occurrence, phone="13800000001")
    waiting = sign_up(occurrence, phone="13800000002")
    asking = client.get(url(mine, "/en"), {"cancel": "1"})
    assert "Yes, cancel my sign-up" in asking.text and "No, keep it" in asking.text
    assert Signup.objects.get(pk=mine.pk).status == SignupStatus.CONFIRMED  # a GET changes nothing
    response = client.post(url(mine, "/en"), follow=True)
    assert "Your sign-up is cancelled" in response.text
    assert Signup.objects.get(pk=mine.pk).status == SignupStatus.CANCELLED
    assert "Cancel my sign-up" not in response.text
    # The next one has the place now, and their page says so.
    moved_up = client.get(url(waiting, "/en")).text
    assert "Confirmed" in moved_up and "you moved up from the waiting list" in moved_up


def test_cancelling_twice_says_it_cannot(world, client):
    signup = sign_up(one_off(world.a))
    client.post(url(signup))
    response = client.post(url(signup, "/en"), follow=True)
    assert "cannot be cancelled" in response.text


def test_it_cannot_be_cancelled_once_started(world, client):
    occurrence = one_off(world.a)
    signup = sign_up(occurrence)
    with time_machine.travel(occurrence.starts_at + timedelta(minutes=1), tick=False):
        page = client.get(url(signup, "/en"), {"cancel": "1"}).text
        assert "Cancel my sign-up" not in page and "Yes, cancel" not in page
        client.post(url(signup))
    assert Signup.objects.get().status == SignupStatus.CONFIRMED


def test_it_shows_a_cancelled_or_moved_occurrence_and_its_notices(world, client):
    occurrence = one_off(world.a)
    signup = sign_up(occurrence)
    occurrence_move(
        occurrence=occurrence,
        starts_at=at(date(2026, 12, 10), 14),
        ends_at=at(date(2026, 12, 10), 16),
        note="改到周四下午",
    )
    text = client.get(url(signup, "/en")).text
    assert "It moved from 2026-12-09 (Wednesday) 9:00 to 2026-12-10 (Thursday) 14:00." in text
    assert "改到周四下午" in text
    occurrence_cancel(occurrence=occurrence, note="停电")
    text = client.get(url(signup, "/en")).text
    assert "The activity is cancelled at this time." in text and "停电" in text
    assert "Cancel my sign-up" not in text
    assert SignupNotice.objects.count() == 2


def test_unknown_links_are_not_found(world, client):
    assert client.get("/activities/signup/" + "A" * 24 + "/").status_code == 404
    assert client.get("/activities/signup/short/").status_code == 404


def test_guessing_links_is_refused_after_the_limit_even_for_a_right_one(world, client, settings):
    settings.ACTIVITY_SIGNUP_MISSES_PER_HOUR = 5
    signup = sign_up(one_off(world.a))
    for guess in range(5):
        assert client.get(f"/activities/signup/guess{guess:020d}/").status_code == 404
    assert client.post(f"/activities/signup/guess{99:020d}/").status_code == 429
    assert client.get(url(signup)).status_code == 429
    assert client.post(url(signup)).status_code == 429
    assert Signup.objects.get().status == SignupStatus.CONFIRMED
    assert client.get(url(signup), REMOTE_ADDR="10.1.1.1").status_code == 200


def test_looking_up_ones_own_sign_up_does_not_count(world, client, settings):
    settings.ACTIVITY_SIGNUP_MISSES_PER_HOUR = 2
    signup = sign_up(one_off(world.a))
    for _ in range(10):
        assert client.get(url(signup)).status_code == 200


@pytest.mark.parametrize("notices", [1, 6])
def test_its_query_count_is_fixed(world, client, django_assert_num_queries, notices):
    occurrence = one_off(world.a, capacity=1)
    sign_up(occurrence, phone="13800000001")
    waiting = sign_up(occurrence, phone="13800000002")
    for n in range(notices):
        SignupNotice.objects.create(signup=waiting, kind="moved", note=f"第{n}次")
    # 1 the sign-up with its occurrence, activity, community and room; 2 its
    # notices; 3 its place on the waiting list
    with django_assert_num_queries(3):
        client.get(url(waiting))
