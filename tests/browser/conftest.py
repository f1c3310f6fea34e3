"""Browser tests: Playwright driving Debian's Chromium (never a downloaded one)
against a live server, at phone width, in Chinese. A failing test leaves a
screenshot in test-results/browser/."""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an event loop on this thread, which makes Django's
# ORM refuse to run here (as Playwright's own pytest plugin documents).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
SCREENSHOTS = RESULTS / "browser"
PHONE = {"width": 360, "height": 740}
# Without these, Chromium reaches for Google's hosts, which this network refuses.
QUIET = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# The lists the data migrations fill (target groups, service fields, incubation
# stages): a transactional test empties every table after it, so each browser
# test puts them back first.
LIST_MIGRATIONS = [
    ("centers.migrations.0003_incubation_stages", "create_lists"),
    ("services.migrations.0005_target_groups", "create_groups"),
]


@pytest.fixture(autouse=True)
def _lists_and_a_clean_cache(transactional_db):
    for module, function in LIST_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    # Rate-limit counts and the home page's figures start afresh.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=QUIET)
        yield browser
        browser.close()


def phone_page(browser, live_server, **options):
    """A phone-sized page in Chinese; external requests are recorded and aborted."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.external_requests = []

    def guard(route):
        if route.request.url.startswith(live_server.url):
            return route.continue_()
        page.external_requests.append(route.request.url)
        return route.abort()

    page.route("**/*", guard)
    page.base_url = live_server.url
    return page


def screenshot_on_failure(page, request):
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{request.node.name}.png", full_page=True)


@pytest.fixture
def page(browser, live_server, request):
    """A phone-sized page in Chinese, with scripts."""
    page = phone_page(browser, live_server)
    yield page
    screenshot_on_failure(page, request)
    page.context.close()


@pytest.fixture
def page_without_js(browser, live_server, request):
    """The same phone with JavaScript switched off."""
    page = phone_page(browser, live_server, java_script_enabled=False)
    yield page
    screenshot_on_failure(page, request)
    page.context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page and return the violations of those impacts."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def login(page, username, password):
    page.goto(f"{page.base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
