"""The attendance sheet of an occurrence (admin page): staff mark who came, add
walk-ins and the volunteers' actual times; leaders read the figures only."""

from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.models import ServedDay, ShiftStatus, Signup, SignupChannel, SignupStatus
from services.selectors.shifts import attendance_sheet
from tests.conftest import client_for
from tests.factories import (
    ServiceHoursFactory,
    ShiftRoleFactory,
    SignupFactory,
    TeamFactory,
    TeamMembershipFactory,
)
from tests.services.shifts import AFTER, BEFORE, haircut, shift
from volunteers.models import ServiceHours
from volunteers.services.hours import hours_confirm


@pytest.fixture(autouse=True)
def _the_afternoon_after():
    with time_machine.travel(AFTER, tick=False):
        yield


@pytest.fixture
def occurrence(world):
    return haircut(world.a)


@pytest.fixture
def barber_shift(occurrence, world):
    team = TeamFactory(center=world.a)
    role = ShiftRoleFactory(activity=occurrence.activity, name="理发师", team=team)
    return shift(role, occurrence, TeamMembershipFactory(team=team).volunteer)


def url(occurrence):
    return reverse("admin:services_occurrence_attendance", args=[occurrence.pk])


def sheet(signups=(), shifts=(), walk_ins=()):
    """The POST of a sheet: marks, shifts (status, from, until), walk-in rows."""
    data = {
        "walkin-TOTAL_FORMS": str(max(len(walk_ins), 1)),
        "walkin-INITIAL_FORMS": "0",
        "walkin-MIN_NUM_FORMS": "0",
        "walkin-MAX_NUM_FORMS": "50",
        "walkin-0-people": "1",
    }
    for signup, status in signups:
        data[f"signup_{signup.pk}"] = status
    for the_shift, status, start, end in shifts:
        data[f"shift_{the_shift.pk}_status"] = status
        data[f"shift_{the_shift.pk}_from"] = start
        data[f"shift_{the_shift.pk}_until"] = end
    for index, row in enumerate(walk_ins):
        for name, value in row.items():
            data[f"walkin-{index}-{name}"] = value
    return data


def test_staff_save_the_sheet(occurrence, barber_shift, world):
    came, absent = (
        SignupFactory(occurrence=occurrence, people=2),
        SignupFactory(occurrence=occurrence),
    )
    client = client_for(world.staff_a)
    page = client.get(url(occurrence))
    assert page.status_code == 200
    # Actual times start as the planned shift.
    assert 'value="2026-12-30T09:00"' in page.text and 'value="2026-12-30T11:30"' in page.text
    assert came.phone not in page.text  # masked
    response = client.post(
        url(occurrence),
        sheet(
            signups=[(came, "attended"), (absent, "no_show")],
            shifts=[(barber_shift, "served", "2026-12-30T09:05", "2026-12-30T11:20")],
            walk_ins=[{"name": "王大爷", "people": "1"}],
        ),
    )
    assert response.status_code == 302
    statuses = dict(Signup.objects.values_list("name", "status"))
    assert statuses == {came.name: "attended", absent.name: "no_show", "王大爷": "attended"}
    assert Signup.objects.get(name="王大爷").channel == SignupChannel.WALK_IN
    assert ServedDay.objects.get().people == 3
    entry = ServiceHours.objects.get()
    assert entry.hours == Decimal("2.25")
    barber_shift.refresh_from_db()
    assert barber_shift.status == ShiftStatus.SERVED


def test_an_empty_walk_in_row_is_left_out(occurrence, world):
    signup = SignupFactory(occurrence=occurrence)
    response = client_for(world.staff_a).post(
        url(occurrence), sheet(signups=[(signup, "attended")])
    )
    assert response.status_code == 302
    assert Signup.objects.count() == 1


def test_a_bad_row_saves_nothing_and_says_which(occurrence, barber_shift, world):
    signup = SignupFactory(occurrence=occurrence)
    response = client_for(world.staff_a).post(
        url(occurrence),
        sheet(
            signups=[(signup, "attended")],
            shifts=[(barber_shift, "served", "2026-12-30T11:00", "2026-12-30T09:00")],
        ),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"shift_{barber_shift.pk}_until"]
    assert Signup.objects.get().status == SignupStatus.CONFIRMED
    assert not ServiceHours.objects.exists()


def test_a_refusal_of_the_ledger_names_the_row(occurrence, barber_shift, world):
    ServiceHoursFactory(volunteer=barber_shift.volunteer, served_on=AFTER.date(), hours=Decimal(23))
    response = client_for(world.staff_a).post(
        url(occurrence),
        sheet(shifts=[(barber_shift, "served", "2026-12-30T09:00", "2026-12-30T11:30")]),
    )
    assert response.status_code == 200
    assert f"{barber_shift.volunteer} (理发师)" in response.text
    assert ServiceHours.objects.count() == 1


def test_confirmed_hours_are_shown_as_left_alone(occurrence, barber_shift, world):
    client = client_for(world.staff_a)
    client.post(
        url(occurrence),
        sheet(shifts=[(barber_shift, "served", "2026-12-30T09:00", "2026-12-30T11:00")]),
    )
    hours_confirm(entries=ServiceHours.objects.all(), user=world.director_a)
    page = client.get(url(occurrence))
    assert f'name="shift_{barber_shift.pk}_status"' in page.text
    assert "disabled" in page.text
    response = client.post(
        url(occurrence),
        sheet(shifts=[(barber_shift, "absent", "", "")]),
        follow=True,
    )
    assert str(barber_shift.volunteer) in " ".join(str(m) for m in response.context["messages"])
    assert ServiceHours.objects.get().hours == Decimal(2)


def test_before_it_starts_the_sheet_is_not_open(occurrence, world):
    signup = SignupFactory(occurrence=occurrence)
    client = client_for(world.staff_a)
    with time_machine.travel(BEFORE, tick=False):
        page = client.get(url(occurrence))
        assert page.status_code == 200
        assert not page.context["may_save"]
        response = client.post(url(occurrence), sheet(signups=[(signup, "attended")]))
        assert response.status_code == 200
    assert Signup.objects.get().status == SignupStatus.CONFIRMED


def test_leaders_read_the_figures_not_the_names_and_may_not_save(occurrence, barber_shift, world):
    signup = SignupFactory(occurrence=occurrence, status=SignupStatus.ATTENDED, people=2)
    client = client_for(world.leader_s1)
    page = client.get(url(occurrence))
    assert page.status_code == 200
    assert signup.name not in page.text
    assert page.context["attended"] == (1, 2)
    assert 'type="submit" class="default"' not in page.text
    response = client.post(url(occurrence), sheet(signups=[(signup, "no_show")]))
    assert response.status_code == 403
    assert Signup.objects.get().status == SignupStatus.ATTENDED


def test_another_centers_sheet_is_not_found(occurrence, world):
    assert client_for(world.staff_b).get(url(occurrence)).status_code == 404
    assert client_for(world.leader_s2).get(url(occurrence)).status_code == 404


def test_the_sheets_queries_do_not_grow_with_rows(occurrence, barber_shift, world):
    client = client_for(world.staff_a)
    SignupFactory(occurrence=occurrence)
    client.get(url(occurrence))
    with CaptureQueriesContext(connection) as few:
        client.get(url(occurrence))
    for _ in range(10):
        SignupFactory(occurrence=occurrence)
    role = barber_shift.role
    for _ in range(2):
        shift(role, occurrence, TeamMembershipFactory(team=role.team).volunteer)
    with CaptureQueriesContext(connection) as many:
        client.get(url(occurrence))
    assert len(many) == len(few)


def test_the_sheet_selector_runs_two_queries(occurrence, barber_shift, django_assert_num_queries):
    SignupFactory(occurrence=occurrence)
    # 1 the sign-ups holding places; 2 the shifts with volunteers, roles and hours entries
    with django_assert_num_queries(2):
        rows = attendance_sheet(occurrence=occurrence)
    assert [s.volunteer.name for s in rows.shifts] == [barber_shift.volunteer.name]
