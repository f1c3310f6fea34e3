"""The dashboard's services section: activities held, person-times served (by
source, month and target group, from the tallies), home visits and residents
living alone due for a visit, with known answers; the comparison's new columns;
links only where the reader may follow them; a fixed number of queries."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centers.roles import Role
from centers.tallies import rebuild_all
from services.models import CaseNote
from services.selectors.served import person_times
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    CommunityFactory,
    HomeVisitFactory,
    OccurrenceFactory,
    ResidentFactory,
    SignupFactory,
    staff_user,
    target_group,
)
from tests.reports.pages import all_links, comparison, figures, table

URL = "/en" + reverse("reports:dashboard")
TODAY = date(2026, 11, 28)
NOW = datetime.combine(TODAY, time(12), timezone.get_fixed_timezone(8 * 60))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def served(world):
    """Street S1 (centers A and B) in 2026: 3 occurrences held of 2 activities,
    13 person-times (9 from sign-ups, 3 home visits, 1 case session), one resident
    living alone due for a visit; and what must not count."""
    k1 = CommunityFactory(street=world.s1, name="一社区")
    k2 = CommunityFactory(street=world.s1, name="二社区")
    elderly, children = target_group("elderly"), target_group("children")
    alone = target_group("elderly_alone")

    haircut = ActivityFactory(center=world.a, community=k1, title="免费理发")
    haircut.target_groups.set([elderly])
    reading = ActivityFactory(center=world.b, community=k2, title="绘本共读")
    reading.target_groups.set([children])

    def held(activity, day, **fields):
        return OccurrenceFactory(activity=activity, rule_date=day, **fields)

    SignupFactory(occurrence=held(haircut, date(2026, 3, 4)), status="attended", people=2)
    october = held(haircut, date(2026, 10, 28))
    SignupFactory(occurrence=october, status="attended", people=3)
    SignupFactory(occurrence=october, status="no_show")
    SignupFactory(occurrence=held(reading, date(2026, 6, 1)), status="attended", people=4)
    held(haircut, date(2026, 8, 26), status="cancelled")  # not held
    held(haircut, date(2026, 11, 28))  # today at 9:00: held (it is noon)
    held(haircut, date(2026, 12, 30))  # to come
    SignupFactory(occurrence=held(haircut, date(2025, 12, 31)), status="attended", people=5)
    elsewhere = ActivityFactory(center=world.c, title="别的街道的活动")
    SignupFactory(occurrence=held(elsewhere, date(2026, 5, 5)), status="attended", people=8)

    visited = ResidentFactory(center=world.a, community=k1, last_visited_on=date(2026, 11, 2))
    recently = ResidentFactory(center=world.a, community=k1, last_visited_on=date(2026, 11, 25))
    never = ResidentFactory(center=world.b, community=k2)  # due for a visit
    long_ago = ResidentFactory(center=world.b, community=k2, last_visited_on=date(2026, 10, 1))
    for resident in (visited, recently, never, long_ago):
        resident.target_groups.set([alone])
    ResidentFactory(center=world.a, community=k1)  # not living alone, never visited
    ResidentFactory(center=world.c).target_groups.set([alone])  # another street's
    HomeVisitFactory(resident=visited, visited_on=date(2026, 5, 10))
    HomeVisitFactory(resident=visited, visited_on=date(2026, 11, 2))
    HomeVisitFactory(resident=recently, visited_on=date(2026, 11, 25))
    case = CaseFactory(center=world.a, resident__community=k1)  # the resident has no group
    CaseNote.objects.create(case=case, stage="intake", written_on=date(2026, 9, 1), text="面谈")
    CaseNote.objects.create(
        case=case, stage="intake", written_on=date(2026, 9, 2), text="电话", is_session=False
    )
    rebuild_all()
    return {"k1": k1, "k2": k2}


def test_the_services_figures_have_known_answers(world, served):
    shown = figures(client_for(world.leader_s1).get(URL))
    assert shown["activities held"] == "4"  # 3 in past months and today's
    assert shown["person-times served"] == "13"
    assert shown["home visits"] == "3"
    assert shown["living alone, not visited in 30 days"] == "2"  # never, and 1 October


def test_person_times_by_source_month_and_group(world, served):
    page = client_for(world.leader_s1).get(URL)
    assert table(page, "served_by_source") == [
        ["activities attended", "9"],
        ["home visits", "3"],
        ["case sessions", "1"],
    ]
    months = dict(table(page, "served_by_month"))
    assert list(months) == [f"2026-{month:02d}" for month in range(1, 12)]
    assert {month: people for month, people in months.items() if people != "0"} == {
        "2026-03": "2",
        "2026-05": "1",
        "2026-06": "4",
        "2026-09": "1",
        "2026-10": "3",
        "2026-11": "2",
    }
    assert table(page, "served_by_group") == [
        ["elderly people", "5"],
        ["children", "4"],
        ["living alone", "3"],
    ]


def test_a_community_scope_counts_its_own(world, served):
    shown = figures(client_for(world.leader_s1).get(URL, {"community": served["k2"].pk}))
    assert shown["activities held"] == "1"
    assert shown["person-times served"] == "4"
    assert shown["home visits"] == "0"
    assert shown["living alone, not visited in 30 days"] == "2"


def test_the_visit_interval_is_a_setting(world, served, settings):
    settings.RESIDENT_VISIT_INTERVAL_DAYS = 7
    shown = figures(client_for(world.leader_s1).get(URL))
    # visited on 2 November is due now too; on 25 November is not
    assert shown["living alone, not visited in 7 days"] == "3"


def test_a_custom_period_takes_last_year_too(world, served):
    shown = figures(
        client_for(world.leader_s1).get(
            URL, {"period": "custom", "start": "2025-12-01", "end": "2026-03-31"}
        )
    )
    assert shown["activities held"] == "2"
    assert shown["person-times served"] == "7"


def test_the_other_street_sees_only_its_own(world, served):
    shown = figures(client_for(world.leader_s2).get(URL))
    assert (shown["activities held"], shown["person-times served"]) == ("1", "8")
    assert shown["living alone, not visited in 30 days"] == "1"


def test_the_comparison_has_person_times_and_activities_held(world, served):
    rows = comparison(client_for(world.leader_s1).get(URL))
    assert {
        name: (row["person-times served"], row["activities held"])
        for name, row in rows.items()
        if name in ("一社区", "二社区")
    } == {"一社区": ("9", "3"), "二社区": ("4", "1")}


def test_the_stand_in_selector_answers_in_three_queries(world, served, django_assert_num_queries):
    # days by source and day; group days by group; the target groups
    with django_assert_num_queries(3):
        result = person_times(
            center_ids=[world.a.pk, world.b.pk],
            community_id=None,
            start=date(2026, 1, 1),
            end=TODAY,
        )
    assert (result.total, result.by_source) == (13, {"signup": 9, "visit": 3, "case": 1})
    assert result.by_month[0] == (date(2026, 1, 1), 0) and len(result.by_month) == 11
    assert [(group.code, people) for group, people in result.by_group] == [
        ("elderly", 5),
        ("children", 4),
        ("elderly_alone", 3),
    ]


@pytest.mark.parametrize("persona", ["staff_a", "director_a", "staff_b", "leader_s1", "leader_s2"])
def test_no_link_on_the_page_answers_403(world, served, persona):
    client = client_for(getattr(world, persona))
    page = client.get(URL)
    for link in all_links(page):
        assert client.get(link).status_code == 200, (persona, link)


def test_links_the_reader_may_not_open_are_left_off(world, served):
    """A login with the dashboard but no admin permissions sees the figures
    without links (as leaders see the residents' and visits' figures)."""
    reader = staff_user(Role.STAFF, centers=[world.a])
    reader.groups.clear()
    reader.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    page = client_for(reader).get(URL)
    assert figures(page)["person-times served"] == "9"  # center A's
    assert all_links(page) == []
    staff_page = client_for(world.staff_a).get(URL)
    assert all_links(staff_page)


def test_the_query_count_does_not_grow_with_the_served(world, served):
    client = client_for(world.leader_s1)
    client.get(URL)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    before = count()
    for day in range(1, 20):
        occurrence = OccurrenceFactory(
            activity__center=world.a, activity__community=served["k1"], rule_date=date(2026, 7, day)
        )
        SignupFactory.create_batch(2, occurrence=occurrence, status="attended")
        HomeVisitFactory(resident__center=world.b, visited_on=date(2026, 7, day))
    rebuild_all()
    assert count() == before
