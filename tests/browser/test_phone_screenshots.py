"""Screenshots of the home page and an activity's page on a 360 px phone, in
Chinese, with the demo-like network of tests/browser/site.py: saved to
test-results/screenshots/ (home.png, activity.png) on every run, for people to
look at; the test checks what a resident sees first."""

from tests.browser import site as demo
from tests.browser.conftest import RESULTS

SHOTS = RESULTS / "screenshots"


def test_the_home_and_activity_pages_on_a_phone(transactional_db, page):
    site = demo.build()
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(page.base_url + "/")
    page.screenshot(path=SHOTS / "home.png", full_page=True)
    # The first screen: the site's name, the language switch, the navigation and the title.
    for seen in ("header .brand", ".language-switch", "nav.site-nav", "h1"):
        box = page.locator(seen).bounding_box()
        assert box["y"] + box["height"] <= 740, f"{seen} is below the first screen"

    page.goto(page.base_url + f"/activities/{site.haircut.pk}/")
    page.screenshot(path=SHOTS / "activity.png", full_page=True)
    assert page.locator("h1").inner_text() == "免费理发"
    # The sign-up form starts within two screens.
    assert page.locator("form.public").bounding_box()["y"] < 2 * 740
