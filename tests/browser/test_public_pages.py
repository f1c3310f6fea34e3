"""Every public page at phone width: Chinese and English, accessible, fast, no
external requests, and a CSP without unsafe-inline scripts."""

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import CenterFactory, VenueFactory

PUBLIC_PAGES = [
    "/",
    "/en/",
    "/organizations/",
    "/en/organizations/",
    "/repairs/new/",
    "/en/repairs/new/",
    "/venues/",
    "/en/venues/",
]


@pytest.fixture
def site(transactional_db):
    center = CenterFactory(
        name="九龙社工中心",
        address="九龙街道1号",
        phone="023-60000001",
        opening_hours="周一至周五 9:00–17:30",
    )
    VenueFactory(center=center, name="阅读室")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_passes_axe_and_loads_nothing_from_elsewhere(site, page, path):
    response = page.goto(page.base_url + path)
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert axe_violations(page) == []
    assert page.external_requests == []


def test_the_home_page_fits_a_phone_and_switches_language(site, page):
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "我们的服务中心"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page scrolls sideways on a 360 px phone"
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("h1").inner_text() == "Our service centers"
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_url(page.base_url + "/")
    assert "九龙街道1号" in page.content()
