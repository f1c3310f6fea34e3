"""Occurrences in the admin: upcoming ones first with the places taken (no query
per row), cancel and move pages that tell the people signed up, places that
move the waiting list up."""

from datetime import date

import pytest
from django.urls import reverse

from services.models import Occurrence, Signup, SignupNotice
from services.services.occurrences import occurrences_materialize
from tests.conftest import client_for
from tests.services.activities import at, haircut, one_off, sign_up

pytestmark = pytest.mark.usefixtures("monday")

LIST = reverse("admin:services_occurrence_changelist")


# The sign-ups inline (read only) posts its management form.
INLINE = {
    "signups-TOTAL_FORMS": 0,
    "signups-INITIAL_FORMS": 0,
    "signups-MIN_NUM_FORMS": 0,
    "signups-MAX_NUM_FORMS": 1000,
}


def page(view, occurrence):
    return reverse(f"admin:services_occurrence_{view}", args=[occurrence.pk])


def test_the_list_shows_upcoming_occurrences_with_the_places_taken(world):
    occurrence = one_off(world.a, title="防诈骗讲座", capacity=3)
    sign_up(occurrence, phone="13800000001", people=2)
    sign_up(occurrence, phone="13800000002", people=2)  # waits
    response = client_for(world.staff_a).get(LIST)
    [row] = response.context["cl"].result_list
    assert (row.places_taken, row.waiting) == (2, 1)
    assert "2 / 3" in response.text


def test_past_occurrences_are_listed_apart_newest_first(world):
    _activity, occurrences = haircut(world.a, first_date=date(2026, 1, 1))
    occurrences_materialize(activity=_activity, start=date(2026, 9, 1))
    client = client_for(world.staff_a)
    upcoming = client.get(LIST).context["cl"].result_list
    assert [o.rule_date for o in upcoming][0] == date(2026, 12, 30)
    past = client.get(LIST, {"when": "past"}).context["cl"].result_list
    assert [o.rule_date for o in past] == [
        date(2026, 11, 25),
        date(2026, 10, 28),
        date(2026, 9, 30),
    ]


@pytest.mark.parametrize("rows", [2, 10])
def test_the_lists_query_count_does_not_grow_with_rows(world, django_assert_num_queries, rows):
    for n in range(rows):
        occurrence = one_off(world.a, title=f"讲座{n}", day=date(2026, 12, 8 + n))
        sign_up(occurrence, phone=f"1380000{n:04d}")
    client = client_for(world.staff_a)
    # 1 the session; 2 the user; 3, 4 the user's and groups' permissions; 5, 6, 7
    # the filters' centers, communities and activities; 8 the count; 9 the page's
    # occurrences with their activities, places taken and waiting (subqueries)
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["cl"].result_list) == rows


def test_staff_cancel_an_occurrence_with_a_note_and_the_people_are_told(world):
    occurrence = one_off(world.a)
    sign_up(occurrence, phone="13800000001")
    sign_up(occurrence, phone="13800000002")
    client = client_for(world.staff_a)
    asking = client.get(f"/en{page('cancel', occurrence)}")
    assert "2 people signed up are told" in asking.text
    response = client.post(page("cancel", occurrence), {"note": "理发师生病"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:services_occurrence_change", args=[occurrence.pk]
    )
    occurrence.refresh_from_db()
    assert occurrence.is_cancelled and occurrence.note == "理发师生病"
    assert SignupNotice.objects.filter(kind="cancelled", note="理发师生病").count() == 2
    assert occurrence.history.latest().history_user == world.staff_a
    # Cancelled: no more buttons.
    change = client.get(page("change", occurrence)).text
    assert page("cancel", occurrence) not in change and page("move", occurrence) not in change


def test_staff_move_an_occurrence_and_the_people_are_told(world):
    occurrence = one_off(world.a)
    signup = sign_up(occurrence)
    response = client_for(world.staff_a).post(
        page("move", occurrence),
        {
            "starts_at_0": "2026-12-10",
            "starts_at_1": "14:00",
            "ends_at_0": "2026-12-10",
            "ends_at_1": "16:00",
            "note": "改到周四",
        },
        follow=True,
    )
    assert response.status_code == 200
    occurrence.refresh_from_db()
    assert occurrence.starts_at == at(date(2026, 12, 10), 14)
    notice = SignupNotice.objects.get()
    assert (notice.signup, notice.kind, notice.note) == (signup, "moved", "改到周四")


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (("2026-12-10", "16:00"), ("2026-12-10", "14:00"), "ends_at"),
        (("2026-12-01", "09:00"), ("2026-12-01", "10:00"), "starts_at"),
        (("someday", "09:00"), ("2026-12-01", "10:00"), "starts_at"),
    ],
)
def test_a_bad_move_is_refused_beside_the_field(world, start, end, field):
    occurrence = one_off(world.a)
    response = client_for(world.staff_a).post(
        page("move", occurrence),
        {
            "starts_at_0": start[0],
            "starts_at_1": start[1],
            "ends_at_0": end[0],
            "ends_at_1": end[1],
        },
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Occurrence.objects.get().starts_at == at(date(2026, 12, 9), 9)


def test_cancelling_twice_says_why_not(world):
    occurrence = one_off(world.a)
    client = client_for(world.staff_a)
    client.post(page("cancel", occurrence), {"note": ""})
    response = client.post(f"/en{page('cancel', occurrence)}", {"note": ""}, follow=True)
    assert "already cancelled" in response.text


def test_more_places_in_the_change_form_move_the_waiting_list_up(world):
    occurrence = one_off(world.a, capacity=1)
    sign_up(occurrence, phone="13800000001")
    waiting = sign_up(occurrence, phone="13800000002")
    response = client_for(world.staff_a).post(
        f"/en{page('change', occurrence)}", {**INLINE, "capacity": 2, "note": "加一位"}, follow=True
    )
    assert "1 sign-up moved up from the waiting list" in response.text
    assert Signup.objects.get(pk=waiting.pk).status == "confirmed"
    occurrence.refresh_from_db()
    assert (occurrence.capacity, occurrence.note) == (2, "加一位")


def test_a_capacity_of_zero_is_refused(world):
    occurrence = one_off(world.a, capacity=1)
    response = client_for(world.staff_a).post(page("change", occurrence), {**INLINE, "capacity": 0})
    assert response.status_code == 200 and "capacity" in response.context["adminform"].form.errors
    assert Occurrence.objects.get().capacity == 1


def test_occurrences_are_not_added_by_hand(world):
    assert (
        client_for(world.staff_a).get(reverse("admin:services_occurrence_add")).status_code == 403
    )


def test_the_bulk_cancel_asks_for_a_note_then_cancels(world):
    first, second = one_off(world.a), one_off(world.a, day=date(2026, 12, 10))
    sign_up(first)
    client = client_for(world.staff_a)
    selection = {"action": "cancel_occurrences", "_selected_action": [first.pk, second.pk]}
    asking = client.post(LIST, selection)
    assert asking.status_code == 200 and 'name="note"' in asking.text
    client.post(LIST, {**selection, "note": "台风"}, follow=True)
    assert Occurrence.objects.filter(status="cancelled", note="台风").count() == 2
    assert SignupNotice.objects.count() == 1
