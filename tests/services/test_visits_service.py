"""Recording home visits: the resident's last visit and the person-times follow
every write; future dates, a follow-up before the visit and visitors from
other centers are refused and change nothing."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from services.models import HomeVisit, ServedDay, ServedGroupDay
from services.services.residents import resident_save
from services.services.visits import (
    home_visit_save,
    home_visits_delete,
    home_visits_follow_up_done,
)
from tests.factories import MemberFactory, ResidentFactory, VolunteerFactory, target_group

TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-07 10:00 +08:00", tick=False):
        yield


@pytest.fixture
def resident(world):
    resident = ResidentFactory(center=world.a)
    resident_save(resident=resident, target_groups=[target_group("elderly_alone")])
    return resident


@pytest.fixture
def member(world):
    return MemberFactory(center=world.a)


def visit(resident, member, on=TODAY, **fields):
    return home_visit_save(
        visit=HomeVisit(resident=resident, visited_on=on, **fields), members=[member], volunteers=[]
    )


def people(**where):
    return sum(ServedDay.objects.filter(**where).values_list("people", flat=True))


def test_a_visit_sets_the_residents_last_visit_and_counts_one_person_time(resident, member):
    made = visit(resident, member, on=TODAY - timedelta(days=3), mode="phone")
    resident.refresh_from_db()
    assert resident.last_visited_on == TODAY - timedelta(days=3)
    assert list(made.members.all()) == [member]
    day = ServedDay.objects.get()
    assert (day.center, day.community, day.day, day.source, day.people) == (
        resident.center,
        resident.community,
        TODAY - timedelta(days=3),
        "visit",
        1,
    )
    # Counted in the sub-group and in its main group.
    assert {row.group.code for row in ServedGroupDay.objects.all()} == {"elderly", "elderly_alone"}


def test_an_older_visit_does_not_move_the_last_visit_back(resident, member):
    visit(resident, member, on=TODAY - timedelta(days=2))
    visit(resident, member, on=TODAY - timedelta(days=40))
    resident.refresh_from_db()
    assert resident.last_visited_on == TODAY - timedelta(days=2)
    assert people() == 2


def test_moving_or_deleting_the_latest_visit_moves_the_last_visit(resident, member):
    older = visit(resident, member, on=TODAY - timedelta(days=40))
    latest = visit(resident, member, on=TODAY - timedelta(days=2))
    latest.visited_on = TODAY - timedelta(days=50)
    home_visit_save(visit=latest, members=[member], volunteers=[])
    resident.refresh_from_db()
    assert resident.last_visited_on == older.visited_on
    assert people(day=TODAY - timedelta(days=50)) == 1
    assert people(day=TODAY - timedelta(days=2)) == 0

    home_visits_delete(visits=[older, latest])
    resident.refresh_from_db()
    assert resident.last_visited_on is None
    assert not ServedDay.objects.exists() and not ServedGroupDay.objects.exists()


def test_a_visit_moved_to_another_resident_moves_both_last_visits(world, resident, member):
    other = ResidentFactory(center=world.a)
    made = visit(resident, member, on=TODAY - timedelta(days=1))
    made.resident = other
    home_visit_save(visit=made, members=[member], volunteers=[])
    resident.refresh_from_db()
    other.refresh_from_db()
    assert (resident.last_visited_on, other.last_visited_on) == (None, TODAY - timedelta(days=1))
    assert not ServedGroupDay.objects.exists()  # the other resident has no groups
    assert ServedDay.objects.get(community=other.community).people == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"visited_on": TODAY + timedelta(days=1)}, "visited_on"),
        (
            {"follow_up_needed": True, "follow_up_by": TODAY - timedelta(days=5)},
            "follow_up_by",
        ),
        ({"follow_up_needed": True}, "follow_up_by"),
        ({"follow_up_by": TODAY + timedelta(days=3)}, "follow_up_by"),
        ({"followed_up_on": TODAY}, "followed_up_on"),
        (
            {
                "follow_up_needed": True,
                "follow_up_by": TODAY,
                "followed_up_on": TODAY - timedelta(days=3),
            },
            "followed_up_on",
        ),
    ],
)
def test_bad_dates_are_refused_and_change_nothing(resident, member, fields, field):
    fields = {"visited_on": TODAY - timedelta(days=1), **fields}
    with pytest.raises(ValidationError) as refused:
        home_visit_save(
            visit=HomeVisit(resident=resident, **fields), members=[member], volunteers=[]
        )
    assert field in refused.value.error_dict
    assert not HomeVisit.objects.exists()
    assert not ServedDay.objects.exists()
    resident.refresh_from_db()
    assert resident.last_visited_on is None


def test_visitors_from_another_center_are_refused(world, resident, member):
    stranger = MemberFactory(center=world.b)
    volunteer = VolunteerFactory(center=world.b)
    with pytest.raises(ValidationError) as refused:
        home_visit_save(
            visit=HomeVisit(resident=resident, visited_on=TODAY),
            members=[member, stranger],
            volunteers=[volunteer],
        )
    assert set(refused.value.error_dict) == {"members", "volunteers"}
    assert stranger.name in str(refused.value.error_dict["members"])
    assert not HomeVisit.objects.exists()


def test_someone_must_have_visited(resident):
    with pytest.raises(ValidationError) as refused:
        home_visit_save(
            visit=HomeVisit(resident=resident, visited_on=TODAY), members=[], volunteers=[]
        )
    assert "members" in refused.value.error_dict


def test_a_volunteer_still_waiting_for_approval_is_refused(world, resident):
    applicant = VolunteerFactory(center=world.a, status="applied")
    with pytest.raises(ValidationError) as refused:
        home_visit_save(
            visit=HomeVisit(resident=resident, visited_on=TODAY),
            members=[],
            volunteers=[applicant],
        )
    assert "volunteers" in refused.value.error_dict


def test_volunteers_of_the_center_may_visit_alone(world, resident):
    volunteer = VolunteerFactory(center=world.a)
    made = home_visit_save(
        visit=HomeVisit(resident=resident, visited_on=TODAY), members=[], volunteers=[volunteer]
    )
    assert list(made.volunteers.all()) == [volunteer]


def test_follow_ups_are_marked_done_once(resident, member, world):
    pending = visit(
        resident, member, on=TODAY - timedelta(days=9), follow_up_needed=True, follow_up_by=TODAY
    )
    plain = visit(resident, member, on=TODAY - timedelta(days=8))
    assert home_visits_follow_up_done(visits=[pending, plain], by=world.staff_a) == 1
    assert home_visits_follow_up_done(visits=[pending], by=world.staff_a) == 0
    pending.refresh_from_db()
    assert pending.followed_up_on == TODAY
    assert pending.history.first().history_user == world.staff_a
