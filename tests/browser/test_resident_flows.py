"""What residents click through on their phones, and what staff do with it in
the admin, in a real browser against a live server."""

from datetime import time

import pytest

from centers.roles import Role
from services.models import RepairOrder, RepairStatus, VenueBooking
from tests.browser.conftest import login
from tests.factories import (
    CenterFactory,
    CommunityFactory,
    RepairServiceFactory,
    TechnicianFactory,
    staff_user,
    valid_id_number,
)
from tests.services.bookings import open_room
from volunteers.models import Volunteer

PASSWORD = "correct horse battery staple"


@pytest.fixture
def jiulong(transactional_db):
    center = CenterFactory(name="九龙社工中心", kind="street_center")
    community = CommunityFactory(street=center.street, name="彩云湖社区")
    staff = staff_user(Role.STAFF, centers=[center], username="staff")
    return center, community, staff


def staff_page(browser, page):
    """A second browser, the center's, beside the resident's phone."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    staff = context.new_page()
    staff.base_url = page.base_url
    staff.set_default_timeout(15_000)
    return staff


def test_a_resident_applies_as_a_volunteer_and_staff_approve_it(jiulong, page, browser):
    _center, community, _staff = jiulong
    good_id = valid_id_number()
    wrong_id = good_id[:17] + ("0" if good_id[-1] != "0" else "1")

    page.goto(page.base_url + "/volunteers/join/")
    page.fill("#id_name", "李某某")
    page.fill("#id_id_number", wrong_id)
    page.check("#id_gender_0")
    page.fill("#id_birth_date", "1990-03-07")
    page.fill("#id_phone", "13812341234")
    page.select_option("#id_community", str(community.pk))
    page.check("input[name=availability][value=weekends]")
    page.check("#id_consent")
    page.get_by_role("button", name="提交申请").click()

    # Refused beside the field, with what was typed kept.
    assert "校验位" in page.locator(".errorlist").first.inner_text()
    assert page.input_value("#id_name") == "李某某"
    assert page.input_value("#id_phone") == "13812341234"
    assert not Volunteer.objects.exists()

    page.fill("#id_id_number", good_id)
    page.check("#id_consent")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/volunteers/join/sent/")
    reference = page.locator(".reference").inner_text()
    applicant = Volunteer.objects.get()
    assert reference == applicant.volunteer_no and applicant.status == "applied"

    staff = staff_page(browser, page)
    login(staff, "staff", PASSWORD)
    staff.goto(staff.base_url + "/admin/volunteers/volunteer/?status__exact=applied")
    staff.locator("input[name=_selected_action]").first.check()
    staff.select_option("select[name=action]", "approve")
    staff.locator("button[name=index]").click()
    assert "1" in staff.locator(".messagelist li").first.inner_text()
    applicant.refresh_from_db()
    assert applicant.status == "active"


def test_a_resident_books_a_repair_follows_it_and_rates_it(jiulong, page, browser):
    center, community, _staff = jiulong
    service = RepairServiceFactory(center=center, name="E修就好", communities=[community])
    TechnicianFactory(service=service, name="王某601")

    page.goto(page.base_url + "/repairs/new/")
    page.fill("#id_name", "苏女士")
    page.fill("#id_phone", "13812341234")
    page.select_option("#id_community", str(community.pk))
    page.fill("#id_address", "金鱼社区5栋1单元302")
    page.check("input[name=category][value=door_lock]")
    page.fill("#id_description", "卫生间的门坏了，关不上。")
    page.check("#id_consent")
    page.get_by_role("button", name="提交报修").click()
    page.wait_for_url("**/repairs/*/")
    tracking = page.url
    assert "138****1234" in page.content() and "13812341234" not in page.content()
    order = RepairOrder.objects.get()

    staff = staff_page(browser, page)
    login(staff, "staff", PASSWORD)
    for step in (RepairStatus.DISPATCHED, RepairStatus.ON_SITE, RepairStatus.DONE):
        staff.goto(f"{staff.base_url}/admin/services/repairorder/{order.pk}/move/{step}/")
        if step == RepairStatus.DISPATCHED:
            staff.select_option("#id_technician", label="王某601")
        staff.locator("input[type=submit]").click()
        page.goto(tracking)
        assert str(RepairStatus(step).label) in page.locator(".timeline").inner_text()
    assert "王某601" in page.content()

    page.check("input[name=rating][value='5']")
    page.fill("#id_comment", "又快又好。")
    page.get_by_role("button", name="提交评价").click()
    order.refresh_from_db()
    assert order.status == RepairStatus.DONE and order.rating == 5
    assert "又快又好" in page.content()


def test_a_resident_asks_for_a_room(jiulong, page):
    center, _community, _staff = jiulong
    open_room(center, name="声乐室", capacity=25, opens=time(8, 30), closes=time(20, 30))

    page.goto(page.base_url + "/venues/")
    page.locator("a.free").first.click()
    page.wait_for_url("**/venues/*/book/**")
    page.fill("#id_name", "王某901")
    page.fill("#id_phone", "13900009999")
    page.fill("#id_organization_name", "彩云湖社区艺术团合唱队")
    page.fill("#id_purpose", "合唱排练")
    page.fill("#id_people", "20")
    page.check("#id_consent")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/venues/")
    assert "139****9999" in page.content()
    booking = VenueBooking.objects.get()
    assert booking.status == "requested" and booking.people == 20
