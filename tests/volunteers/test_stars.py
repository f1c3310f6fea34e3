"""Star levels follow confirmed hours; the thresholds are a setting."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import VolunteerFactory
from volunteers import stars


@pytest.mark.parametrize(
    ("hours", "level"),
    [
        ("0", 0),
        ("99.99", 0),
        ("100", 1),
        ("299.5", 1),
        ("300", 2),
        ("600", 3),
        ("999", 3),
        ("1000", 4),
        ("1499.99", 4),
        ("1500", 5),
        ("9000", 5),
    ],
)
def test_the_default_thresholds(hours, level):
    assert stars.star_level(Decimal(hours)) == level


def test_the_thresholds_are_a_setting(settings):
    settings.VOLUNTEER_STAR_THRESHOLDS = [50, 150]
    assert stars.star_level(Decimal(60)) == 1
    assert stars.star_level(Decimal(5000)) == 2
    assert stars.hours_range(1) == (50, 150)
    assert stars.hours_range(2) == (150, None)


def test_the_admin_shows_and_filters_stars(world):
    bronze = VolunteerFactory(center=world.a, confirmed_hours=Decimal(120))
    gold = VolunteerFactory(center=world.a, confirmed_hours=Decimal(1600))
    none = VolunteerFactory(center=world.a, confirmed_hours=Decimal(10))
    client = client_for(world.staff_a)
    url = reverse("admin:volunteers_volunteer_changelist")
    page = client.get(url).text
    assert "★★★★★" in page
    one_star = client.get(url, {"stars": "1"}).text
    assert bronze.volunteer_no in one_star
    assert gold.volunteer_no not in one_star and none.volunteer_no not in one_star
    five = client.get(url, {"stars": "5"}).text
    assert gold.volunteer_no in five and bronze.volunteer_no not in five
