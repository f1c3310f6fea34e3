"""Every URL of the project has an access test: here (tests/url_access.py) or,
for the admin pages of a model, in the persona matrix (tests/test_admin_access.py)."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.admin_objects import OBJECTS
from tests.conftest import client_for
from tests.url_access import ACCESS

MODEL_VIEWS = {"changelist", "add", "history", "delete", "change", "simple_history"}


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or ''}", str(pattern.pattern)


def covered_by_the_admin_matrix(name: str, route: str) -> bool:
    """A registered model's own admin page (list, add, change, history, delete …)."""
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}_"
        if name.startswith(prefix) and name[len(prefix) :] in MODEL_VIEWS:
            return model in OBJECTS
        # The unnamed redirect from admin/<app>/<model>/<id>/ to its change page.
        if name == "admin:" and route.startswith(f"{opts.app_label}/{opts.model_name}/"):
            return model in OBJECTS
    return False


def test_every_url_has_an_access_test():
    missing = sorted(
        {
            f"{name} ({route})"
            for name, route in url_names()
            if name not in ACCESS and not covered_by_the_admin_matrix(name, route)
        }
    )
    assert missing == []


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_persona_gets_the_expected_answer(world, name):
    for persona, method, path, expected in ACCESS[name](world):
        client = Client() if persona == "anonymous" else client_for(getattr(world, persona))
        response = client.post(path) if method == "POST" else client.get(path)
        assert response.status_code == expected, (name, persona, method, path)
        if persona == "anonymous" and expected == 302:
            assert re.search(r"/admin/login/|/$|/en/$", response["Location"]), response["Location"]
