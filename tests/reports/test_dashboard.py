"""The dashboard: who may open it, which figures each persona sees, with known
answers, and a query count that does not grow with the data."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from centers.models import IncubationStage
from centers.roles import Role
from centers.tallies import rebuild_all
from services.models import ServedDay
from tests.conftest import client_for
from tests.factories import (
    CenterFactory,
    CertificateFactory,
    CommunityFactory,
    FiledGroupFactory,
    FollowUpVisitFactory,
    HonorFactory,
    MemberFactory,
    OccurrenceFactory,
    OrganizationFactory,
    PaidWorkUnitsFactory,
    ProjectExpenseFactory,
    ProjectOutputFactory,
    ResidencyFactory,
    ServiceHoursFactory,
    ServiceProjectFactory,
    SignupFactory,
    UserFactory,
    VolunteerFactory,
    staff_user,
)
from volunteers.models import VolunteerDay

URL = reverse("reports:dashboard")
TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def figures(response) -> dict[str, str]:
    """{label: value} of the figure cards on the page."""
    pairs = re.findall(
        r'<span class="value">(.*?)</span>\s*<span class="label">(.*?)</span>', response.text
    )
    return {label: value for value, label in pairs}


def workers(center, count, certified):
    for index, member in enumerate(MemberFactory.create_batch(count, center=center)):
        if index < certified:
            CertificateFactory(member=member)


def test_anonymous_is_sent_to_the_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_login_without_a_role_is_refused(world):
    assert client_for(UserFactory()).get(URL).status_code == 403


def test_each_persona_sees_its_own_certification_rate(world):
    workers(world.a, 4, 3)
    workers(world.b, 2, 0)
    workers(world.c, 5, 5)
    expected = {
        "staff_a": ("4", "3", "75%"),
        "director_a": ("4", "3", "75%"),
        "staff_b": ("2", "0", "0%"),
        "leader_s1": ("6", "3", "50%"),
        "leader_s2": ("5", "5", "100%"),
        "superuser": ("6", "3", "50%"),  # starts with the first street (一号街道)
    }
    for persona, (total, certified, rate) in expected.items():
        shown = figures(client_for(getattr(world, persona)).get(URL))
        assert (shown["社区工作者"], shown["持证"], shown["持证率"]) == (total, certified, rate), (
            persona
        )


def test_a_leader_of_one_street_sees_nothing_of_another(world):
    workers(world.c, 5, 5)
    client = client_for(world.leader_s1)
    assert client.get(URL, {"street": world.s2.pk}).status_code == 404
    assert client.get(URL, {"center": world.c.pk}).status_code == 404
    assert "中心C" not in client.get(URL).text


def test_staff_cannot_open_another_centers_dashboard(world):
    client = client_for(world.staff_a)
    assert client.get(URL, {"center": world.b.pk}).status_code == 404
    assert client.get(URL, {"scope": f"center-{world.b.pk}"}).status_code == 404
    assert client.get(URL, {"center": world.a.pk}).status_code == 200


def test_the_organization_figures_have_known_answers(world):
    seed = IncubationStage.objects.get(name="萌芽型")  # made by a migration
    community = CommunityFactory(street=world.s1)
    FiledGroupFactory.create_batch(3, center=world.a, community=community, stage=seed)
    hub = OrganizationFactory(center=world.a, is_hub=True)
    OrganizationFactory(center=world.c)  # another street: never counted
    ResidencyFactory(organization=hub, center=world.a, moved_in=date(2020, 1, 1))
    ResidencyFactory(
        center=world.a,
        organization__center=world.a,
        moved_in=date(2020, 1, 1),
        moved_out=date(2025, 1, 1),
    )  # moved out before the period ends
    FollowUpVisitFactory(center=world.a, organization=hub, visited_on=date(2026, 3, 1))
    FollowUpVisitFactory(center=world.a, organization=hub, visited_on=date(2025, 3, 1))
    CenterFactory(street=world.s1, kind="community_room", community=community)
    shown = figures(client_for(world.leader_s1).get(URL))
    assert shown["培育的社会组织"] == "5"  # 3 filed + the hub + the moved-out one's
    assert shown["街道备案"] == "3"
    assert shown["已登记"] == "2"
    assert shown["枢纽型组织"] == "1"
    assert shown["入驻"] == "1"
    assert shown["回访"] == "1"
    assert shown["社区社工室"] == "1"


def test_honors_count_by_year_of_the_period(world):
    HonorFactory(center=world.a, year=2026)
    HonorFactory(center=world.a, year=2020)
    client = client_for(world.leader_s1)
    assert figures(client.get(URL))["荣誉"] == "1"
    assert (
        figures(client.get(URL, {"period": "custom", "start": "2020-01-01", "end": "2026-11-28"}))[
            "荣誉"
        ]
        == "2"
    )


def test_every_figure_links_to_the_records_behind_it(world):
    workers(world.a, 2, 1)
    client = client_for(world.staff_a)
    page = client.get(URL)
    links = re.findall(r'<a class="details" href="([^"]+)"', page.text)
    assert links
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_the_comparison_table_sorts_by_a_column(world):
    small, big = (
        CommunityFactory(street=world.s1, name="小社区"),
        CommunityFactory(street=world.s1, name="大社区"),
    )
    FiledGroupFactory(center=world.a, community=small)
    FiledGroupFactory.create_batch(3, center=world.a, community=big)
    client = client_for(world.leader_s1)

    def table(order):
        page = client.get(URL, {"sort": "organizations", "order": order}).text
        return page[page.index('id="comparison"') :]

    assert table("desc").index("大社区") < table("desc").index("小社区")
    assert table("asc").index("小社区") < table("asc").index("大社区")


def test_it_speaks_english_too(world):
    response = client_for(world.leader_s1).get("/en/dashboard/")
    assert response.status_code == 200
    assert "certification rate" in response.text


def test_the_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    client = client_for(world.leader_s1)
    client.get(URL)  # warm the session and content types

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    empty = count()
    workers(world.a, 20, 15)
    for community in CommunityFactory.create_batch(5, street=world.s1):
        FiledGroupFactory.create_batch(4, center=world.a, community=community)
        for volunteer in VolunteerFactory.create_batch(3, center=world.a, community=community):
            ServiceHoursFactory(
                volunteer=volunteer, status="confirmed", confirmed_at=timezone.now()
            )
        project = ServiceProjectFactory(center=world.a)
        project.communities.set([community])
        ProjectExpenseFactory.create_batch(2, project=project)
        PaidWorkUnitsFactory(item=ProjectOutputFactory(project=project).item)
        occurrence = OccurrenceFactory(
            activity__center=world.a, activity__community=community, rule_date=date(2026, 10, 1)
        )
        SignupFactory.create_batch(2, occurrence=occurrence, status="attended")
    HonorFactory.create_batch(3, center=world.a, year=2026)
    rebuild_all()
    assert VolunteerDay.objects.exists() and ServedDay.objects.exists()
    assert count() == empty
    # session, user, the user's and the groups' permissions; the picker 3 (centers,
    # streets led, communities); workforce 5 (rate, levels, continuing education 2:
    # the workers' required hours, their training hours; honors); organizations 5
    # (counts, stages, hosted, follow-ups, rooms); projects 3 (projects grouped,
    # expenses, paid work units); volunteers 5 (figures 2: all-time totals, days
    # since the start; hours per month, star levels, teams); services 5 (occurrences
    # held, person-times by source and day, by group, the target groups, residents
    # due for a visit); repairs 3 (month totals, response histogram, overdue
    # orders); comparison 8 (communities; organizations, volunteers 2: totals and
    # days since the start, person-times, occurrences held, projects covering,
    # repair orders per community)
    assert empty == 41


def test_a_director_without_the_role_permission_is_refused(world):
    plain = staff_user(Role.STAFF, centers=[world.a])
    plain.groups.clear()
    assert client_for(plain).get(URL).status_code == 403


def test_the_admin_links_to_the_dashboard_for_those_who_may_see_it(world):
    assert URL in client_for(world.leader_s1).get(reverse("admin:index")).text
