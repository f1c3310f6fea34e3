"""The person-times selector: totals by source, month and target group, read
from the tally tables only, in a fixed number of queries."""

from datetime import date

import pytest

from services.models import ServedDay, ServedGroupDay
from services.selectors.served import months_between, person_times
from tests.factories import CenterFactory, CommunityFactory, target_group


def served(center, community, day, source, people):
    ServedDay.objects.create(
        center=center, community=community, day=day, source=source, people=people
    )


def served_group(center, community, day, code, people):
    ServedGroupDay.objects.create(
        center=center, community=community, day=day, group=target_group(code), people=people
    )


@pytest.fixture
def tallies(world):
    x = CommunityFactory(street=world.s1, name="社区X")
    y = CommunityFactory(street=world.s1, name="社区Y")
    served(world.a, x, date(2026, 9, 3), "visit", 4)
    served(world.a, x, date(2026, 9, 30), "signup", 20)
    served(world.a, y, date(2026, 11, 2), "case", 2)
    served(world.a, y, date(2026, 11, 30), "visit", 1)
    served(world.b, x, date(2026, 9, 10), "visit", 7)  # another center
    served(world.a, x, date(2026, 8, 31), "visit", 50)  # before the period
    served(world.a, x, date(2026, 12, 1), "visit", 50)  # after it
    served_group(world.a, x, date(2026, 9, 3), "elderly", 4)
    served_group(world.a, x, date(2026, 9, 3), "elderly_alone", 3)
    served_group(world.a, x, date(2026, 9, 30), "children", 20)
    served_group(world.a, y, date(2026, 11, 30), "elderly", 1)
    served_group(world.b, x, date(2026, 9, 10), "veterans", 7)
    served_group(world.a, x, date(2026, 12, 1), "veterans", 50)
    return x, y


def test_it_counts_the_centers_person_times_by_source_month_and_group(world, tallies):
    result = person_times(
        center_ids=[world.a.pk], community_id=None, start=date(2026, 9, 1), end=date(2026, 11, 30)
    )
    assert result.total == 27
    assert result.by_source == {"signup": 20, "visit": 5, "case": 2}
    assert result.by_month == [
        (date(2026, 9, 1), 24),
        (date(2026, 10, 1), 0),
        (date(2026, 11, 1), 3),
    ]
    assert [(group.code, people) for group, people in result.by_group] == [
        ("children", 20),
        ("elderly", 5),
        ("elderly_alone", 3),
    ]


def test_it_counts_one_community(world, tallies):
    x, y = tallies
    result = person_times(
        center_ids=[world.a.pk, world.b.pk],
        community_id=y.pk,
        start=date(2026, 9, 1),
        end=date(2026, 11, 30),
    )
    assert result.total == 3
    assert result.by_source == {"signup": 0, "visit": 1, "case": 2}
    assert [(group.code, people) for group, people in result.by_group] == [("elderly", 1)]


def test_a_period_without_person_times_gives_zeros_for_every_month(world):
    result = person_times(
        center_ids=[world.a.pk], community_id=None, start=date(2026, 11, 15), end=date(2027, 2, 1)
    )
    assert result.total == 0
    assert result.by_source == {"signup": 0, "visit": 0, "case": 0}
    assert result.by_month == [
        (date(2026, 11, 1), 0),
        (date(2026, 12, 1), 0),
        (date(2027, 1, 1), 0),
        (date(2027, 2, 1), 0),
    ]
    assert result.by_group == []


def test_the_months_run_across_a_new_year():
    assert months_between(date(2026, 12, 31), date(2027, 1, 1)) == [
        date(2026, 12, 1),
        date(2027, 1, 1),
    ]
    assert months_between(date(2026, 5, 2), date(2026, 5, 3)) == [date(2026, 5, 1)]


@pytest.mark.parametrize("communities", [2, 12])
def test_the_query_count_does_not_grow_with_rows(world, django_assert_num_queries, communities):
    centers = [world.a, world.b, CenterFactory(street=world.s1)]
    for n in range(communities):
        community = CommunityFactory(street=world.s1)
        for center in centers:
            for month in range(1, 13):
                served(center, community, date(2026, month, 1 + n), "visit", 1)
                served_group(center, community, date(2026, month, 1 + n), "elderly", 1)
                served_group(center, community, date(2026, month, 1 + n), "veterans", 1)
    # 1 ServedDay by source and month, 2 ServedGroupDay by group, 3 the groups.
    with django_assert_num_queries(3):
        result = person_times(
            center_ids=[center.pk for center in centers],
            community_id=None,
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
        )
    assert result.total == 3 * 12 * communities
    assert len(result.by_group) == 2
