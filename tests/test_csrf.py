"""CSRF is enforced on every form, and no form redirects to another site."""

import pytest
from django.test import Client
from django.urls import reverse

from centers.models import Venue
from members.models import TrainingAttendance
from tests.factories import MemberFactory, TrainingSessionFactory, VenueFactory
from tests.services.csrf_forms import FORMS as SERVICES_FORMS
from tests.volunteers.csrf_forms import FORMS as VOLUNTEERS_FORMS

PASSWORD = "correct horse battery staple"


def attendance(world):
    session = TrainingSessionFactory(center=world.a)
    member = MemberFactory(center=world.a)
    url = reverse("admin:members_trainingsession_attendance", args=[session.pk])
    return world.staff_a, url, {"members": [member.pk]}, TrainingAttendance.objects.exists


def venue_change(world):
    venue = VenueFactory(center=world.a, capacity=20)
    url = reverse("admin:centers_venue_change", args=[venue.pk])
    data = {"center": world.a.pk, "name": venue.name, "kind": "reading", "capacity": 99}
    return world.staff_a, url, data, lambda: Venue.objects.get(pk=venue.pk).capacity == 99


def set_language(world):
    return None, "/i18n/setlang/", {"language": "en", "next": "/"}, lambda: False


def admin_login(world):
    data = {"username": "staff_a", "password": PASSWORD}
    return None, reverse("admin:login"), data, lambda: False


# Every form of the project: (who posts, where, what, "did it take effect?")
FORMS = {
    "language switch": set_language,
    "admin login": admin_login,
    "admin change form": venue_change,
    "training attendance": attendance,
    **VOLUNTEERS_FORMS,
    **SERVICES_FORMS,
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(world, form):
    user, url, data, took_effect = FORMS[form](world)
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    response = client.post(url, data)
    assert response.status_code == 403
    assert not took_effect()


def test_the_language_switch_does_not_redirect_to_another_site(db, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_the_login_does_not_redirect_to_another_site(world, client):
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "staff_a", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
