"""The "staff the shifts" page of an occurrence (admin) and its selector: per
role, slots filled and needed and the candidates, each free or booked with the
clash named; ticking fills slots in bulk, all or nothing."""

from datetime import time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.models import ShiftAssignment
from services.selectors.shifts import occurrence_staffing
from tests.conftest import client_for
from tests.factories import ShiftRoleFactory, TeamFactory, TeamMembershipFactory
from tests.services.shifts import BEFORE, haircut, shift, volunteers_of


@pytest.fixture(autouse=True)
def _monday_before():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def occurrence(world):
    return haircut(world.a)


@pytest.fixture
def team(world):
    return TeamFactory(center=world.a, name="理发志愿服务队")


@pytest.fixture
def barbers(occurrence, team):
    return ShiftRoleFactory(activity=occurrence.activity, name="理发师", slots=3, team=team)


@pytest.fixture
def helpers(occurrence, team):
    return ShiftRoleFactory(
        activity=occurrence.activity,
        name="助手",
        slots=2,
        team=team,
        starts_at=time(8, 30),
        ends_at=time(11, 30),
    )


def members(team, count):
    return [TeamMembershipFactory(team=team).volunteer for _ in range(count)]


def url(occurrence):
    return reverse("admin:services_occurrence_staffing", args=[occurrence.pk])


def test_each_role_shows_slots_filled_and_candidates_free_or_booked(
    occurrence, barbers, helpers, team, world
):
    holder, free, busy = members(team, 3)
    shift(barbers, occurrence, holder)
    clinic = haircut(world.a, title="义诊", starts_at=time(11), ends_at=time(12))
    shift(ShiftRoleFactory(activity=clinic.activity, name="导诊"), clinic, busy)

    rows = {row.role: row for row in occurrence_staffing(occurrence=occurrence)}
    assert (rows[barbers].filled, rows[barbers].role.slots, rows[barbers].open_slots) == (1, 3, 2)
    assert [s.volunteer for s in rows[barbers].assigned] == [holder]
    candidates = {c.volunteer: c for c in rows[barbers].candidates}
    assert set(candidates) == {free, busy}  # the holder is not proposed again
    assert candidates[free].is_free
    assert candidates[busy].clash_label == "义诊 · 导诊, 2026-12-30 11:00–12:00"
    assert [c.volunteer for c in rows[barbers].candidates] == [free, busy]  # free ones first
    # For the other role the holder is busy: at this occurrence already.
    helper_candidates = {c.volunteer: c for c in rows[helpers].candidates}
    assert helper_candidates[holder].clash_label.startswith("免费理发 · 理发师")


def test_the_selectors_queries_do_not_grow_with_candidates_or_shifts(
    occurrence, barbers, helpers, team, world, django_assert_num_queries
):
    def fill(count):
        volunteers = members(team, count)
        clinic = haircut(world.a, title=f"义诊{count}", starts_at=time(11), ends_at=time(12))
        role = ShiftRoleFactory(activity=clinic.activity)
        for volunteer in volunteers[: count // 2]:
            shift(role, clinic, volunteer)
        shift(barbers, occurrence, volunteers[-1])

    fill(4)
    # 1 the roles; 2 the occurrence's shifts and volunteers; 3–4 each role's
    # candidates; 5 the shifts of the busy candidates
    with django_assert_num_queries(5):
        occurrence_staffing(occurrence=occurrence)
    fill(12)
    with django_assert_num_queries(5):
        rows = occurrence_staffing(occurrence=occurrence)
    for row in rows:
        for candidate in row.candidates:
            assert candidate.clash_label or candidate.is_free  # read without a query


def test_a_long_list_is_cut_and_searched(occurrence, barbers, team):
    volunteers = members(team, 5)
    [row] = occurrence_staffing(occurrence=occurrence, limit=3)
    assert len(row.candidates) == 3 and row.more_candidates
    wanted = volunteers[4]
    [row] = occurrence_staffing(occurrence=occurrence, search=wanted.volunteer_no, limit=3)
    assert [c.volunteer for c in row.candidates] == [wanted]
    [row] = occurrence_staffing(occurrence=occurrence, search=wanted.name, limit=3)
    assert [c.volunteer for c in row.candidates] == [wanted]


def test_staff_fill_slots_in_bulk(occurrence, barbers, helpers, team, world):
    first, second, third = members(team, 3)
    client = client_for(world.staff_a)
    page = client.get(url(occurrence))
    assert page.status_code == 200
    assert "理发师" in page.text
    assert [(row.filled, row.role.slots) for row in page.context["staffing"]] == [(0, 2), (0, 3)]
    response = client.post(
        url(occurrence),
        {f"role_{barbers.pk}": [first.pk, second.pk], f"role_{helpers.pk}": [third.pk]},
    )
    assert response.status_code == 302
    assert set(ShiftAssignment.objects.values_list("role", "volunteer")) == {
        (barbers.pk, first.pk),
        (barbers.pk, second.pk),
        (helpers.pk, third.pk),
    }
    page = client.get(url(occurrence))
    assert first.name in page.text


def test_a_refused_fill_changes_nothing_and_names_the_clash(occurrence, barbers, team, world):
    free, busy = members(team, 2)
    clinic = haircut(world.a, title="义诊", starts_at=time(10), ends_at=time(12))
    shift(ShiftRoleFactory(activity=clinic.activity, name="导诊"), clinic, busy)
    response = client_for(world.staff_a).post(
        url(occurrence), {f"role_{barbers.pk}": [free.pk, busy.pk]}
    )
    assert response.status_code == 200
    assert "义诊 · 导诊, 2026-12-30 10:00–12:00" in response.text
    assert not ShiftAssignment.objects.filter(occurrence=occurrence).exists()
    # The free one stays ticked for another try.
    assert f'value="{free.pk}" id="role_{barbers.pk}-{free.pk}" checked' in response.text


def test_an_over_full_fill_is_refused(occurrence, helpers, team, world):
    response = client_for(world.staff_a).post(
        url(occurrence), {f"role_{helpers.pk}": [v.pk for v in members(team, 3)]}
    )
    assert response.status_code == 200
    assert "助手" in response.text
    assert not ShiftAssignment.objects.exists()


def test_a_volunteer_the_user_cannot_see_is_not_found(occurrence, barbers, world):
    [stranger] = volunteers_of(world.c, 1)
    response = client_for(world.staff_a).post(
        url(occurrence), {f"role_{barbers.pk}": [stranger.pk]}
    )
    assert response.status_code == 200
    assert stranger.name not in response.text
    assert not ShiftAssignment.objects.exists()


def test_ticked_volunteers_are_taken_off(occurrence, barbers, team, world):
    [volunteer] = members(team, 1)
    held = shift(barbers, occurrence, volunteer)
    response = client_for(world.staff_a).post(url(occurrence), {"release": [held.pk]})
    assert response.status_code == 302
    assert not ShiftAssignment.objects.exists()


def test_leaders_read_the_page_but_may_not_fill(occurrence, barbers, team, world):
    [volunteer] = members(team, 1)
    client = client_for(world.leader_s1)
    page = client.get(url(occurrence))
    assert page.status_code == 200
    assert 'type="checkbox"' not in page.text
    assert client.post(url(occurrence), {f"role_{barbers.pk}": [volunteer.pk]}).status_code == 403
    assert not ShiftAssignment.objects.exists()


def test_another_centers_occurrence_is_not_found(occurrence, world):
    assert client_for(world.staff_b).get(url(occurrence)).status_code == 404
    assert client_for(world.leader_s2).get(url(occurrence)).status_code == 404


def test_the_pages_queries_do_not_grow_with_candidates(occurrence, barbers, team, world):
    def busy(count):
        for volunteer in members(team, count):
            clinic = haircut(
                world.a, title=f"义诊{volunteer.pk}", starts_at=time(10), ends_at=time(12)
            )
            shift(ShiftRoleFactory(activity=clinic.activity), clinic, volunteer)

    client = client_for(world.staff_a)
    members(team, 2)
    busy(1)
    client.get(url(occurrence))  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        client.get(url(occurrence))
    members(team, 10)
    busy(15)
    with CaptureQueriesContext(connection) as many:
        client.get(url(occurrence))
    assert len(many) == len(few)
