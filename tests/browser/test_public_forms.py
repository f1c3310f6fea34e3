"""The residents' four forms (volunteer application, sign-up, repair, room
request) share one look and one way to refuse: a summary on top, the reason
beside the field (linked to it for screen readers), what was typed kept, and
nothing saved."""

import pytest

from services.models import RepairOrder, Signup, VenueBooking
from tests.browser import site as demo
from volunteers.models import Volunteer


def volunteer_application(page, site):
    page.goto(page.base_url + "/volunteers/join/")
    page.fill("#id_name", "李某某")
    page.fill("#id_id_number", "510104199003070011")
    page.check("#id_gender_0")
    page.fill("#id_birth_date", "1990-03-07")
    page.select_option("#id_community", str(site.community.pk))
    page.check("input[name=availability][value=weekends]")
    return Volunteer.objects.filter(name="李某某")


def sign_up(page, site):
    page.goto(page.base_url + f"/activities/{site.haircut.pk}/")
    page.fill("#id_name", "李某某")
    page.fill("#id_people", "2")
    return Signup.objects.filter(name="李某某")


def repair(page, site):
    page.goto(page.base_url + "/repairs/new/")
    page.fill("#id_name", "李某某")
    page.select_option("#id_community", str(site.community.pk))
    page.fill("#id_address", "彩云湖社区5栋1单元302")
    page.check("input[name=category][value=door_lock]")
    page.fill("#id_description", "门锁坏了。")
    return RepairOrder.objects.filter(name="李某某")


def room_request(page, site):
    page.goto(page.base_url + "/venues/")
    page.locator("a.free").first.click()
    page.wait_for_url("**/venues/*/book/**")
    page.fill("#id_name", "李某某")
    page.fill("#id_organization_name", "合唱队")
    page.fill("#id_purpose", "合唱排练")
    page.fill("#id_people", "20")
    return VenueBooking.objects.filter(name="李某某")


# What the form's fields hold, the consent ticked included.
VALUES = """f => [...f.elements]
  .filter(e => e.name && e.type !== "hidden" && e.tagName !== "BUTTON")
  .map(e => [e.name, e.type === "checkbox" || e.type === "radio" ? e.checked : e.value])"""

FORMS = {
    "volunteer application": volunteer_application,
    "sign-up": sign_up,
    "repair": repair,
    "room request": room_request,
}


@pytest.mark.parametrize("form", FORMS)
def test_a_refused_form_says_why_beside_the_field_and_keeps_what_was_typed(
    transactional_db, page, form
):
    site = demo.build()
    saved = FORMS[form](page, site)
    page.fill("#id_phone", "12345")  # not a phone number
    page.check("#id_consent")
    typed = page.locator("form.public").evaluate(VALUES)
    page.locator(
        "form.public button.button[type=submit], form.public button.button:not([type])"
    ).click()
    page.wait_for_load_state()

    assert page.locator("form.public .form-summary[role=alert]").count() == 1
    phone = page.locator("#id_phone")
    assert phone.get_attribute("aria-invalid") == "true"
    described_by = phone.get_attribute("aria-describedby").split()
    error = page.locator(f"#{next(i for i in described_by if i.endswith('_error'))}")
    assert error.get_attribute("class") == "errorlist" and error.inner_text()
    assert error.locator("xpath=..").get_attribute("class") == "field required has-error"
    assert page.locator("form.public").evaluate(VALUES) == typed
    assert not saved.exists()
    assert page.external_requests == []
