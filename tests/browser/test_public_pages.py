"""Every public page, in Chinese and in English, at phone width: it answers,
sends a Content-Security-Policy without unsafe-inline scripts, loads nothing
from another host, weighs at most 200 KB before images, passes axe-core, keeps
its headings in order, its tap targets at 44 px and its type at 16 px or more,
and does not scroll sideways. The weights are written to
test-results/page-weights.txt."""

import pytest

from tests.browser import site as demo
from tests.browser.checks import (
    MAX_PAGE_BYTES,
    Weighing,
    csp_problems,
    heading_problems,
    sideways_scroll,
    small_type_problems,
    tap_target_problems,
)
from tests.browser.conftest import RESULTS, axe_violations

# name -> the page's path (without the language prefix), from the site built.
PAGES = {
    "home": lambda s: "/",
    "services": lambda s: "/services/",
    "activities": lambda s: "/activities/",
    "activity": lambda s: f"/activities/{s.haircut.pk}/",
    "sign-up": lambda s: f"/activities/signup/{s.signup.token}/",
    "organizations": lambda s: "/organizations/",
    "organization": lambda s: f"/organizations/{s.troupe.pk}/",
    "volunteer application": lambda s: "/volunteers/join/",
    "certificate check": lambda s: "/volunteers/certificate/",
    "certificate": lambda s: f"/volunteers/certificate/{s.certificate.number}/",
    "repair form": lambda s: "/repairs/new/",
    "repair tracking": lambda s: f"/repairs/{s.order.tracking_code}/",
    "rooms": lambda s: "/venues/",
    "room request": lambda s: f"/venues/{s.room.pk}/book/",
}
LANGUAGES = {"zh-hans": "", "en": "/en"}
WEIGHTS: dict[tuple[str, str], int] = {}
# The parts of the site the navigation leads to, besides the home page.
PARTS = (
    "/activities/",
    "/services/",
    "/organizations/",
    "/volunteers/join/",
    "/repairs/new/",
    "/venues/",
)
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


@pytest.fixture(scope="module", autouse=True)
def _write_the_weights():
    yield
    if WEIGHTS:
        RESULTS.mkdir(exist_ok=True)
        lines = [f"{'page':<24} {'language':<8} {'KB':>6}"] + [
            f"{name:<24} {language:<8} {size / 1024:6.1f}"
            for (name, language), size in sorted(WEIGHTS.items())
        ]
        (RESULTS / "page-weights.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("\n" + "\n".join(lines))


@pytest.fixture
def site():
    return demo.build()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_a_public_page_is_light_safe_and_accessible(site, page, name, language):
    weighing = Weighing().attach(page)
    response = page.goto(page.base_url + LANGUAGES[language] + PAGES[name](site))
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    weight = WEIGHTS[name, language] = weighing.total()
    problems = {
        "csp": csp_problems(response),
        "external requests": page.external_requests,
        "weight": [f"{weight / 1024:.1f} KB"] if weight > MAX_PAGE_BYTES else [],
        # Any impact: the public pages have none at all (the issue asks for no
        # serious or critical one).
        "axe": axe_violations(page, impacts=ALL_IMPACTS),
        "headings": heading_problems(page),
        "tap targets": tap_target_problems(page),
        "small type": small_type_problems(page),
        "sideways": sideways_scroll(page),
    }
    assert {check: found for check, found in problems.items() if found} == {}


def test_the_navigation_reaches_every_part_of_the_site_on_a_phone(site, page):
    page.goto(page.base_url + "/")
    nav = page.get_by_role("navigation", name="主导航")
    links = nav.get_by_role("link")
    assert links.count() == 7
    box = nav.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "the navigation overflows the phone"
    assert nav.get_by_role("link", name="首页").get_attribute("aria-current") == "page"
    for path in PARTS:
        page.goto(page.base_url + "/")
        page.locator(f'nav.site-nav a[href="{path}"]').click()
        page.wait_for_url(page.base_url + path)
        current = page.locator("nav.site-nav a[aria-current=page]")
        assert current.get_attribute("href") == path


def test_the_language_switch_keeps_the_page(site, page):
    page.goto(page.base_url + f"/activities/{site.haircut.pk}/")
    assert page.locator("h1").inner_text() == "免费理发"
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**/en/activities/{site.haircut.pk}/")
    assert "Sign up" in page.locator("h2").first.inner_text()
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_url(page.base_url + f"/activities/{site.haircut.pk}/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_the_home_page_shows_the_network_at_a_glance(site, page):
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "我们的服务中心"
    figures = page.locator(".figures dd").all_inner_texts()
    assert figures == ["5", "24", "2"]  # volunteers, person-times served, centers
    offer = page.locator(".tiles").inner_text()
    for service in ("免费理发", "法律法规免费咨询", "矛盾纠纷调解", "E修就好", "预约活动室"):
        assert service in offer
    assert "023-68000002" in page.locator("#centers").inner_text()
