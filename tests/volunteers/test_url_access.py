"""Every URL of the volunteers app beyond its models' admin pages answers each
persona as tests/volunteers/url_access.py says, and none is left out."""

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.conftest import client_for
from tests.volunteers.url_access import ACCESS


def volunteers_url_names():
    from django.urls import URLPattern, URLResolver

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    model_views = ("changelist", "add", "history", "delete", "change", "simple_history")
    for name in walk(get_resolver().url_patterns):
        if name.startswith("volunteers:") or (
            name.startswith("admin:volunteers_") and not name.endswith(model_views)
        ):
            yield name


def test_every_url_of_the_app_is_listed():
    assert sorted(set(volunteers_url_names()) - set(ACCESS)) == []


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_persona_gets_the_expected_answer(world, name):
    for persona, method, path, expected in ACCESS[name](world):
        client = Client() if persona == "anonymous" else client_for(getattr(world, persona))
        response = client.post(path) if method == "POST" else client.get(path)
        assert response.status_code == expected, (name, persona, method, path)
        if persona == "anonymous" and expected == 302 and path.startswith("/admin/"):
            assert re.search(r"/admin/login/", response["Location"]), response["Location"]
