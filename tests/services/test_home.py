"""/: the home page of the center network: who we are and how to reach each
center, what is offered, this week's activities, and the network's figures
read from the summary tables."""

from datetime import date, time, timedelta

import pytest
import time_machine
from django.core.cache import cache

from services.models import ServedDay, ServedSource
from services.services.occurrences import occurrence_cancel
from tests.factories import (
    CenterFactory,
    CommunityFactory,
    PartnerUnitFactory,
    RepairServiceFactory,
    VenueFactory,
    VolunteerFactory,
)
from tests.services.activities import NOW, at, haircut, one_off, sign_up
from tests.services.bookings import open_room
from volunteers import tallies as volunteer_tallies
from volunteers.models import Volunteer

pytestmark = pytest.mark.usefixtures("monday")  # Monday 7 December 2026, 10:00


def week_titles(response) -> list[str]:
    return [o.activity.title for o in response.context["week"].occurrences]


def test_it_lists_each_streets_centers_with_how_to_reach_them(world, client):
    world.a.address = "九龙街道1号"
    world.a.phone = "023-60000001"
    world.a.opening_hours = "周一至周五 9:00–17:30"
    world.a.save()
    VenueFactory(center=world.a, name="书画室")
    response = client.get("/")
    assert response.status_code == 200
    assert "中心A" in response.text and "九龙街道1号" in response.text
    assert 'href="tel:023-60000001"' in response.text
    assert "周一至周五 9:00–17:30" in response.text and "书画室" in response.text
    assert response.context["center_count"] == 3


def test_it_lists_this_weeks_public_scheduled_occurrences_soonest_first(world, client):
    one_off(world.a, title="周四讲座", day=date(2026, 12, 10))
    one_off(world.a, title="周三讲座", day=date(2026, 12, 9))
    one_off(world.a, title="周日晨练", day=date(2026, 12, 13))
    one_off(world.a, title="正在进行", day=date(2026, 12, 7))  # 9:00–11:30, it is 10:00
    one_off(world.a, title="下周一讲座", day=date(2026, 12, 14))
    one_off(world.a, title="内部培训", day=date(2026, 12, 9), is_public=False)
    occurrence_cancel(occurrence=one_off(world.a, title="取消的讲座", day=date(2026, 12, 11)))
    over = one_off(world.a, title="早上的讲座", day=date(2026, 12, 7))
    over.starts_at, over.ends_at = at(date(2026, 12, 7), 7), at(date(2026, 12, 7), 8)
    over.save()
    response = client.get("/")
    assert week_titles(response) == ["正在进行", "周三讲座", "周四讲座", "周日晨练"]
    assert "12/7–12/13" in response.text
    assert "内部培训" not in response.text and "取消的讲座" not in response.text


def test_this_week_shows_ten_and_a_link_to_all_activities(world, client):
    for day in range(10, 14):
        for hour in (8, 10, 14):
            one_off(
                world.a,
                title=f"讲座{day}-{hour}",
                day=date(2026, 12, day),
                starts_at=time(hour),
                ends_at=time(hour + 1),
            )
    response = client.get("/")
    week = response.context["week"]
    assert len(week.occurrences) == 10 and week.more
    assert 'href="/activities/"' in response.text


def test_this_week_shows_the_places_left(world, client):
    sign_up(one_off(world.a, title="书法班", capacity=3), people=2)
    assert "1 place left" in client.get("/en/").text


def test_it_offers_the_regular_activities_and_every_other_service(world, client):
    haircut(world.a)
    PartnerUnitFactory(center=world.a, name="共建律师事务所", kind="law_firm").services.create(
        name="法律法规免费咨询", schedule="每周五上午"
    )
    RepairServiceFactory(center=world.a, name="E修就好", hotline="0831-6000003")
    open_room(world.a, name="声乐室")
    text = client.get("/en/").text
    # The haircut with its schedule in words and a link to its next occurrence.
    assert "免费理发" in text and "Every month on the last Wednesday" in text
    assert "法律法规免费咨询" in text and 'href="/en/services/#legal"' in text
    assert "E修就好" in text and 'href="/en/repairs/new/"' in text
    assert "1 room" in text and 'href="/en/venues/"' in text
    assert 'href="/en/volunteers/join/"' in text and 'href="/en/services/"' in text


def test_the_figures_are_read_from_the_summary_tables(world, client):
    community = CommunityFactory(street=world.s1)
    VolunteerFactory.create_batch(3, center=world.a, community=community)
    VolunteerFactory(center=world.c, status=Volunteer.Status.LEFT, left_on=date(2026, 6, 1))
    volunteer_tallies.rebuild()
    ServedDay.objects.create(
        center=world.a,
        community=community,
        day=date(2025, 3, 1),
        source=ServedSource.VISIT,
        people=41,
    )
    ServedDay.objects.create(
        center=world.c,
        community=CommunityFactory(street=world.s2),
        day=date(2026, 12, 1),
        source=ServedSource.SIGNUP,
        people=1_200,
    )
    # A volunteer the tallies do not know yet is not counted: the page reads them only.
    VolunteerFactory(center=world.b)
    figures = client.get("/").context["figures"]
    assert (figures.volunteers, figures.person_times) == (3, 1_241)
    assert "1,241" in client.get("/en/").text


def test_the_figures_are_kept_for_five_minutes(world, client):
    """A busy home page does not sum the summary table each time."""
    assert client.get("/").context["figures"].person_times == 0
    ServedDay.objects.create(
        center=world.a,
        community=CommunityFactory(street=world.s1),
        day=date(2026, 12, 7),
        source=ServedSource.SIGNUP,
        people=2,
    )
    assert client.get("/").context["figures"].person_times == 0
    with time_machine.travel(NOW + timedelta(minutes=5, seconds=1)):
        assert client.get("/").context["figures"].person_times == 2


def test_it_is_in_chinese_and_in_english(world, client):
    chinese = client.get("/")
    assert '<html lang="zh-hans">' in chinese.text and "我们的服务中心" in chinese.text
    english = client.get("/en/")
    assert '<html lang="en">' in english.text and "Our service centers" in english.text


def make_rows(world, count):
    for n in range(count):
        center = CenterFactory(street=world.s1)
        VenueFactory(center=center)
        occurrence = one_off(center, title=f"讲座{n}", day=date(2026, 12, 8 + n % 6))
        sign_up(occurrence, phone=f"1380000{n:04d}")
        PartnerUnitFactory(center=center).services.create(name=f"义诊{n}")
        RepairServiceFactory(center=center)
        open_room(center)


@pytest.mark.parametrize("rows", [2, 12])
def test_its_query_count_does_not_grow_with_rows(world, client, django_assert_num_queries, rows):
    make_rows(world, rows)
    cache.clear()
    # 1 this week's occurrences with their activities and places; 2 their target
    # groups; 3 the regular activities with their next occurrence; 4 the partners'
    # services; 5 the repair services; 6 the bookable rooms counted; 7-8 the
    # volunteers registered (all-time totals, the days after today); 9 the
    # person-times served; 10 the streets; 11 their centers; 12 the centers' rooms
    with django_assert_num_queries(12):
        response = client.get("/")
    assert len(response.context["week"].occurrences) == min(rows, 10)
    # The figures come from the cache for a while: 3 queries fewer.
    with django_assert_num_queries(9):
        client.get("/")
