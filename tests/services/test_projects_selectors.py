"""The reads about projects: the dashboard's figures (by level, origin and status,
budgets, money spent in the period), the projects covering each community, and
a project's report; known answers, and query counts that do not grow."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from services.models import ProjectLevel, ShiftAssignment
from services.selectors.projects import (
    parse_running,
    project_figures,
    project_report,
    projects_for_export,
    projects_per_community,
    running_value,
)
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    OccurrenceFactory,
    PaidWorkUnitsFactory,
    ProjectDeliverableFactory,
    ProjectExpenseFactory,
    ProjectOutputFactory,
    ServiceHoursFactory,
    ServiceProjectFactory,
    ShiftRoleFactory,
    SignupFactory,
    VolunteerFactory,
)

TODAY = date(2026, 11, 28)
START, END = date(2026, 1, 1), TODAY


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def projects(world):
    """Street S1's projects (centers A and B) and one of street S2."""
    c1, c2 = (CommunityFactory(street=world.s1) for _ in range(2))

    def project(center, level, origin, status, budget, starts, ends, communities=()):
        made = ServiceProjectFactory(
            center=center,
            level=level,
            origin=origin,
            status=status,
            budget=Decimal(budget),
            starts_on=starts,
            ends_on=ends,
        )
        made.communities.set(communities)
        return made

    p1 = project(
        world.a, "city", "packaged", "landed", 100000, date(2026, 1, 1), date(2026, 12, 31), [c1]
    )
    p2 = project(world.a, "district", "packaged", "landed", 50000, date(2025, 6, 1), None, [c1, c2])
    p3 = project(world.b, "district", "introduced", "preparing", 20000, date(2026, 11, 1), None)
    p5 = project(
        world.b, "street", "introduced", "landed", 30000, date(2026, 3, 1), date(2026, 6, 30), [c2]
    )
    # Not running in the period: ended before it, starts after it.
    old = project(
        world.b, "street", "introduced", "closed", 10000, date(2025, 1, 1), date(2025, 12, 31), [c2]
    )
    project(world.b, "city", "packaged", "preparing", 9000, date(2027, 1, 1), None, [c2])
    # Another street's.
    project(world.c, "city", "packaged", "landed", 70000, date(2026, 1, 1), None)

    ProjectExpenseFactory(project=p1, amount=Decimal("1000.50"), spent_on=date(2026, 3, 1))
    ProjectExpenseFactory(project=p1, amount=Decimal("500"), spent_on=date(2025, 12, 31))
    ProjectExpenseFactory(project=p2, amount=Decimal("200"), spent_on=date(2026, 5, 1))
    ProjectExpenseFactory(project=p5, amount=Decimal("300"), spent_on=date(2026, 4, 1))
    ProjectExpenseFactory(project=old, amount=Decimal("999"), spent_on=date(2025, 3, 1))
    census = ProjectOutputFactory(project=p1, item__unit_price=Decimal("1.00")).item
    PaidWorkUnitsFactory(item=census, units=40, worked_on=date(2026, 9, 1))
    PaidWorkUnitsFactory(item=census, units=10, worked_on=date(2025, 12, 15))
    leaflets = ProjectOutputFactory(project=p5, item__unit_price=Decimal("2.50")).item
    PaidWorkUnitsFactory(item=leaflets, units=4, worked_on=date(2026, 5, 1))
    return {"c1": c1, "c2": c2, "p1": p1, "p2": p2, "p3": p3, "p5": p5}


def figures_of(world, community=None):
    return project_figures(
        center_ids=[world.a.pk, world.b.pk],
        community_id=community.pk if community else None,
        start=START,
        end=END,
    )


def test_the_street_figures_have_known_answers(world, projects):
    figures = figures_of(world)
    assert figures.total == 4
    assert figures.by_status == {"preparing": 1, "landed": 3, "closed": 0}
    assert [(row.origin, row.projects, row.landed) for row in figures.by_origin] == [
        ("packaged", 2, 2),
        ("introduced", 2, 1),
    ]
    assert [(row.level, row.by_status, row.budget, row.spent) for row in figures.by_level] == [
        ("city", {"preparing": 0, "landed": 1, "closed": 0}, Decimal("100000"), Decimal("1040.50")),
        ("district", {"preparing": 1, "landed": 1, "closed": 0}, Decimal("70000"), Decimal("200")),
        ("street", {"preparing": 0, "landed": 1, "closed": 0}, Decimal("30000"), Decimal("310")),
    ]
    assert figures.budget == Decimal("200000")
    assert figures.spent == Decimal("1550.50")


def test_a_community_counts_the_projects_covering_it(world, projects):
    figures = figures_of(world, projects["c2"])
    assert figures.total == 2  # p2 and p5
    assert figures.budget == Decimal("80000")
    assert figures.spent == Decimal("510.00")


def test_a_center_counts_only_its_own_projects(world, projects):
    figures = project_figures(center_ids=[world.b.pk], community_id=None, start=START, end=END)
    assert figures.total == 2
    assert figures.spent == Decimal("310.00")


def test_the_projects_covering_each_community(world, projects):
    covering = projects_per_community(center_ids=[world.a.pk, world.b.pk], start=START, end=END)
    assert covering == {projects["c1"].pk: 2, projects["c2"].pk: 2}


def test_the_export_rows_spend_in_the_period_and_in_all(world, projects):
    rows = {
        project.name: (project.spent_in_period, project.spent_in_all)
        for project in projects_for_export(
            center_ids=[world.a.pk, world.b.pk], community_id=None, start=START, end=END
        )
    }
    assert rows[projects["p1"].name] == (Decimal("1040.50"), Decimal("1550.50"))
    assert rows[projects["p3"].name] == (Decimal("0"), Decimal("0"))
    assert len(rows) == 4


def test_the_figures_take_three_queries_whatever_the_data(
    world, projects, django_assert_num_queries
):
    # the projects grouped by level, origin and status; the expenses by level;
    # the paid work units by level
    with django_assert_num_queries(3):
        figures_of(world, projects["c1"])
    for project in ServiceProjectFactory.create_batch(5, center=world.a):
        ProjectExpenseFactory.create_batch(3, project=project)
        PaidWorkUnitsFactory(item=ProjectOutputFactory(project=project).item)
    with django_assert_num_queries(3):
        figures_of(world)


def test_an_empty_scope_has_zeros(world):
    figures = figures_of(world)
    assert (figures.total, figures.budget, figures.spent) == (0, 0, 0)
    assert [row.level for row in figures.by_level] == list(ProjectLevel)


def test_the_running_parameter_reads_back():
    assert parse_running(running_value(START, END)) == (START, END)
    assert parse_running("2026-12-01..2026-01-01") is None
    assert parse_running("rubbish") is None


# --- a project's report ---------------------------------------------------------


@pytest.fixture
def project(world):
    project = ServiceProjectFactory(center=world.a, budget=Decimal("200000"))
    haircut = ActivityFactory(center=world.a, project=project, title="免费理发")
    ActivityFactory(center=world.a, project=project, title="政策宣讲")  # nothing held yet
    held = [
        OccurrenceFactory(activity=haircut, rule_date=day)
        for day in (date(2026, 9, 30), date(2026, 10, 28))
    ]
    OccurrenceFactory(activity=haircut, rule_date=date(2026, 8, 26), status="cancelled")
    OccurrenceFactory(activity=haircut, rule_date=date(2026, 12, 30))  # to come
    SignupFactory(occurrence=held[0], status="attended", people=2)
    SignupFactory(occurrence=held[0], status="attended")
    SignupFactory(occurrence=held[0], status="no_show")
    SignupFactory(occurrence=held[0], status="confirmed", people=3)
    SignupFactory(occurrence=held[1], status="attended", people=4)
    role = ShiftRoleFactory(activity=haircut)
    for occurrence, hours, status in (
        (held[0], "2.5", "confirmed"),
        (held[0], "3", "recorded"),
        (held[1], "1.5", "confirmed"),
    ):
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
                status=status,
                confirmed_at=timezone.now() if status == "confirmed" else None,
            ),
        )
    # Another project's activity, with people served: not this project's.
    other = ActivityFactory(center=world.a, project=ServiceProjectFactory(center=world.a))
    SignupFactory(
        occurrence=OccurrenceFactory(activity=other, rule_date=date(2026, 9, 1)), status="attended"
    )

    census = ProjectOutputFactory(
        project=project,
        item__name="人口普查核实",
        item__unit_price=Decimal("1.00"),
        target_units=1000,
    )
    PaidWorkUnitsFactory(item=census.item, units=40)
    PaidWorkUnitsFactory(item=census.item, units=60, worked_on=date(2026, 9, 2))
    visits = ProjectOutputFactory(
        project=project, item__name="入户探访", item__unit_price=Decimal("0.50"), target_units=None
    )
    PaidWorkUnitsFactory(item=visits.item, units=7)
    ProjectExpenseFactory(project=project, amount=Decimal("1000.50"))
    ProjectExpenseFactory(project=project, amount=Decimal("200"), spent_on=date(2026, 4, 1))
    ProjectDeliverableFactory(project=project, name="中期评估", accepted_on=date(2026, 7, 1))
    ProjectDeliverableFactory(project=project, name="结项报告", due_on=date(2026, 12, 31))
    return project


def test_the_report_has_known_answers(project):
    report = project_report(project)
    assert [(a.title, a.held, a.people, a.volunteer_hours) for a in report.activities] == [
        ("免费理发", 2, 7, Decimal("4.0")),
        ("政策宣讲", 0, 0, Decimal("0")),
    ]
    assert (report.occurrences_held, report.people_served, report.volunteer_hours) == (
        2,
        7,
        Decimal("4.0"),
    )
    assert [(row.units, row.target, row.percent, row.cost) for row in report.outputs] == [
        (100, 1000, 10, Decimal("100.00")),
        (7, None, None, Decimal("3.50")),
    ]
    assert report.expenses_total == Decimal("1200.50")
    assert report.units_cost == Decimal("103.50")
    assert report.spent == Decimal("1304.00")
    assert report.left == Decimal("198696.00")
    assert report.spent_percent == 1
    assert [(d.name, d.accepted_on) for d in report.deliverables] == [
        ("中期评估", date(2026, 7, 1)),
        ("结项报告", None),
    ]


def test_the_report_takes_six_queries_whatever_the_size(world, project, django_assert_num_queries):
    # communities, target groups, activities (with held, people and hours),
    # outputs (with their units), deliverables, expenses
    with django_assert_num_queries(6):
        project_report(project)
    for activity in ActivityFactory.create_batch(3, center=world.a, project=project):
        for occurrence in [
            OccurrenceFactory(activity=activity, rule_date=date(2026, 10, day)) for day in (1, 2)
        ]:
            SignupFactory.create_batch(2, occurrence=occurrence, status="attended")
    PaidWorkUnitsFactory(item=ProjectOutputFactory(project=project).item)
    ProjectExpenseFactory.create_batch(4, project=project)
    with django_assert_num_queries(6):
        report = project_report(project)
    assert report.people_served == 7 + 12
