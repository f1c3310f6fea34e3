"""The hours ledger: 0 < h ≤ 24, at most 24 hours per volunteer and day across
entries, the back-dating window, confirmation, and the stored totals."""

import threading
import time
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import ServiceHoursFactory, TeamMembershipFactory, VolunteerFactory
from volunteers.models import ServiceHours, Volunteer
from volunteers.services import hours as service
from volunteers.services.hours import (
    confirmed_hours_mismatches,
    hours_confirm,
    hours_record_bulk,
    hours_reject,
    hours_save,
)

TODAY = timezone.localdate
ADD = "admin:volunteers_servicehours_add"
LIST = "admin:volunteers_servicehours_changelist"


def record(volunteer, hours, user, served_on=None, **fields):
    return hours_save(
        entry=ServiceHours(
            volunteer=volunteer,
            served_on=served_on or TODAY(),
            hours=Decimal(hours),
            content=fields.pop("content", "社区巡逻"),
            **fields,
        ),
        user=user,
    )


def test_a_whole_day_fits(world):
    volunteer = VolunteerFactory(center=world.a)
    entry = record(volunteer, "24", world.staff_a)
    assert entry.center == world.a and entry.recorded_by == world.staff_a
    assert entry.status == ServiceHours.Status.RECORDED


def test_entries_of_one_day_add_up_to_at_most_24_hours(world):
    volunteer = VolunteerFactory(center=world.a)
    record(volunteer, "14", world.staff_a)
    record(volunteer, "10", world.staff_a)
    with pytest.raises(ValidationError) as refused:
        record(volunteer, "0.5", world.staff_a)
    assert "已有 24 小时" in str(refused.value.message_dict["hours"])
    assert ServiceHours.objects.count() == 2


def test_another_day_is_another_24_hours(world):
    volunteer = VolunteerFactory(center=world.a)
    record(volunteer, "20", world.staff_a)
    record(volunteer, "20", world.staff_a, served_on=TODAY() - timedelta(days=1))


def test_rejected_hours_do_not_take_up_the_day(world):
    volunteer = VolunteerFactory(center=world.a)
    entry = record(volunteer, "20", world.staff_a)
    hours_reject(
        entries=ServiceHours.objects.filter(pk=entry.pk), reason="重复", user=world.director_a
    )
    record(volunteer, "20", world.staff_a)


def test_changing_an_entry_does_not_count_it_twice(world):
    volunteer = VolunteerFactory(center=world.a)
    entry = record(volunteer, "20", world.staff_a)
    entry.hours = Decimal(24)
    hours_save(entry=entry, user=world.staff_a)


@pytest.mark.parametrize("hours", ["0", "-1", "24.5"])
def test_the_database_refuses_hours_out_of_range(world, hours):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceHoursFactory(volunteer__center=world.a, hours=Decimal(hours))


@pytest.mark.parametrize(
    ("hours", "ok"), [("0", False), ("0.25", True), ("24", True), ("24.25", False)]
)
def test_the_admin_form_checks_the_range(world, hours, ok):
    volunteer = VolunteerFactory(center=world.a)
    response = client_for(world.staff_a).post(
        reverse(ADD),
        {
            "volunteer": volunteer.pk,
            "served_on": TODAY().isoformat(),
            "hours": hours,
            "content": "巡逻",
        },
    )
    assert (response.status_code == 302) == ok
    assert ServiceHours.objects.exists() == ok


def test_the_admin_form_refuses_the_25th_hour_with_a_message(world):
    volunteer = VolunteerFactory(center=world.a)
    record(volunteer, "20", world.staff_a)
    response = client_for(world.staff_a).post(
        reverse(ADD),
        {
            "volunteer": volunteer.pk,
            "served_on": TODAY().isoformat(),
            "hours": "5",
            "content": "巡逻",
        },
    )
    assert response.status_code == 200
    assert "一天最多 24 小时" in response.text
    assert ServiceHours.objects.count() == 1


def test_future_dates_are_refused(world):
    with pytest.raises(ValidationError):
        record(VolunteerFactory(center=world.a), "2", world.director_a, TODAY() + timedelta(days=1))


def test_old_entries_need_the_directors_permission(world, settings):
    volunteer = VolunteerFactory(center=world.a)
    within = TODAY() - timedelta(days=90)
    beyond = TODAY() - timedelta(days=91)
    record(volunteer, "2", world.staff_a, within)
    with pytest.raises(ValidationError) as refused:
        record(volunteer, "2", world.staff_a, beyond)
    assert "90 天" in str(refused.value)
    record(volunteer, "2", world.director_a, beyond)
    settings.VOLUNTEER_HOURS_BACKDATE_DAYS = 200
    record(volunteer, "2", world.staff_a, TODAY() - timedelta(days=150))


def test_applications_and_rejected_volunteers_get_no_hours(world):
    for status in ("applied", "rejected"):
        volunteer = VolunteerFactory(center=world.a, status=status, status_reason="x")
        with pytest.raises(ValidationError):
            record(volunteer, "2", world.staff_a)


def test_only_confirmed_hours_count(world):
    volunteer = VolunteerFactory(center=world.a)
    first = record(volunteer, "3", world.staff_a)
    second = record(volunteer, "4.5", world.staff_a, TODAY() - timedelta(days=1))
    third = record(volunteer, "2", world.staff_a, TODAY() - timedelta(days=2))
    volunteer.refresh_from_db()
    assert volunteer.confirmed_hours == 0
    hours_confirm(
        entries=ServiceHours.objects.filter(pk__in=[first.pk, second.pk]), user=world.director_a
    )
    hours_reject(
        entries=ServiceHours.objects.filter(pk=third.pk), reason="未到场", user=world.director_a
    )
    volunteer.refresh_from_db()
    assert volunteer.confirmed_hours == Decimal("7.5")
    first.refresh_from_db()
    assert (first.confirmed_by, first.status) == (world.director_a, "confirmed")


def test_decided_entries_are_not_decided_again(world):
    volunteer = VolunteerFactory(center=world.a)
    entry = record(volunteer, "3", world.staff_a)
    entries = ServiceHours.objects.filter(pk=entry.pk)
    assert hours_confirm(entries=entries, user=world.director_a) == 1
    assert hours_reject(entries=entries, reason="x", user=world.director_a) == 0
    entry.refresh_from_db()
    assert entry.status == "confirmed"


def test_staff_record_and_directors_confirm_in_the_admin(world):
    entry = ServiceHoursFactory(volunteer__center=world.a)
    for persona, expected in ((world.staff_a, "recorded"), (world.director_a, "confirmed")):
        client_for(persona).post(
            reverse(LIST), {"action": "confirm", "_selected_action": [entry.pk], "index": 0}
        )
        entry.refresh_from_db()
        assert entry.status == expected, persona


def test_rejecting_in_the_admin_needs_a_reason(world):
    entry = ServiceHoursFactory(volunteer__center=world.a)
    client = client_for(world.director_a)
    data = {"action": "reject", "_selected_action": [entry.pk], "index": 0}
    assert 'name="reason"' in client.post(reverse(LIST), data).text
    client.post(reverse(LIST), {**data, "reason": "当天未到岗"})
    entry.refresh_from_db()
    assert (entry.status, entry.rejection_reason) == ("rejected", "当天未到岗")


def test_a_confirmed_entry_cannot_be_changed(world):
    volunteer = VolunteerFactory(center=world.a)
    entry = record(volunteer, "3", world.staff_a)
    hours_confirm(entries=ServiceHours.objects.filter(pk=entry.pk), user=world.director_a)
    entry.refresh_from_db()
    url = reverse("admin:volunteers_servicehours_change", args=[entry.pk])
    client_for(world.director_a).post(
        url,
        {"volunteer": volunteer.pk, "served_on": TODAY().isoformat(), "hours": "9", "content": "x"},
    )
    entry.refresh_from_db()
    assert entry.hours == Decimal(3)
    with pytest.raises(ValidationError):
        hours_save(entry=entry, user=world.director_a)


def test_deleting_a_confirmed_entry_corrects_the_total(world):
    volunteer = VolunteerFactory(center=world.a)
    entry = record(volunteer, "3", world.staff_a)
    hours_confirm(entries=ServiceHours.objects.filter(pk=entry.pk), user=world.director_a)
    client_for(world.director_a).post(
        reverse("admin:volunteers_servicehours_delete", args=[entry.pk]), {"post": "yes"}
    )
    volunteer.refresh_from_db()
    assert volunteer.confirmed_hours == 0
    assert ServiceHours.history.filter(id=entry.pk, history_type="-").exists()


def test_bulk_entry_records_everyone_or_no_one(world):
    tired, fresh = VolunteerFactory.create_batch(2, center=world.a)
    record(tired, "20", world.staff_a)
    with pytest.raises(ValidationError) as refused:
        hours_record_bulk(
            volunteers=[tired, fresh],
            served_on=TODAY(),
            hours=Decimal(5),
            content="文艺汇演",
            activity="国庆文艺汇演",
            user=world.staff_a,
        )
    assert tired.volunteer_no in str(refused.value)
    assert ServiceHours.objects.count() == 1
    entries = hours_record_bulk(
        volunteers=[tired, fresh],
        served_on=TODAY(),
        hours=Decimal(4),
        content="文艺汇演",
        activity="国庆文艺汇演",
        user=world.staff_a,
    )
    assert len(entries) == 2
    assert set(
        ServiceHours.objects.filter(activity="国庆文艺汇演").values_list("volunteer", flat=True)
    ) == {
        tired.pk,
        fresh.pk,
    }


def test_the_bulk_page_records_a_whole_team(world):
    membership = TeamMembershipFactory(team__center=world.a)
    TeamMembershipFactory(team=membership.team, left_on=TODAY())  # left: not included
    extra = VolunteerFactory(center=world.a)
    url = reverse("admin:volunteers_servicehours_bulk")
    client = client_for(world.staff_a)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "served_on": TODAY().isoformat(),
            "hours": "3",
            "content": "每月第一个周五上午为民服务",
            "activity": "草根明星为民服务",
            "team": membership.team.pk,
            "volunteers": [extra.pk],
        },
    )
    assert response.status_code == 302
    assert set(ServiceHours.objects.values_list("volunteer", flat=True)) == {
        membership.volunteer_id,
        extra.pk,
    }
    assert ServiceHours.history.filter(history_user=world.staff_a).count() == 2


def test_the_bulk_page_refuses_another_centers_volunteers(world):
    foreign = VolunteerFactory(center=world.c)
    response = client_for(world.staff_a).post(
        reverse("admin:volunteers_servicehours_bulk"),
        {
            "served_on": TODAY().isoformat(),
            "hours": "3",
            "content": "x",
            "volunteers": [foreign.pk],
        },
    )
    assert response.status_code == 200
    assert not ServiceHours.objects.exists()


def test_a_street_leader_cannot_record(world):
    assert (
        client_for(world.leader_s1).get(reverse("admin:volunteers_servicehours_bulk")).status_code
        == 403
    )


def test_the_stored_totals_agree_with_the_ledger_and_the_command_repairs_them(world):
    volunteers = VolunteerFactory.create_batch(3, center=world.a)
    for index, volunteer in enumerate(volunteers):
        for day in range(index + 1):
            record(volunteer, "2.5", world.staff_a, TODAY() - timedelta(days=day))
    hours_confirm(entries=ServiceHours.objects.all(), user=world.director_a)
    assert not confirmed_hours_mismatches().exists()
    assert sorted(Volunteer.objects.values_list("confirmed_hours", flat=True)) == [
        Decimal("2.5"),
        Decimal("5"),
        Decimal("7.5"),
    ]
    Volunteer.objects.filter(pk=volunteers[0].pk).update(confirmed_hours=99)  # drift
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("recompute_confirmed_hours", "--check", stdout=out)
    assert "1 volunteers differ" in out.getvalue()
    call_command("recompute_confirmed_hours", stdout=StringIO())
    assert not confirmed_hours_mismatches().exists()
    volunteers[0].refresh_from_db()
    assert volunteers[0].confirmed_hours == Decimal("2.5")


def test_the_hours_list_costs_the_same_queries_for_5_or_60_entries(
    world, django_assert_num_queries
):
    client = client_for(world.staff_a)
    volunteer = VolunteerFactory(center=world.a)
    total = 0
    for batch in (5, 55):
        for _ in range(batch):
            ServiceHoursFactory(volunteer=volunteer, hours=Decimal("0.25"))
        total += batch
        # session, user, the user's and the groups' permissions, the center
        # filter's choices, the capped COUNT(*), the page of rows (volunteer and
        # center joined).
        with django_assert_num_queries(7):
            response = client.get(reverse(LIST))
        assert response.text.count('class="action-select"') == min(total, 50)


def test_the_list_shows_one_volunteers_ledger(world):
    mine, other = ServiceHoursFactory.create_batch(2, volunteer__center=world.a)
    page = client_for(world.staff_a).get(reverse(LIST), {"volunteer__id__exact": mine.volunteer_id})
    assert page.status_code == 200
    assert (
        mine.volunteer.volunteer_no in page.text and other.volunteer.volunteer_no not in page.text
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locked", [True, False], ids=["with the lock", "without the lock"])
def test_two_simultaneous_entries_cannot_pass_24_hours(world, monkeypatch, locked):
    """Both writers read the day's total before either writes (a pause after the
    sum makes the race certain): with the lock the second waits and is refused;
    without it both would pass."""
    volunteer = VolunteerFactory(center=world.a)
    day_totals = service.day_totals

    def slow_day_totals(**kwargs):
        totals = day_totals(**kwargs)
        time.sleep(0.5)
        return totals

    monkeypatch.setattr(service, "day_totals", slow_day_totals)
    if not locked:
        monkeypatch.setattr(
            service, "_lock", lambda ids: list(Volunteer.objects.filter(pk__in=set(ids)))
        )
    outcomes = []

    def write():
        try:
            record(volunteer, "14", world.staff_a)
            outcomes.append("recorded")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if locked:
        assert sorted(outcomes) == ["recorded", "refused"]
        assert ServiceHours.objects.count() == 1
    else:
        assert outcomes == ["recorded", "recorded"]  # the race the lock prevents
