"""Home visits in the admin: staff record them (with themselves as visitor by
default) through the service, bad input is refused beside the field, and the
follow-ups due are a filter, with an action to mark them done."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.models import HomeVisit, ServedDay
from services.services.visits import home_visit_save
from tests.conftest import client_for
from tests.factories import MemberFactory, ResidentFactory, VolunteerFactory

ADD = reverse("admin:services_homevisit_add")
LIST = reverse("admin:services_homevisit_changelist")
TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-07 10:00 +08:00", tick=False):
        yield


@pytest.fixture
def resident(world):
    return ResidentFactory(center=world.a, name="黄婆婆")


@pytest.fixture
def member(world):
    return MemberFactory(center=world.a, user=world.staff_a, name="社工小李")


def form(resident, members=(), volunteers=(), **overrides):
    return {
        "resident": resident.pk,
        "visited_on": TODAY.isoformat(),
        "mode": "visit",
        "members": [m.pk for m in members],
        "volunteers": [v.pk for v in volunteers],
        "findings": "血压偏高，提醒按时服药",
        **overrides,
    }


def test_staff_record_a_visit_through_the_service(world, resident, member):
    volunteer = VolunteerFactory(center=world.a)
    client = client_for(world.staff_a)
    page = client.get(f"{ADD}?resident={resident.pk}")
    assert page.context["adminform"].form.initial["members"] == [member.pk]
    response = client.post(ADD, form(resident, [member], [volunteer]))
    assert response.status_code == 302
    visit = HomeVisit.objects.get()
    assert (visit.recorded_by, list(visit.members.all()), list(visit.volunteers.all())) == (
        world.staff_a,
        [member],
        [volunteer],
    )
    resident.refresh_from_db()
    assert resident.last_visited_on == TODAY
    assert ServedDay.objects.get().people == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"visited_on": "2026-12-08"}, "visited_on"),
        ({"follow_up_needed": "on", "follow_up_by": "2026-12-01"}, "follow_up_by"),
        ({"members": []}, "members"),
    ],
)
def test_bad_input_is_refused_beside_the_field(world, resident, member, overrides, field):
    data = {**form(resident, [member]), **overrides}
    response = client_for(world.staff_a).post(ADD, data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not HomeVisit.objects.exists()


def test_a_visitor_of_another_center_is_refused_beside_the_field(world, resident, member):
    # A superuser may choose anyone: the visit still refuses another center's staff.
    stranger = MemberFactory(center=world.b, name="外中心社工")
    response = client_for(world.superuser).post(f"/en{ADD}", form(resident, [member, stranger]))
    errors = response.context["adminform"].form.errors
    assert "外中心社工 work at another center" in str(errors["members"])
    assert not HomeVisit.objects.exists()


def visit(resident, member, on, **fields):
    return home_visit_save(
        visit=HomeVisit(resident=resident, visited_on=on, **fields), members=[member], volunteers=[]
    )


def test_the_follow_up_filter_shows_those_overdue(world, resident, member):
    overdue = visit(
        resident,
        member,
        TODAY - timedelta(days=10),
        follow_up_needed=True,
        follow_up_by=TODAY - timedelta(days=1),
    )
    soon = visit(
        resident,
        member,
        TODAY - timedelta(days=2),
        follow_up_needed=True,
        follow_up_by=TODAY + timedelta(days=3),
    )
    plain = visit(resident, member, TODAY - timedelta(days=1))
    client = client_for(world.staff_a)

    def listed(value):
        response = client.get(LIST, {"follow_up": value})
        return {v for v in (overdue, soon, plain) if f"/homevisit/{v.pk}/change/" in response.text}

    assert listed("overdue") == {overdue}
    assert listed("open") == {overdue, soon}
    client.post(LIST, {"action": "mark_followed_up", "_selected_action": [overdue.pk, plain.pk]})
    overdue.refresh_from_db()
    assert overdue.followed_up_on == TODAY
    assert listed("overdue") == set()
    assert listed("done") == {overdue}


def test_the_list_takes_the_same_queries_for_more_visits(world, resident, member):
    client = client_for(world.staff_a)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    visit(resident, member, TODAY)
    few = queries()
    for _n in range(10):
        visit(ResidentFactory(center=world.a), MemberFactory(center=world.a), TODAY, mode="phone")
    assert queries() == few


def test_a_director_deletes_a_visit_and_the_last_visit_follows(world, resident, member):
    older = visit(resident, member, TODAY - timedelta(days=20))
    latest = visit(resident, member, TODAY - timedelta(days=2))
    url = reverse("admin:services_homevisit_delete", args=[latest.pk])
    assert client_for(world.director_a).post(url, {"post": "yes"}).status_code == 302
    resident.refresh_from_db()
    assert resident.last_visited_on == older.visited_on
    assert ServedDay.objects.get().day == older.visited_on
