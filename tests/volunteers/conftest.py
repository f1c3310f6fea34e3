"""Fixtures of the volunteers' tests: a community of center A's street, and a
form of the public application that passes."""

from datetime import date

import pytest
from django.core.cache import cache

from tests.factories import CommunityFactory, valid_id_number


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters and kept roster files live in the cache.
    cache.clear()


@pytest.fixture
def community(world):
    return CommunityFactory(street=world.s1, name="彩云湖社区")


def application(community, **overrides):
    """What a resident posts on /volunteers/join/ (valid unless overridden)."""
    data = {
        "name": "李某某",
        "id_type": "resident_id",
        "id_number": valid_id_number(date(1990, 3, 7), male=False),
        "gender": "F",
        "birth_date": "1990-03-07",
        "phone": "13812341234",
        "community": community.pk,
        "availability": ["weekends"],
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
