"""A street leader logs in, reads the dashboard on a phone and exports a table."""

import io

import pytest
from openpyxl import load_workbook

from centers.models import IncubationStage
from centers.roles import Role
from tests.browser.checks import csp_problems
from tests.browser.conftest import axe_violations, login
from tests.factories import (
    CenterFactory,
    CertificateFactory,
    CommunityFactory,
    FiledGroupFactory,
    MemberFactory,
    staff_user,
)


@pytest.fixture
def leader(transactional_db):
    center = CenterFactory(name="九龙社工中心")
    community = CommunityFactory(street=center.street, name="彩云湖社区")
    stage = IncubationStage.objects.get(name="萌芽型")  # put back by the conftest
    FiledGroupFactory.create_batch(3, center=center, community=community, stage=stage)
    for index, member in enumerate(MemberFactory.create_batch(4, center=center)):
        if index < 3:
            CertificateFactory(member=member)
    return staff_user(Role.LEADER, streets=[center.street], username="leader")


def test_a_leader_reads_the_dashboard_and_exports_a_table(leader, page):
    login(page, "leader", "correct horse battery staple")
    response = page.goto(page.base_url + "/dashboard/")
    assert csp_problems(response) == []
    figure = page.locator(".figure", has_text="持证率")
    assert figure.locator(".value").inner_text() == "75%"
    # Chart.js drew the stages chart from the vendored file, nothing external.
    page.wait_for_function("document.querySelector('canvas[data-chart]').width > 0")
    assert page.external_requests == []
    assert axe_violations(page) == []

    with page.expect_download() as download:
        page.locator("#comparison").get_by_role("link", name="Excel (.xlsx)").click()
    with open(download.value.path(), "rb") as downloaded:
        sheet = load_workbook(io.BytesIO(downloaded.read())).active
    assert sheet["A1"].value == "各社区对比"
    assert download.value.suggested_filename.endswith(".xlsx")
