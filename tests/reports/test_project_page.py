"""A project's page (/dashboard/projects/<id>/): what it is, its activities and
the people and volunteer hours they served, its outputs against their targets,
its money against the budget, its deliverables; for the staff of its center and
the leaders of its street only; a fixed number of queries; its tables export."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from centers.roles import Role
from services.models import ShiftAssignment
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    OccurrenceFactory,
    OrganizationFactory,
    PaidWorkUnitsFactory,
    ProjectDeliverableFactory,
    ProjectExpenseFactory,
    ProjectOutputFactory,
    ServiceHoursFactory,
    ServiceProjectFactory,
    ShiftRoleFactory,
    SignupFactory,
    VolunteerFactory,
    staff_user,
    target_group,
)
from tests.reports.pages import figures, table

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def url(project, lang="en"):
    with translation.override(lang):
        return reverse("reports:project", args=[project.pk])


def export_url(project, key, file_format):
    with translation.override("en"):
        return reverse("reports:project_export", args=[project.pk, key, file_format])


@pytest.fixture
def project(world):
    """A district project of center A: two activities (one held twice, 7 people
    and 4 volunteer hours), a census output at 1 yuan (100 of 1,000 records),
    1,200.50 yuan of expenses, two deliverables (one accepted)."""
    project = ServiceProjectFactory(
        center=world.a,
        name="金色夕阳为老服务项目",
        contractor=OrganizationFactory(center=world.a, name="九龙社工服务中心"),
        budget=Decimal("200000"),
        beneficiaries_target=300,
    )
    project.communities.set([CommunityFactory(street=world.s1, name="彩云湖社区")])
    project.target_groups.set([target_group("elderly_alone")])
    haircut = ActivityFactory(center=world.a, project=project, title="免费理发")
    ActivityFactory(center=world.a, project=project, title="政策宣讲")
    first, second = (
        OccurrenceFactory(activity=haircut, rule_date=day)
        for day in (date(2026, 9, 30), date(2026, 10, 28))
    )
    OccurrenceFactory(activity=haircut, rule_date=date(2026, 12, 30))  # to come
    SignupFactory(occurrence=first, status="attended", people=3)
    SignupFactory(occurrence=second, status="attended", people=4)
    SignupFactory(occurrence=second, status="cancelled", people=2)
    role = ShiftRoleFactory(activity=haircut)
    for occurrence, hours in ((first, "2.5"), (second, "1.5")):
        volunteer = VolunteerFactory(center=world.a)
        ShiftAssignment.objects.create(
            role=role,
            occurrence=occurrence,
            volunteer=volunteer,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            status="served",
            hours_entry=ServiceHoursFactory(
                volunteer=volunteer,
                hours=Decimal(hours),
                status="confirmed",
                confirmed_at=timezone.now(),
            ),
        )
    census = ProjectOutputFactory(
        project=project, item__name="人口普查入户信息核实", target_units=1000
    )
    PaidWorkUnitsFactory(item=census.item, units=100)
    ProjectExpenseFactory(project=project, amount=Decimal("1200.50"), description="活动物资")
    ProjectDeliverableFactory(
        project=project,
        name="中期评估报告",
        accepted_on=date(2026, 7, 1),
        accepted_by=world.staff_a,
    )
    ProjectDeliverableFactory(project=project, name="结项报告", due_on=date(2026, 12, 31))
    return project


def test_the_page_shows_what_the_project_is_and_did(world, project):
    page = client_for(world.leader_s1).get(url(project))
    assert page.status_code == 200
    for fact in (
        "金色夕阳为老服务项目",
        "九龙社工服务中心",
        "区民政局",
        "彩云湖社区",
        "living alone",
    ):
        assert fact in page.text, fact
    shown = figures(page)
    assert shown["activities held"] == "2"
    assert shown["person-times served"] == "7"
    assert shown["volunteer hours"] == "4"
    assert shown["budget"] == "200,000.00 yuan"
    assert shown["spent"] == "1,300.50 yuan"  # 1,200.50 + 100 records at 1 yuan
    assert shown["left"] == "198,699.50 yuan"
    assert table(page, "activities") == [
        ["免费理发", haircut_community(project), "2", "7", "4"],
        ["政策宣讲", second_community(project), "0", "0", "0"],
    ]
    assert table(page, "outputs") == [
        ["人口普查入户信息核实", "1.00", "1000", "100", "10", "100.00"]
    ]
    assert table(page, "deliverables") == [
        ["中期评估报告", "2026-06-30", "2026-07-01", "staff_a", ""],
        ["结项报告", "2026-12-31", "—", "—", ""],
    ]
    assert table(page, "expenses") == [["2026-03-01", "活动物资", "1200.50"]]


def haircut_community(project):
    return project.activities.get(title="免费理发").community.name


def second_community(project):
    return project.activities.get(title="政策宣讲").community.name


def test_staff_and_leaders_of_other_centers_and_streets_get_404(world, project):
    assert client_for(world.staff_a).get(url(project)).status_code == 200
    assert client_for(world.leader_s1).get(url(project)).status_code == 200
    assert client_for(world.staff_b).get(url(project)).status_code == 404
    assert client_for(world.leader_s2).get(url(project)).status_code == 404
    assert client_for(world.staff_b).get(export_url(project, "outputs", "csv")).status_code == 404


def test_a_login_without_the_dashboard_permission_is_refused(world, project):
    plain = staff_user(Role.STAFF, centers=[world.a])
    plain.groups.clear()
    assert client_for(plain).get(url(project)).status_code == 403


def test_the_page_links_to_the_admin_record_for_those_who_may_read_it(world, project):
    admin_url = reverse("admin:services_serviceproject_change", args=[project.pk])
    assert admin_url in client_for(world.leader_s1).get(url(project, "zh-hans")).text
    reader = staff_user(Role.STAFF, centers=[world.a])
    reader.groups.clear()
    reader.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    page = client_for(reader).get(url(project, "zh-hans"))
    assert page.status_code == 200 and admin_url not in page.text


def test_the_admin_record_links_to_the_page(world, project):
    change = reverse("admin:services_serviceproject_change", args=[project.pk])
    for persona in ("staff_a", "leader_s1"):  # also read-only, for the leader
        page = client_for(getattr(world, persona)).get(change).text
        assert url(project, "zh-hans") in page, persona


def test_the_query_count_does_not_grow_with_the_project(world, project):
    client = client_for(world.leader_s1)
    client.get(url(project))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(project)).status_code == 200
        return len(queries)

    before = count()
    for activity in ActivityFactory.create_batch(4, center=world.a, project=project):
        for day in (1, 2, 3):
            occurrence = OccurrenceFactory(activity=activity, rule_date=date(2026, 10, day))
            SignupFactory.create_batch(3, occurrence=occurrence, status="attended")
    for _ in range(3):
        PaidWorkUnitsFactory(item=ProjectOutputFactory(project=project).item)
    ProjectExpenseFactory.create_batch(5, project=project)
    ProjectDeliverableFactory.create_batch(3, project=project)
    assert count() == before
    # session, user, the user's and the groups' permissions; the project; its
    # communities, target groups, activities (with sessions held, people and
    # hours), outputs (with units), deliverables, expenses
    assert before == 11


def test_each_table_exports(world, project):
    client = client_for(world.leader_s1)
    response = client.get(export_url(project, "outputs", "xlsx"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "金色夕阳为老服务项目 · Unit-priced outputs"
    assert rows[3][0] == "output"
    assert rows[4][:4] == ("人口普查入户信息核实", 1, 1000, 100)
    for key in ("activities", "deliverables", "expenses"):
        csv = client.get(export_url(project, key, "csv"))
        assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode()), key
    assert client.get(export_url(project, "nothing", "csv")).status_code == 404
    assert client.get(export_url(project, "outputs", "pdf")).status_code == 404
