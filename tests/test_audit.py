"""Every change staff make is recorded with who and what; the admin shows it."""

from django.urls import reverse

from centers.models import Venue
from tests.conftest import client_for
from tests.factories import VenueFactory


def test_a_change_in_the_admin_is_recorded_with_its_author(world):
    venue = VenueFactory(center=world.a, name="阅读室", capacity=20)
    client = client_for(world.staff_a)
    response = client.post(
        reverse("admin:centers_venue_change", args=[venue.pk]),
        {
            "center": world.a.pk,
            "name": "阅读室",
            "kind": "reading",
            "capacity": 30,
            "opening_hours-TOTAL_FORMS": 0,
            "opening_hours-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    latest = venue.history.latest()
    assert latest.history_user == world.staff_a
    assert latest.history_type == "~"
    assert latest.diff_against(latest.prev_record).changed_fields == ["capacity"]

    page = client.get(reverse("admin:centers_venue_history", args=[venue.pk]))
    assert page.status_code == 200
    assert "staff_a" in page.text
    assert "20" in page.text and "30" in page.text


def test_a_deletion_is_recorded(world):
    venue = VenueFactory(center=world.a)
    client_for(world.staff_a).post(
        reverse("admin:centers_venue_delete", args=[venue.pk]), {"post": "yes"}
    )
    assert not Venue.objects.filter(pk=venue.pk).exists()
    assert Venue.history.filter(id=venue.pk, history_type="-").get().history_user == world.staff_a
