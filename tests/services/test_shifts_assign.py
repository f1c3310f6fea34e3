"""Filling an occurrence's slots (services.services.shifts): all or nothing, never
over-filled, never two overlapping shifts of one volunteer, only eligible,
active volunteers of the activity's center."""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError

from services.models import OccurrenceStatus, ShiftAssignment, ShiftStatus
from services.services.shifts import shifts_assign, shifts_release
from tests.factories import (
    ShiftRoleFactory,
    TeamFactory,
    TeamMembershipFactory,
    VolunteerFactory,
)
from tests.services.shifts import BEFORE, HAIRCUT_DAY, at, haircut, shift, volunteers_of
from volunteers.models import Skill, Volunteer


@pytest.fixture(autouse=True)
def _monday_before():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def occurrence(world):
    return haircut(world.a)


@pytest.fixture
def barbers(occurrence):
    """3 barbers needed, from a team of center A."""
    team = TeamFactory(center=occurrence.activity.center, name="理发志愿服务队")
    return ShiftRoleFactory(activity=occurrence.activity, name="理发师", slots=3, team=team)


def members(role, count):
    return [TeamMembershipFactory(team=role.team).volunteer for _ in range(count)]


def test_it_gives_each_chosen_volunteer_a_slot_at_the_planned_time(occurrence, barbers, world):
    crossing = ShiftRoleFactory(
        activity=occurrence.activity,
        name="路口文明劝导",
        slots=4,
        starts_at=time(7, 30),
        ends_at=time(9),
        team=barbers.team,
    )
    first, second = members(barbers, 2)
    shifts = shifts_assign(
        occurrence=occurrence, picks={barbers: [first], crossing: [second]}, by=world.staff_a
    )
    assert len(shifts) == 2
    by_role = {s.role: s for s in ShiftAssignment.objects.all()}
    assert (by_role[barbers].starts_at, by_role[barbers].ends_at) == (
        at(HAIRCUT_DAY, 9),
        at(HAIRCUT_DAY, 11, 30),
    )
    assert (by_role[crossing].starts_at, by_role[crossing].ends_at) == (
        at(HAIRCUT_DAY, 7, 30),
        at(HAIRCUT_DAY, 9),
    )
    assert all(s.status == ShiftStatus.ASSIGNED for s in by_role.values())
    assert by_role[barbers].assigned_by == world.staff_a
    assert by_role[barbers].history.get().history_user == world.staff_a


def test_it_never_over_fills_a_role(occurrence, barbers):
    team = members(barbers, 5)
    shifts_assign(occurrence=occurrence, picks={barbers: team[:2]})
    with pytest.raises(ValidationError) as refused:
        shifts_assign(occurrence=occurrence, picks={barbers: team[2:4]})
    assert "理发师" in refused.value.messages[0]
    assert ShiftAssignment.objects.count() == 2
    shifts_assign(occurrence=occurrence, picks={barbers: team[2:3]})  # the last slot
    assert ShiftAssignment.objects.count() == 3
    with pytest.raises(ValidationError):
        shifts_assign(occurrence=occurrence, picks={barbers: team[4:]})


def test_more_than_the_slots_at_once_is_refused(occurrence, barbers):
    with pytest.raises(ValidationError):
        shifts_assign(occurrence=occurrence, picks={barbers: members(barbers, 4)})
    assert not ShiftAssignment.objects.exists()


def test_an_overlapping_shift_is_refused_with_the_clash_named(occurrence, barbers, world):
    volunteer = members(barbers, 1)[0]
    elsewhere = haircut(world.a, title="法律咨询", starts_at=time(10), ends_at=time(12))
    desk = ShiftRoleFactory(activity=elsewhere.activity, name="咨询台", team=barbers.team)
    shift(desk, elsewhere, volunteer)
    with pytest.raises(ValidationError) as refused:
        shifts_assign(occurrence=occurrence, picks={barbers: [volunteer]})
    [message] = refused.value.messages
    assert volunteer.name in message
    assert "法律咨询 · 咨询台, 2026-12-30 10:00–12:00" in message
    assert ShiftAssignment.objects.count() == 1


def test_shifts_that_only_touch_do_not_clash(occurrence, barbers, world):
    volunteer = members(barbers, 1)[0]
    before = haircut(world.a, title="早间巡逻", starts_at=time(7), ends_at=time(9))
    patrol = ShiftRoleFactory(activity=before.activity, team=barbers.team)
    shift(patrol, before, volunteer)
    shifts_assign(occurrence=occurrence, picks={barbers: [volunteer]})
    assert ShiftAssignment.objects.filter(volunteer=volunteer).count() == 2


def test_it_is_all_or_nothing(occurrence, barbers, world):
    free, busy = members(barbers, 2)
    other = haircut(world.a, title="义诊")
    shift(ShiftRoleFactory(activity=other.activity), other, busy)
    with pytest.raises(ValidationError) as refused:
        shifts_assign(occurrence=occurrence, picks={barbers: [free, busy]})
    assert busy.name in refused.value.messages[0]
    assert not ShiftAssignment.objects.filter(occurrence=occurrence).exists()


def test_one_volunteer_holds_one_role_per_occurrence(occurrence, barbers):
    helpers = ShiftRoleFactory(
        activity=occurrence.activity, name="助手", slots=2, starts_at=time(11, 30), ends_at=time(12)
    )
    volunteer = VolunteerFactory(center=occurrence.activity.center)
    TeamMembershipFactory(team=barbers.team, volunteer=volunteer)
    with pytest.raises(ValidationError) as twice:
        shifts_assign(occurrence=occurrence, picks={barbers: [volunteer], helpers: [volunteer]})
    assert volunteer.name in twice.value.messages[0]
    shifts_assign(occurrence=occurrence, picks={barbers: [volunteer]})
    with pytest.raises(ValidationError) as again:
        shifts_assign(occurrence=occurrence, picks={helpers: [volunteer]})
    assert "免费理发 · 理发师" in again.value.messages[0]


def test_team_members_and_sub_team_members_of_the_day_may_hold_the_role(occurrence, barbers):
    desk = TeamFactory(center=barbers.team.center, parent=barbers.team, name="纠纷调解")
    in_sub_team = TeamMembershipFactory(team=desk).volunteer
    left = TeamMembershipFactory(
        team=barbers.team, joined_on=date(2024, 1, 1), left_on=date(2026, 12, 1)
    ).volunteer
    joins_later = TeamMembershipFactory(team=barbers.team, joined_on=date(2027, 1, 1)).volunteer
    shifts_assign(occurrence=occurrence, picks={barbers: [in_sub_team]})
    for volunteer in (left, joins_later):
        with pytest.raises(ValidationError) as refused:
            shifts_assign(occurrence=occurrence, picks={barbers: [volunteer]})
        assert volunteer.name in refused.value.messages[0]
        assert "理发志愿服务队" in refused.value.messages[0]


def test_volunteers_with_the_skill_may_hold_the_role(occurrence):
    skill, _created = Skill.objects.get_or_create(name="理发")
    role = ShiftRoleFactory(activity=occurrence.activity, skill=skill)
    skilled, unskilled = volunteers_of(occurrence.activity.center, 2)
    skilled.skills.add(skill)
    shifts_assign(occurrence=occurrence, picks={role: [skilled]})
    with pytest.raises(ValidationError) as refused:
        shifts_assign(occurrence=occurrence, picks={role: [unskilled]})
    assert "理发" in refused.value.messages[0]


def test_a_role_without_team_or_skill_takes_any_active_volunteer_of_the_center(occurrence):
    role = ShiftRoleFactory(activity=occurrence.activity, name="帮手")
    shifts_assign(occurrence=occurrence, picks={role: volunteers_of(occurrence.activity.center, 2)})
    assert ShiftAssignment.objects.count() == 2


@pytest.mark.parametrize(
    "status", [Volunteer.Status.APPLIED, Volunteer.Status.SUSPENDED, Volunteer.Status.LEFT]
)
def test_only_active_volunteers_are_assigned(occurrence, status):
    role = ShiftRoleFactory(activity=occurrence.activity)
    fields = {"status_reason": "原因"} if status == Volunteer.Status.SUSPENDED else {}
    if status == Volunteer.Status.LEFT:
        fields["left_on"] = date(2026, 11, 1)
    volunteer = VolunteerFactory(center=occurrence.activity.center, status=status, **fields)
    with pytest.raises(ValidationError) as refused:
        shifts_assign(occurrence=occurrence, picks={role: [volunteer]})
    assert volunteer.name in refused.value.messages[0]
    assert not ShiftAssignment.objects.exists()


def test_volunteers_of_another_center_are_refused(occurrence, world):
    role = ShiftRoleFactory(activity=occurrence.activity)
    stranger = VolunteerFactory(center=world.b)
    with pytest.raises(ValidationError):
        shifts_assign(occurrence=occurrence, picks={role: [stranger]})
    assert not ShiftAssignment.objects.exists()


def test_a_cancelled_occurrence_takes_no_volunteers(occurrence, barbers):
    occurrence.status = OccurrenceStatus.CANCELLED
    occurrence.save()
    with pytest.raises(ValidationError):
        shifts_assign(occurrence=occurrence, picks={barbers: members(barbers, 1)})


def test_a_role_of_another_activity_is_refused(occurrence, world):
    other = ShiftRoleFactory(activity__center=world.a)
    with pytest.raises(ValidationError):
        shifts_assign(occurrence=occurrence, picks={other: volunteers_of(world.a, 1)})


def test_releasing_opens_the_slot_again(occurrence, barbers):
    team = members(barbers, 4)
    shifts = shifts_assign(occurrence=occurrence, picks={barbers: team[:3]})
    assert shifts_release(occurrence=occurrence, shifts=shifts[:1]) == 1
    shifts_assign(occurrence=occurrence, picks={barbers: team[3:]})
    assert ShiftAssignment.objects.count() == 3
    assert ShiftAssignment.history.filter(history_type="-").count() == 1


def test_a_shift_already_marked_is_not_released(occurrence, barbers):
    [marked] = shifts_assign(occurrence=occurrence, picks={barbers: members(barbers, 1)})
    marked.status = ShiftStatus.ABSENT
    marked.save()
    with pytest.raises(ValidationError):
        shifts_release(occurrence=occurrence, shifts=[marked])
    assert ShiftAssignment.objects.count() == 1
