"""The error pages a resident may meet: not found in the page's language, and
the server's failures (500, 503) in both languages at once, since they are
shown without knowing the request; each is accessible and loads nothing from
elsewhere."""

import pytest

from tests.browser.checks import csp_problems, sideways_scroll, tap_target_problems
from tests.browser.conftest import axe_violations


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.browser.error_urls"


@pytest.mark.parametrize(
    ("path", "language", "title"),
    [("/no-such-page/", "zh-hans", "页面不存在"), ("/en/no-such-page/", "en", "Page not found")],
)
def test_a_page_that_does_not_exist_says_so_in_its_language(page, path, language, title):
    response = page.goto(page.base_url + path)
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == title
    # A way back, and the site's navigation and language switch.
    assert page.locator("main a.button").count() == 3
    assert page.locator("nav.site-nav a").count() == 7
    assert page.locator(".language-switch button").count() == 2
    assert csp_problems(response) == []
    assert axe_violations(page) == []
    assert tap_target_problems(page) == [] and sideways_scroll(page) == []
    assert page.external_requests == []


@pytest.mark.parametrize(
    ("path", "status", "chinese", "english"),
    [
        ("/test-errors/500/", 500, "服务暂时不可用", "Service unavailable"),
        ("/test-errors/503/", 503, "请稍后再试", "Please try again shortly"),
    ],
)
def test_a_failure_is_explained_in_both_languages(
    failing_urls, page, path, status, chinese, english
):
    response = page.goto(page.base_url + path)
    assert response.status == status
    headings = page.locator("h1").all_inner_texts()
    assert headings == [chinese, english]
    assert page.locator("section[lang=en] h1").inner_text() == english
    assert page.get_by_role("link", name="返回首页").get_attribute("href") == "/"
    assert page.get_by_role("link", name="Back to the home page").get_attribute("href") == "/en/"
    text = page.content()
    assert "Traceback" not in text and "RuntimeError" not in text and "OperationalError" not in text
    assert csp_problems(response) == []
    assert axe_violations(page) == []
    assert tap_target_problems(page) == [] and sideways_scroll(page) == []
    assert page.external_requests == []
