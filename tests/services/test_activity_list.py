"""/activities/: upcoming occurrences of public activities, soonest first, with
the places left; filtered by community, target group and day; paginated."""

from datetime import date, time

import pytest

from services.services.occurrences import occurrence_cancel, occurrences_materialize
from tests.factories import ActivityFactory, CommunityFactory, VenueFactory, target_group
from tests.services.activities import haircut, one_off, sign_up

pytestmark = pytest.mark.usefixtures("monday")


def titles(response) -> list[str]:
    return [o.activity.title for o in response.context["occurrences"]]


def test_it_lists_upcoming_public_occurrences_soonest_first(world, client):
    haircut(world.a)
    one_off(world.a, title="防诈骗讲座")
    one_off(world.a, title="内部培训", is_public=False)
    response = client.get("/activities/")
    assert response.status_code == 200
    assert titles(response) == ["防诈骗讲座", "免费理发", "免费理发", "免费理发"]
    assert "内部培训" not in response.text
    assert "2026-12-09" in response.text and "9:00–11:30" in response.text


def test_past_and_cancelled_occurrences_are_not_listed(world, client):
    cancelled = one_off(world.a, title="取消的讲座")
    occurrence_cancel(occurrence=cancelled)
    past = ActivityFactory(center=world.a, title="上周的讲座", first_date=date(2026, 11, 30))
    occurrences_materialize(activity=past, start=date(2026, 11, 1))
    assert past.occurrences.exists()
    assert titles(client.get("/activities/")) == []


def test_it_shows_the_places_left_and_walk_ins(world, client):
    occurrence = one_off(world.a, title="书法班", capacity=3)
    sign_up(occurrence, people=2)
    one_off(world.a, title="广场舞", signup_required=False, capacity=None, day=date(2026, 12, 10))
    full = one_off(world.a, title="茶话会", capacity=1, waitlist=False, day=date(2026, 12, 11))
    sign_up(full)
    with_list = one_off(world.a, title="义诊", capacity=1, day=date(2026, 12, 12))
    sign_up(with_list)
    text = client.get("/en/activities/").text
    assert "1 place left" in text
    assert "No sign-up needed: just come." in text
    assert "Full." in text
    assert "Full: you can join the waiting list." in text


def test_one_under_way_is_listed_with_its_sign_up_closed(world, client):
    one_off(world.a, title="书法班", day=date(2026, 12, 7))  # 9:00–11:30 today; it is 10:00
    response = client.get("/en/activities/")
    assert titles(response) == ["书法班"]
    assert "Under way: sign-up is closed." in response.text


def test_it_filters_by_community(world, client):
    other = CommunityFactory(street=world.s1, name="彩云湖社区")
    one_off(world.a, title="防诈骗讲座")
    one_off(world.a, title="合唱", community=other)
    response = client.get("/activities/", {"community": other.pk})
    assert titles(response) == ["合唱"]
    assert "彩云湖社区" in response.text  # offered as a choice


def test_it_filters_by_target_group_with_its_sub_groups(world, client):
    alone = one_off(world.a, title="独居老人午餐")
    alone.activity.target_groups.set([target_group("elderly_alone")])
    children = one_off(world.a, title="四点半课堂")
    children.activity.target_groups.set([target_group("children")])
    one_off(world.a, title="不限对象")
    elderly = target_group("elderly")
    assert titles(client.get("/activities/", {"group": elderly.pk})) == ["独居老人午餐"]
    assert titles(client.get("/activities/", {"group": target_group("children").pk})) == [
        "四点半课堂"
    ]


def test_it_filters_by_day(world, client):
    one_off(world.a, title="周三讲座", day=date(2026, 12, 9))
    one_off(world.a, title="周四讲座", day=date(2026, 12, 10))
    assert titles(client.get("/activities/", {"day": "2026-12-10"})) == ["周四讲座"]


def test_a_wrong_filter_value_is_ignored(world, client):
    one_off(world.a, title="周三讲座")
    response = client.get("/activities/", {"day": "tomorrow", "community": "x", "group": "999"})
    assert response.status_code == 200
    assert titles(response) == ["周三讲座"]


def test_it_is_paginated(world, client):
    activity = ActivityFactory(
        center=world.a, title="上学护导", first_date=date(2026, 12, 7), rrule="FREQ=DAILY"
    )
    activity.starts_at, activity.ends_at = time(16), time(17)
    activity.save()
    occurrences_materialize(activity=activity, days=30)
    first = client.get("/activities/")
    assert len(first.context["occurrences"]) == 20
    assert 'rel="next"' in first.text
    second = client.get("/activities/", {"page": 2})
    assert len(second.context["occurrences"]) == 11
    assert second.context["occurrences"][0].rule_date == date(2026, 12, 27)


def test_it_is_in_chinese_and_in_english(world, client):
    one_off(world.a, title="防诈骗讲座")
    chinese = client.get("/activities/")
    assert '<html lang="zh-hans">' in chinese.text and "防诈骗讲座" in chinese.text
    assert "（星期三）" in chinese.text or "(星期三)" in chinese.text
    english = client.get("/en/activities/")
    assert '<html lang="en">' in english.text and "Activities" in english.text
    assert "(Wednesday)" in english.text and "3 places left" in english.text


def make_rows(world, count):
    for n in range(count):
        center = world.a if n % 2 else world.b
        room = VenueFactory(center=center)  # named "center · room" on the page
        occurrence = one_off(
            center, title=f"讲座{n}", capacity=5, day=date(2026, 12, 8 + n), venue=room
        )
        occurrence.activity.target_groups.set([target_group("elderly"), target_group("youth")])
        sign_up(occurrence, phone=f"1380000{n:04d}", people=2)


@pytest.mark.parametrize("rows", [2, 12])
def test_its_query_count_does_not_grow_with_rows(world, client, django_assert_num_queries, rows):
    make_rows(world, rows)
    # 1 the filter's communities; 2 its target groups; 3 the paginator's count;
    # 4 the page's occurrences with their activities, communities, rooms,
    # centers, organizations and teams and their places (subqueries);
    # 5 the activities' target groups
    with django_assert_num_queries(5):
        response = client.get("/activities/")
    assert len(response.context["occurrences"]) == rows
