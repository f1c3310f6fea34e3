"""A resident finds the free haircut on a phone, signs up, keeps the link and
cancels; the pages are accessible and load nothing from elsewhere."""

import pytest

from services.models import Signup, SignupStatus, TargetGroup
from services.services.occurrences import occurrences_materialize
from tests.browser.conftest import axe_violations
from tests.factories import ActivityFactory, CenterFactory


@pytest.fixture
def haircut(transactional_db):
    activity = ActivityFactory(
        center=CenterFactory(name="九龙社工中心"),
        title="免费理发",
        description="为辖区老人免费理发",
        rrule="FREQ=MONTHLY;BYDAY=-1WE",
        capacity=20,
        place="社区活动室",
    )
    activity.target_groups.set([TargetGroup.objects.get(code="elderly")])
    occurrences_materialize(activity=activity)
    return activity


def test_a_resident_signs_up_for_the_haircut_and_cancels(haircut, page):
    page.goto(page.base_url + "/en/activities/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="免费理发").first.click()
    assert "every month on the last Wednesday" in page.content()
    assert axe_violations(page) == []
    page.locator("#id_name").fill("张大爷")
    page.locator("#id_phone").fill("13812341234")
    page.locator("#id_people").fill("2")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/activities/signup/**")
    signup = Signup.objects.get()
    assert signup.reference in page.content() and "138****1234" in page.content()
    # With the message on top (in a live region around its list), and without.
    assert axe_violations(page) == []
    page.reload()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Cancel my sign-up…").click()
    page.get_by_role("button", name="Yes, cancel my sign-up").click()
    assert "Your sign-up is cancelled" in page.content()
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED
    assert page.external_requests == []


@pytest.mark.parametrize("path", ["/activities/", "/en/activities/"])
def test_the_activity_pages_pass_axe_in_both_languages(haircut, page, path):
    response = page.goto(page.base_url + path)
    assert response.status == 200
    assert axe_violations(page) == []
    occurrence = haircut.occurrences.order_by("starts_at").first()
    page.goto(page.base_url + f"{path}{occurrence.pk}/")
    assert axe_violations(page) == []
    assert page.external_requests == []
