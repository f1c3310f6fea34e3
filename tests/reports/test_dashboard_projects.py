"""The dashboard's projects section: projects running in the period by level,
origin and status, budgets and money spent, each figure linking to the admin
list of exactly those projects; a leader of one street sees nothing of
another's projects."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.conftest import client_for
from tests.factories import (
    CommunityFactory,
    PaidWorkUnitsFactory,
    ProjectExpenseFactory,
    ProjectOutputFactory,
    ServiceProjectFactory,
)
from tests.reports.pages import all_links, comparison, figure_links, figures, row_links, table

URL = "/en" + reverse("reports:dashboard")
TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def projects(world):
    """Street S1 in 2026: 7 packaged and 4 introduced projects running, 9 of them
    landed (as at the Xuzhou incubator); a closed one of 2020; street S2's own."""
    covered = CommunityFactory(street=world.s1, name="金鱼社区")
    made = []
    for index in range(11):
        made.append(
            ServiceProjectFactory(
                center=world.a if index % 2 else world.b,
                name=f"项目{index:02d}",
                level=["city", "district", "street"][index % 3],
                origin="packaged" if index < 7 else "introduced",
                status="landed" if index < 9 else "preparing",
                budget=Decimal("10000"),
            )
        )
    made[0].communities.set([covered])
    made[8].communities.set([covered])
    ServiceProjectFactory(
        center=world.a,
        name="旧项目",
        status="closed",
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 12, 31),
    )
    ServiceProjectFactory(center=world.c, name="二号街道项目", level="city", budget=Decimal(9))
    ProjectExpenseFactory(project=made[0], amount=Decimal("1200.50"), spent_on=date(2026, 2, 1))
    ProjectExpenseFactory(project=made[0], amount=Decimal("800"), spent_on=date(2025, 2, 1))
    census = ProjectOutputFactory(project=made[1], item__unit_price=Decimal("1.00")).item
    PaidWorkUnitsFactory(item=census, units=300, worked_on=date(2026, 9, 1))
    return {"covered": covered, "made": made}


def names_listed(client, link) -> set[str]:
    page = client.get(link)
    assert page.status_code == 200, link
    return set(re.findall(r"(项目\d\d|旧项目|二号街道项目)</a>", page.text))


def test_the_project_figures_have_known_answers(world, projects):
    shown = figures(client_for(world.leader_s1).get(URL))
    assert shown["projects"] == "11"
    assert shown["packaged here"] == "7"
    assert shown["introduced"] == "4"
    assert shown["landed"] == "9"
    assert shown["budgets"] == "110,000.00 yuan"
    assert shown["spent in the period"] == "1,500.50 yuan"  # 1,200.50 + 300 units at 1 yuan


def test_the_tables_by_level_and_origin(world, projects):
    page = client_for(world.leader_s1).get(URL)
    assert table(page, "projects_by_level") == [
        # level, in preparation, landed, closed, budgets, spent in the period
        ["city", "1", "3", "0", "40000.00", "1200.50"],
        ["district", "1", "3", "0", "40000.00", "300.00"],
        ["street", "0", "3", "0", "30000.00", "0.00"],
    ]
    assert table(page, "projects_by_origin") == [
        ["packaged here", "7", "7"],
        ["introduced (a mature project)", "4", "2"],
    ]


def test_each_figure_links_to_exactly_its_projects(world, projects):
    client = client_for(world.leader_s1)
    page = client.get(URL)
    links = figure_links(page)
    everyone = {f"项目{index:02d}" for index in range(11)}
    assert names_listed(client, links["projects"]) == everyone
    assert names_listed(client, links["packaged here"]) == {f"项目{i:02d}" for i in range(7)}
    assert names_listed(client, links["introduced"]) == {f"项目{i:02d}" for i in range(7, 11)}
    assert names_listed(client, links["landed"]) == {f"项目{i:02d}" for i in range(9)}
    by_level = row_links(page, "projects_by_level")
    assert names_listed(client, by_level["city"]) == {f"项目{i:02d}" for i in (0, 3, 6, 9)}
    by_origin = row_links(page, "projects_by_origin")
    assert names_listed(client, by_origin["packaged here"]) == {f"项目{i:02d}" for i in range(7)}


def test_a_community_scope_counts_the_projects_covering_it(world, projects):
    client = client_for(world.leader_s1)
    page = client.get(URL, {"community": projects["covered"].pk})
    shown = figures(page)
    assert (shown["projects"], shown["landed"], shown["introduced"]) == ("2", "2", "1")
    assert shown["spent in the period"] == "1,200.50 yuan"
    assert names_listed(client, figure_links(page)["projects"]) == {"项目00", "项目08"}
    assert comparison(client.get(URL))["金鱼社区"]["projects covering it"] == "2"


def test_a_longer_period_takes_the_old_project_too(world, projects):
    client = client_for(world.leader_s1)
    page = client.get(URL, {"period": "custom", "start": "2020-01-01", "end": "2026-11-28"})
    assert figures(page)["projects"] == "12"
    assert "旧项目" in names_listed(client, figure_links(page)["projects"])
    assert figures(page)["spent in the period"] == "2,300.50 yuan"


def test_a_leader_of_one_street_sees_nothing_of_anothers_projects(world, projects):
    client = client_for(world.leader_s1)
    page = client.get(URL)
    assert "二号街道项目" not in page.text
    for link in all_links(page):
        assert "二号街道项目" not in client.get(link).text, link
    export = client.get(reverse("reports:export", args=["projects", "csv"]))
    assert "二号街道项目" not in export.content.decode("utf-8")
    other = client_for(world.leader_s2)
    assert figures(other.get(URL))["projects"] == "1"
    assert figures(other.get(URL))["budgets"] == "9.00 yuan"


def export_url(key, file_format):
    with translation.override("en"):
        return reverse("reports:export", args=[key, file_format])


def test_the_list_of_projects_exports_with_what_each_spent(world, projects):
    response = client_for(world.leader_s1).get(export_url("projects", "xlsx"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Service projects"
    assert rows[1][0] == "Scope: 一号街道"
    header, body = rows[3], rows[4:]
    assert header[0] == "name" and header[-2:] == (
        "spent in the period (yuan)",
        "spent in all (yuan)",
    )
    assert len(body) == 11
    spent = {row[0]: (row[11], row[12]) for row in body}
    assert spent["项目00"] == (Decimal("1200.50"), Decimal("2000.50"))
    assert spent["项目01"] == (300, 300)
    assert spent["项目02"] == (0, 0)


def test_the_project_tables_export_like_the_others(world, projects):
    client = client_for(world.leader_s1)
    level = client.get(export_url("projects.projects_by_level", "csv"))
    assert level.status_code == 200
    assert level.content.decode("utf-8").splitlines()[-3:] == [
        "city,1,3,0,40000.00,1200.50",
        "district,1,3,0,40000.00,300.00",
        "street,0,3,0,30000.00,0.00",
    ]
    origin = client.get(export_url("projects.projects_by_origin", "csv"))
    assert origin.content.decode("utf-8").splitlines()[-2:] == [
        "packaged here,7,7",
        "introduced (a mature project),4,2",
    ]
