"""Recording a training session's attendance in one form, in the admin."""

from django.urls import reverse

from members.models import TrainingAttendance
from tests.conftest import client_for
from tests.factories import MemberFactory, TrainingAttendanceFactory, TrainingSessionFactory


def test_staff_tick_who_attended(world):
    session = TrainingSessionFactory(center=world.a)
    present, absent = MemberFactory.create_batch(2, center=world.a)
    url = reverse("admin:members_trainingsession_attendance", args=[session.pk])
    client = client_for(world.staff_a)
    page = client.get(url)
    assert page.status_code == 200
    assert present.name in page.text and absent.name in page.text

    response = client.post(url, {"members": [present.pk]})
    assert response.status_code == 302
    assert list(session.attendees.all()) == [present]
    assert TrainingAttendance.history.get().history_user == world.staff_a


def test_unticking_removes_an_attendee(world):
    attendance = TrainingAttendanceFactory(session__center=world.a)
    url = reverse("admin:members_trainingsession_attendance", args=[attendance.session.pk])
    client_for(world.staff_a).post(url, {"members": []})
    assert not TrainingAttendance.objects.exists()


def test_workers_of_another_center_cannot_be_ticked(world):
    session = TrainingSessionFactory(center=world.a)
    outsider = MemberFactory(center=world.b)
    url = reverse("admin:members_trainingsession_attendance", args=[session.pk])
    response = client_for(world.staff_a).post(url, {"members": [outsider.pk]})
    assert response.status_code == 200
    assert not TrainingAttendance.objects.exists()


def test_another_centers_session_is_not_found(world):
    session = TrainingSessionFactory(center=world.b)
    url = reverse("admin:members_trainingsession_attendance", args=[session.pk])
    assert client_for(world.staff_a).get(url).status_code == 404


def test_a_street_leader_may_not_record(world):
    session = TrainingSessionFactory(center=world.a)
    url = reverse("admin:members_trainingsession_attendance", args=[session.pk])
    assert client_for(world.leader_s1).get(url).status_code == 403


def test_the_bulk_action_opens_the_form(world):
    session = TrainingSessionFactory(center=world.a)
    response = client_for(world.staff_a).post(
        reverse("admin:members_trainingsession_changelist"),
        {"action": "record_attendance", "_selected_action": [session.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:members_trainingsession_attendance", args=[session.pk]
    )
