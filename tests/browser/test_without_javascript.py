"""The site reads and submits without JavaScript: a phone with scripts switched
off finds the haircut among what the home page offers, signs up, switches language and
cancels; and a refused form keeps what was typed."""

from services.models import Signup, SignupStatus
from tests.browser import site as demo


def test_a_resident_without_javascript_signs_up_and_cancels(transactional_db, page_without_js):
    page = page_without_js
    site = demo.build()
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "我们的服务中心"
    page.locator(".tiles a", has_text="免费理发").click()
    page.wait_for_url(f"**/activities/{site.haircut.pk}/")

    # Refused beside the field, the rest kept.
    page.fill("#id_name", "李奶奶")
    page.fill("#id_phone", "1381234")
    page.fill("#id_people", "1")
    page.check("#id_consent")
    page.locator("form.public button").click()
    assert page.locator(".has-error #id_phone").count() == 1
    assert page.locator(".form-summary").count() == 1
    assert page.input_value("#id_name") == "李奶奶" and page.input_value("#id_phone") == "1381234"

    page.fill("#id_phone", "13900001111")
    page.check("#id_consent")
    page.locator("form.public button").click()
    page.wait_for_url("**/activities/signup/**")
    signup = Signup.objects.get(name="李奶奶")
    assert signup.status == SignupStatus.CONFIRMED
    assert signup.reference in page.locator(".reference").inner_text()

    # The language switch is a plain form too.
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/activities/signup/**")
    page.get_by_role("link", name="Cancel my sign-up…").click()
    page.get_by_role("button", name="Yes, cancel my sign-up").click()
    assert "Your sign-up is cancelled" in page.content()
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED
    assert page.external_requests == []
