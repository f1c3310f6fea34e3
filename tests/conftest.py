"""Shared fixtures: the settings tests run under, and the personas.

The world: street S1 has centers A and B, street S2 has center C.
Personas (like healthchecks' alice, bob and charlie):
  staff_a     center staff of A          director_a  director of A
  staff_b     center staff of B          leader_s1   street leader of S1 (sees A and B)
  leader_s2   street leader of S2 (sees C only)
  superuser   sees everything            anonymous: the client without a login
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from centers.roles import Role
from tests.factories import CenterFactory, StreetFactory, UserFactory, staff_user

pytest_plugins = ["tests.log_scan"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # whitenoise's manifest storage needs collectstatic; tests use plain storage,
    # and private files go to a temporary directory.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    # Background tasks run at once in tests, unless a test picks the database backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # load_demo with a small share of the 23,000 volunteers (see volunteers/demo.py).
    settings.DEMO_SCALE = 0.01
    # Requests activate their language on this thread; start each test in Chinese.
    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class World:
    s1: object
    s2: object
    a: object
    b: object
    c: object
    staff_a: object
    director_a: object
    staff_b: object
    leader_s1: object
    leader_s2: object
    superuser: object

    def centers_of(self, persona_name):
        """The centers each persona may see, as the scoping rules say."""
        return {
            "staff_a": {self.a},
            "director_a": {self.a},
            "staff_b": {self.b},
            "leader_s1": {self.a, self.b},
            "leader_s2": {self.c},
            "superuser": {self.a, self.b, self.c},
        }[persona_name]


PERSONAS = ["staff_a", "director_a", "staff_b", "leader_s1", "leader_s2"]


@pytest.fixture
def world(db):
    s1, s2 = StreetFactory(name="一号街道"), StreetFactory(name="二号街道")
    a = CenterFactory(name="中心A", street=s1)
    b = CenterFactory(name="中心B", street=s1)
    c = CenterFactory(name="中心C", street=s2)
    return World(
        s1=s1,
        s2=s2,
        a=a,
        b=b,
        c=c,
        staff_a=staff_user(Role.STAFF, centers=[a], username="staff_a"),
        director_a=staff_user(Role.DIRECTOR, centers=[a], username="director_a"),
        staff_b=staff_user(Role.STAFF, centers=[b], username="staff_b"),
        leader_s1=staff_user(Role.LEADER, streets=[s1], username="leader_s1"),
        leader_s2=staff_user(Role.LEADER, streets=[s2], username="leader_s2"),
        superuser=UserFactory(username="root", is_superuser=True),
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
