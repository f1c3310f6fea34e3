"""/venues/: each bookable room's free and taken times for the next two weeks."""

from datetime import timedelta

import pytest

from services.models import BookingStatus
from tests.factories import CenterFactory, VenueBookingFactory, VenueFactory
from tests.services.bookings import MONDAY, at, open_room

pytestmark = pytest.mark.usefixtures("monday")


def test_it_shows_free_and_taken_times_for_two_weeks(world, client):
    room = open_room(world.a, name="声乐室")
    tuesday = MONDAY + timedelta(days=1)
    VenueBookingFactory(
        venue=room, starts_at=at(tuesday, 14, 30), ends_at=at(tuesday, 16, 30), status="approved"
    )
    VenueBookingFactory(  # a request does not take the room
        venue=room, starts_at=at(tuesday, 9), ends_at=at(tuesday, 10), status="requested"
    )
    response = client.get("/venues/")
    assert response.status_code == 200
    text = response.text
    assert "声乐室" in text and "最多 25 人" in text
    assert "14:30–16:30 已预约" in text
    assert "08:30–14:30 空闲" in text and "16:30–20:30 空闲" in text
    # Today starts at the next quarter hour; past times are not offered.
    assert "10:00–20:30 空闲" in text
    assert f"/venues/{room.pk}/book/?day=2026-12-08&amp;starts=16:30&amp;ends=18:30" in text
    [schedule] = response.context["schedules"]
    assert len(schedule.days) == 14
    assert schedule.days[-1].day == MONDAY + timedelta(days=13)


def test_rooms_without_opening_hours_are_not_offered(world, client):
    VenueFactory(center=world.a, name="储藏室")
    response = client.get("/venues/")
    assert "储藏室" not in response.text
    assert "暂时没有可在网上预约的活动室" in response.text


def test_closed_days_say_so(world, client):
    room = open_room(world.a)
    room.opening_hours.filter(weekday=3).delete()
    assert "不开放" in client.get("/venues/").text


def test_declined_bookings_free_the_room(world, client):
    room = open_room(world.a)
    VenueBookingFactory(
        venue=room,
        starts_at=at(MONDAY, 14),
        ends_at=at(MONDAY, 16),
        status=BookingStatus.DECLINED,
    )
    assert "已预约</span>" not in client.get("/venues/").text


def test_it_is_in_english_under_en(world, client):
    open_room(world.a)
    text = client.get("/en/venues/").text
    assert "Book an activity room" in text and "free" in text


def test_its_query_count_does_not_grow_with_rooms_or_bookings(
    world, client, django_assert_num_queries
):
    for center in (world.a, world.b, CenterFactory(street=world.s1)):
        room = open_room(center)
        for day in range(5):
            start = at(MONDAY + timedelta(days=day), 15)
            VenueBookingFactory(
                venue=room, starts_at=start, ends_at=start + timedelta(hours=1), status="approved"
            )
    # 1 the rooms with their centers and communities; 2 their opening hours;
    # 3 the approved bookings of the two weeks
    with django_assert_num_queries(3):
        client.get("/venues/")
