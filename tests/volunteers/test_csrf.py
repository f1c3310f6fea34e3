"""CSRF is enforced on every form of the volunteers app (the project-wide test
takes tests/volunteers/csrf_forms.py once merged)."""

import pytest
from django.test import Client

from tests.volunteers.csrf_forms import FORMS


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(world, form):
    user, url, data, took_effect = FORMS[form](world)
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    response = client.post(url, data)
    assert response.status_code == 403
    assert not took_effect()


@pytest.mark.parametrize("form", ["volunteer application", "hours for many volunteers"])
def test_the_same_post_with_the_token_takes_effect(world, form):
    user, url, data, took_effect = FORMS[form](world)
    client = Client()
    if user is not None:
        client.force_login(user)
    assert client.post(url, data).status_code == 302
    assert took_effect()
