"""Unit subsidies: units per volunteer and item, and what is owed to each."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import PaidWorkItemFactory, PaidWorkUnitsFactory, VolunteerFactory
from volunteers.models import PaidWorkUnits
from volunteers.selectors import owed_per_volunteer, owed_to


@pytest.fixture
def census(world):
    return PaidWorkItemFactory(
        center=world.a, name="人口普查入户信息核实", unit="人", unit_price=Decimal("1.00")
    )


def test_what_is_owed_per_volunteer(world, census):
    li_bin, other = VolunteerFactory.create_batch(2, center=world.a)
    PaidWorkUnitsFactory(
        item=census,
        volunteer=li_bin,
        worked_on=date(2026, 8, 25),
        units=60,
        paid_on=date(2026, 9, 3),
    )
    PaidWorkUnitsFactory(item=census, volunteer=li_bin, worked_on=date(2026, 8, 26), units=55)
    PaidWorkUnitsFactory(item=census, volunteer=other, worked_on=date(2026, 8, 26), units=20)
    rows = list(owed_per_volunteer(PaidWorkUnits.objects.filter(item=census)))
    assert [
        (r["volunteer"], r["units_total"], r["earned"], r["paid"], r["owed"]) for r in rows
    ] == [
        (li_bin.pk, 115, Decimal(115), Decimal(60), Decimal(55)),
        (other.pk, 20, Decimal(20), Decimal(0), Decimal(20)),
    ]
    assert owed_to(li_bin) == Decimal(55)


def test_the_owed_page_and_its_download(world, census):
    units = PaidWorkUnitsFactory(item=census, volunteer__center=world.a, units=37)
    url = reverse("admin:volunteers_paidworkitem_owed", args=[census.pk])
    page = client_for(world.leader_s1).get(url)
    assert page.status_code == 200
    assert units.volunteer.volunteer_no in page.text and "37.00" in page.text
    download = client_for(world.staff_a).get(url, {"format": "xlsx"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for(world.staff_b).get(url).status_code == 404


def test_marking_units_as_paid(world, census):
    units = PaidWorkUnitsFactory(item=census, volunteer__center=world.a)
    client = client_for(world.staff_a)
    url = reverse("admin:volunteers_paidworkunits_changelist")
    data = {"action": "mark_paid", "_selected_action": [units.pk], "index": 0}
    assert 'name="paid_on"' in client.post(url, data).text
    client.post(url, {**data, "paid_on": "2026-09-10"})
    units.refresh_from_db()
    assert units.paid_on == date(2026, 9, 10)
    assert units.history.latest().history_user == world.staff_a
    assert owed_to(units.volunteer) == 0


def test_units_are_recorded_once_a_day_and_within_the_period(world, census):
    units = PaidWorkUnitsFactory(item=census, volunteer__center=world.a)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaidWorkUnitsFactory(item=census, volunteer=units.volunteer, worked_on=units.worked_on)
    early = PaidWorkUnits(
        item=census, volunteer=units.volunteer, worked_on=date(2026, 1, 1), units=3
    )
    with pytest.raises(ValidationError):
        early.full_clean()


def test_the_volunteer_page_shows_what_is_owed(world, census):
    units = PaidWorkUnitsFactory(item=census, volunteer__center=world.a, units=42)
    page = client_for(world.staff_a).get(
        reverse("admin:volunteers_volunteer_change", args=[units.volunteer.pk])
    )
    assert "42.00" in page.text
