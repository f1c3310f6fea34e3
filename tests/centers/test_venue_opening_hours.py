"""A room's opening hours are kept on its admin page; a closing time before the
opening time is refused there and by the database."""

from datetime import time

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from centers.models import VenueOpeningHours
from tests.conftest import client_for
from tests.factories import VenueFactory


def venue_form(venue, *hours):
    data = {
        "center": venue.center_id,
        "name": venue.name,
        "kind": venue.kind,
        "capacity": venue.capacity,
        "opening_hours-TOTAL_FORMS": len(hours),
        "opening_hours-INITIAL_FORMS": 0,
    }
    for index, (weekday, opens, closes) in enumerate(hours):
        data |= {
            f"opening_hours-{index}-weekday": weekday,
            f"opening_hours-{index}-opens": opens,
            f"opening_hours-{index}-closes": closes,
        }
    return data


def test_staff_keep_the_opening_hours_of_their_rooms(world):
    venue = VenueFactory(center=world.a)
    response = client_for(world.staff_a).post(
        reverse("admin:centers_venue_change", args=[venue.pk]),
        venue_form(venue, (1, "08:30", "12:00"), (1, "14:00", "20:30")),
    )
    assert response.status_code == 302
    assert [(h.weekday, h.opens, h.closes) for h in venue.opening_hours.all()] == [
        (1, time(8, 30), time(12)),
        (1, time(14), time(20, 30)),
    ]


def test_it_refuses_a_room_that_closes_before_it_opens(world):
    venue = VenueFactory(center=world.a)
    response = client_for(world.staff_a).post(
        reverse("admin:centers_venue_change", args=[venue.pk]),
        venue_form(venue, (2, "18:00", "09:00")),
    )
    assert response.status_code == 200
    assert "活动室开放的结束时间应晚于开始时间" in response.text
    assert not VenueOpeningHours.objects.exists()


def test_the_database_refuses_a_room_that_closes_before_it_opens(world):
    venue = VenueFactory(center=world.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        VenueOpeningHours.objects.create(venue=venue, weekday=3, opens=time(18), closes=time(9))
