"""Saving an occurrence's attendance sheet (services.services.attendance): marks,
walk-ins, person-times served, and volunteers' hours drafted from the time
actually served; saved again, it updates and never duplicates."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from services import tallies
from services.models import ServedDay, ShiftStatus, Signup, SignupChannel, SignupStatus
from services.services.attendance import ShiftMark, WalkIn, attendance_save
from tests.factories import (
    ServiceHoursFactory,
    ShiftRoleFactory,
    SignupFactory,
    TeamFactory,
    TeamMembershipFactory,
)
from tests.services.shifts import AFTER, BEFORE, HAIRCUT_DAY, at, haircut, shift, volunteers_of
from volunteers.models import ServiceHours
from volunteers.services.hours import hours_confirm, hours_reject


@pytest.fixture(autouse=True)
def _the_afternoon_after():
    with time_machine.travel(AFTER, tick=False):
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
def barber_shift(barbers, team, occurrence):
    volunteer = TeamMembershipFactory(team=team).volunteer
    return shift(barbers, occurrence, volunteer)


def served(the_shift, start=(9, 10), end=(11, 0)):
    return ShiftMark(
        shift=the_shift,
        status=ShiftStatus.SERVED,
        served_from=at(HAIRCUT_DAY, *start),
        served_until=at(HAIRCUT_DAY, *end),
    )


def snapshot():
    return sorted(ServedDay.objects.values_list("center", "community", "day", "source", "people"))


def assert_tallies_equal_a_rebuild():
    kept = snapshot()
    tallies.rebuild()
    assert snapshot() == kept


def test_marks_sign_ups_and_counts_the_people_who_came(occurrence, world):
    came = SignupFactory(occurrence=occurrence, people=2)
    stayed_home = SignupFactory(occurrence=occurrence)
    unmarked = SignupFactory(occurrence=occurrence)
    saved = attendance_save(
        occurrence=occurrence,
        signups={came: SignupStatus.ATTENDED, stayed_home: SignupStatus.NO_SHOW},
        by=world.staff_a,
    )
    statuses = dict(Signup.objects.values_list("pk", "status"))
    assert statuses == {
        came.pk: SignupStatus.ATTENDED,
        stayed_home.pk: SignupStatus.NO_SHOW,
        unmarked.pk: SignupStatus.CONFIRMED,
    }
    assert (saved.attended, saved.people) == (1, 2)
    assert ServedDay.objects.get().people == 2
    assert Signup.objects.get(pk=came.pk).history.first().history_user == world.staff_a
    assert_tallies_equal_a_rebuild()


def test_walk_ins_are_attended_sign_ups(occurrence, world):
    saved = attendance_save(
        occurrence=occurrence,
        walk_ins=[
            WalkIn(name="王大爷", people=1),
            WalkIn(name="李阿姨", phone="13912345678", people=2, consented=True),
        ],
        by=world.staff_a,
    )
    assert len(saved.walk_ins) == 2
    walk_ins = Signup.objects.filter(channel=SignupChannel.WALK_IN)
    assert set(walk_ins.values_list("status", flat=True)) == {SignupStatus.ATTENDED}
    assert walk_ins.get(name="李阿姨").consented_at == AFTER
    assert walk_ins.get(name="王大爷").consented_at is None
    assert ServedDay.objects.get().people == 3
    assert_tallies_equal_a_rebuild()


def test_a_walk_ins_phone_needs_consent(occurrence, world):
    with pytest.raises(ValidationError) as refused:
        attendance_save(
            occurrence=occurrence,
            walk_ins=[WalkIn(name="李阿姨", phone="13912345678")],
            by=world.staff_a,
        )
    assert "李阿姨" in refused.value.messages[0]
    assert not Signup.objects.exists()


def test_tallies_follow_the_sheet_as_it_changes(occurrence, world):
    first, second = (
        SignupFactory(occurrence=occurrence, people=3),
        SignupFactory(occurrence=occurrence),
    )
    attendance_save(
        occurrence=occurrence,
        signups={first: SignupStatus.ATTENDED, second: SignupStatus.ATTENDED},
        walk_ins=[WalkIn(name="王大爷", people=2)],
        by=world.staff_a,
    )
    assert ServedDay.objects.get().people == 6
    assert_tallies_equal_a_rebuild()
    attendance_save(
        occurrence=occurrence,
        signups={first: SignupStatus.NO_SHOW, second: SignupStatus.ATTENDED},
        by=world.staff_a,
    )
    assert ServedDay.objects.get().people == 3
    assert_tallies_equal_a_rebuild()
    attendance_save(
        occurrence=occurrence, signups={second: SignupStatus.CONFIRMED}, by=world.staff_a
    )
    assert ServedDay.objects.get().people == 2  # the walk-in
    assert_tallies_equal_a_rebuild()


def test_hours_are_drafted_from_the_time_actually_served(barber_shift, occurrence, world):
    saved = attendance_save(occurrence=occurrence, shifts=[served(barber_shift)], by=world.staff_a)
    entry = ServiceHours.objects.get()
    assert saved.hours_drafted == [entry]
    # 9:10–11:00 served, not the planned 9:00–11:30
    assert entry.hours == Decimal("1.83")
    assert entry.served_on == HAIRCUT_DAY
    assert entry.status == ServiceHours.Status.RECORDED
    assert (entry.content, entry.activity) == ("理发师", "免费理发")
    assert entry.team == barber_shift.role.team
    assert entry.recorded_by == world.staff_a
    barber_shift.refresh_from_db()
    assert barber_shift.status == ShiftStatus.SERVED
    assert barber_shift.hours_entry == entry
    assert (barber_shift.served_from, barber_shift.served_until) == (
        at(HAIRCUT_DAY, 9, 10),
        at(HAIRCUT_DAY, 11),
    )


def test_the_team_is_named_only_for_its_members(barbers, occurrence, world):
    [outsider] = volunteers_of(world.a, 1)  # e.g. assigned before leaving the team
    outsiders_shift = shift(barbers, occurrence, outsider)
    attendance_save(occurrence=occurrence, shifts=[served(outsiders_shift)], by=world.staff_a)
    assert ServiceHours.objects.get().team is None


def test_saving_again_updates_the_draft_and_never_duplicates(barber_shift, occurrence, world):
    attendance_save(occurrence=occurrence, shifts=[served(barber_shift)], by=world.staff_a)
    attendance_save(
        occurrence=occurrence, shifts=[served(barber_shift, end=(11, 30))], by=world.staff_a
    )
    entry = ServiceHours.objects.get()
    assert entry.hours == Decimal("2.33")
    barber_shift.refresh_from_db()
    assert barber_shift.hours_entry == entry
    # Saving the same again writes nothing new.
    versions = entry.history.count()
    attendance_save(
        occurrence=occurrence, shifts=[served(barber_shift, end=(11, 30))], by=world.staff_a
    )
    assert ServiceHours.objects.get().history.count() == versions


@pytest.mark.parametrize("decide", ["confirm", "reject"])
def test_decided_hours_are_left_alone(barber_shift, occurrence, world, decide):
    attendance_save(occurrence=occurrence, shifts=[served(barber_shift)], by=world.staff_a)
    entries = ServiceHours.objects.all()
    if decide == "confirm":
        hours_confirm(entries=entries, user=world.director_a)
    else:
        hours_reject(entries=entries, reason="时间不符", user=world.director_a)
    saved = attendance_save(
        occurrence=occurrence,
        shifts=[ShiftMark(shift=barber_shift, status=ShiftStatus.ABSENT)],
        by=world.staff_a,
    )
    assert [s.pk for s in saved.left_alone] == [barber_shift.pk]
    assert ServiceHours.objects.get().hours == Decimal("1.83")
    barber_shift.refresh_from_db()
    assert barber_shift.status == ShiftStatus.SERVED


def test_a_draft_is_withdrawn_when_the_volunteer_is_marked_absent(barber_shift, occurrence, world):
    attendance_save(occurrence=occurrence, shifts=[served(barber_shift)], by=world.staff_a)
    saved = attendance_save(
        occurrence=occurrence,
        shifts=[ShiftMark(shift=barber_shift, status=ShiftStatus.ABSENT)],
        by=world.staff_a,
    )
    assert saved.hours_withdrawn == 1
    assert not ServiceHours.objects.exists()
    barber_shift.refresh_from_db()
    assert (barber_shift.status, barber_shift.served_from, barber_shift.hours_entry) == (
        ShiftStatus.ABSENT,
        None,
        None,
    )


def test_a_bad_row_refuses_the_whole_sheet_with_the_row_named(
    barber_shift, barbers, occurrence, world, team
):
    signup = SignupFactory(occurrence=occurrence)
    other = shift(barbers, occurrence, TeamMembershipFactory(team=team).volunteer)
    backwards = served(other, start=(11, 0), end=(9, 0))
    with pytest.raises(ValidationError) as refused:
        attendance_save(
            occurrence=occurrence,
            signups={signup: SignupStatus.ATTENDED},
            walk_ins=[WalkIn(name="王大爷")],
            shifts=[served(barber_shift), backwards],
            by=world.staff_a,
        )
    [message] = refused.value.messages
    assert other.volunteer.name in message and "理发师" in message
    assert Signup.objects.get().status == SignupStatus.CONFIRMED
    assert not ServiceHours.objects.exists()
    assert not ServedDay.objects.exists()
    barber_shift.refresh_from_db()
    assert barber_shift.status == ShiftStatus.ASSIGNED


def test_more_than_24_hours_in_a_day_refuses_the_sheet(barber_shift, occurrence, world):
    ServiceHoursFactory(
        volunteer=barber_shift.volunteer, served_on=HAIRCUT_DAY, hours=Decimal("23")
    )
    with pytest.raises(ValidationError) as refused:
        attendance_save(occurrence=occurrence, shifts=[served(barber_shift)], by=world.staff_a)
    assert barber_shift.volunteer.name in refused.value.messages[0]
    assert ServiceHours.objects.count() == 1
    barber_shift.refresh_from_db()
    assert barber_shift.status == ShiftStatus.ASSIGNED


def test_a_shift_still_to_end_is_not_yet_served(barber_shift, occurrence, world):
    with pytest.raises(ValidationError):
        attendance_save(
            occurrence=occurrence,
            shifts=[served(barber_shift, end=(23, 0))],
            by=world.staff_a,
        )


def test_past_the_back_dating_window_only_a_director_drafts_hours(
    barber_shift, occurrence, world, settings
):
    with time_machine.travel(AFTER + timedelta(days=settings.VOLUNTEER_HOURS_BACKDATE_DAYS + 1)):
        with pytest.raises(ValidationError) as refused:
            attendance_save(occurrence=occurrence, shifts=[served(barber_shift)], by=world.staff_a)
        assert barber_shift.volunteer.name in refused.value.messages[0]
        attendance_save(occurrence=occurrence, shifts=[served(barber_shift)], by=world.director_a)
    assert ServiceHours.objects.count() == 1


def test_the_sheet_opens_once_the_occurrence_has_started(occurrence, world):
    signup = SignupFactory(occurrence=occurrence)
    with time_machine.travel(BEFORE, tick=False), pytest.raises(ValidationError):
        attendance_save(
            occurrence=occurrence, signups={signup: SignupStatus.ATTENDED}, by=world.staff_a
        )
    assert Signup.objects.get().status == SignupStatus.CONFIRMED


def test_a_cancelled_or_waitlisted_sign_up_is_not_marked(occurrence, world):
    waiting = SignupFactory(occurrence=occurrence, status=SignupStatus.WAITLISTED)
    with pytest.raises(ValidationError):
        attendance_save(
            occurrence=occurrence, signups={waiting: SignupStatus.ATTENDED}, by=world.staff_a
        )


def test_rows_of_another_occurrence_are_refused(occurrence, barbers, world):
    elsewhere = haircut(world.a, title="义诊")
    foreign_signup = SignupFactory(occurrence=elsewhere)
    foreign_shift = shift(
        ShiftRoleFactory(activity=elsewhere.activity), elsewhere, volunteers_of(world.a, 1)[0]
    )
    with pytest.raises(ValidationError):
        attendance_save(
            occurrence=occurrence, signups={foreign_signup: SignupStatus.ATTENDED}, by=world.staff_a
        )
    with pytest.raises(ValidationError):
        attendance_save(occurrence=occurrence, shifts=[served(foreign_shift)], by=world.staff_a)
    assert not ServiceHours.objects.exists()
