"""Each persona gets the expected answer from the services app's own URLs, and
every one of them is listed (see url_access.py)."""

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.conftest import client_for
from tests.services.url_access import ACCESS

# A model's own admin pages run through the persona matrix instead.
MODEL_VIEWS = ("changelist", "add", "history", "delete", "change", "simple_history")


def own_url_names():
    namespaces = get_resolver().namespace_dict
    public = namespaces["services"][1].reverse_dict
    admin = namespaces["admin"][1].reverse_dict
    return {f"services:{name}" for name in public if isinstance(name, str)} | {
        f"admin:{name}"
        for name in admin
        if isinstance(name, str)
        and name.startswith("services_")
        and not name.endswith(tuple(f"_{view}" for view in MODEL_VIEWS))
    }


def test_every_url_of_the_app_is_listed():
    assert own_url_names() == set(ACCESS)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_persona_gets_the_expected_answer(world, name):
    for persona, method, path, expected in ACCESS[name](world):
        client = Client() if persona == "anonymous" else client_for(getattr(world, persona))
        response = client.post(path) if method == "POST" else client.get(path)
        assert response.status_code == expected, (name, persona, method, path)
