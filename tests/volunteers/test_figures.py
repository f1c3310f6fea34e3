"""The volunteer figures of the dashboard, read from the tallies: the number
registered by a period's end (all-time totals less the days after the end), and
a fixed number of queries that reads no day before the period."""

from datetime import date, timedelta

import pytest
import time_machine

from centers.tallies import rebuild_all
from tests.factories import CommunityFactory, VolunteerFactory
from volunteers.figures import volunteer_figures, volunteers_per_community
from volunteers.models import Volunteer

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def registrations(world):
    """Volunteers of two communities registered over the years; some left, one
    suspended, one still applying (never counted)."""
    north, south = CommunityFactory(street=world.s1), CommunityFactory(street=world.s1)
    for index in range(12):
        registered = date(2015, 3, 1) + timedelta(days=index * 311)
        left = registered + timedelta(days=200 + index * 50) if index % 4 == 0 else None
        status = "left" if left else ("suspended" if index == 5 else "active")
        VolunteerFactory(
            center=world.a,
            community=north if index % 2 else south,
            registered_on=registered,
            left_on=left,
            status=status,
            status_reason="暂停" if status == "suspended" else "",
        )
    VolunteerFactory(center=world.a, community=north, status="applied", registered_on=None)
    rebuild_all()
    return world, north, south


def registered_by(day, **where) -> int:
    """Counted from the records: registered by that day, less those who left by then."""
    volunteers = Volunteer.objects.filter(**where).exclude(status__in=["applied", "rejected"])
    return (
        volunteers.filter(registered_on__lte=day).count()
        - volunteers.filter(status="left", left_on__lte=day).count()
    )


@pytest.mark.parametrize(
    "start, end",
    [
        (date(2026, 1, 1), TODAY),
        (date(2015, 1, 1), date(2015, 12, 31)),
        (date(2018, 6, 1), date(2021, 2, 28)),
        (date(2024, 5, 1), date(2024, 5, 31)),
    ],
)
def test_the_number_registered_by_the_end_counts_those_who_joined_or_left_later(
    registrations, start, end
):
    world, north, south = registrations
    figures = volunteer_figures(
        center_ids=[world.a.pk], community_id=None, start=start, end=end, today=TODAY
    )
    assert figures.registered == registered_by(end, center=world.a)
    assert figures.new == (
        Volunteer.objects.filter(registered_on__range=(start, end))
        .exclude(status__in=["applied", "rejected"])
        .count()
    )
    one = volunteer_figures(
        center_ids=[world.a.pk], community_id=north.pk, start=start, end=end, today=TODAY
    )
    assert one.registered == registered_by(end, center=world.a, community=north)
    per_community = volunteers_per_community(center_ids=[world.a.pk], start=start, end=end)
    for community in (north, south):
        assert per_community[community.pk]["volunteers"] == registered_by(
            end, center=world.a, community=community
        )


def test_the_figures_take_two_queries_each(registrations, django_assert_num_queries):
    world, _north, _south = registrations
    # The all-time totals; the days from the period's start on.
    with django_assert_num_queries(2):
        volunteer_figures(
            center_ids=[world.a.pk],
            community_id=None,
            start=date(2026, 1, 1),
            end=TODAY,
            today=TODAY,
        )
    with django_assert_num_queries(2):
        volunteers_per_community(center_ids=[world.a.pk], start=date(2026, 1, 1), end=TODAY)
