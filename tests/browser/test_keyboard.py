"""The site by keyboard alone: a skip link first, every link of the navigation
reached in order with a visible focus ring, and a sign-up filled in and sent
without the mouse."""

from services.models import Signup
from tests.browser import site as demo

FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute("href"),
          name: el.getAttribute("name"), outline: style.outlineStyle,
          inNav: el.closest("nav.site-nav") !== null,
          width: parseFloat(style.outlineWidth), inView: box.top >= 0 && box.left >= 0
            && box.right <= innerWidth && box.bottom <= innerHeight};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def test_the_skip_link_comes_first_and_leads_to_the_content(transactional_db, page):
    demo.build()
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["href"] == "#main" and skip["inView"], "the skip link is not shown when focused"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_every_link_of_the_navigation_is_reached_with_a_visible_focus(transactional_db, page):
    demo.build()
    page.goto(page.base_url + "/")
    expected = page.locator("nav.site-nav a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["inNav"]:
            assert now["outline"] != "none" and now["width"] >= 2, f"no focus ring on {now['href']}"
            reached.append(now["href"])
        if len(reached) == len(expected):
            break
    assert reached == expected


def test_a_resident_signs_up_by_keyboard_alone(transactional_db, page):
    site = demo.build()
    page.goto(page.base_url + f"/activities/{site.haircut.pk}/")
    page.focus("#id_name")
    page.keyboard.type("王大爷")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "phone"
    page.keyboard.type("13700002222")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "people"
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "button"
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/signup/**")
    assert Signup.objects.filter(name="王大爷", people=1).exists()
