"""A staff member records attendance after the haircut: logs in, opens the
occurrence in the admin, its attendance sheet, marks who came, adds a walk-in
and the barber's shift, saves; the person-times served are in the dashboard's
summary table and the barber's hours wait for a director."""

import re
from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from centers.roles import Role
from services.models import ServedDay, Signup, SignupChannel, SignupStatus
from tests.browser.conftest import login
from tests.factories import (
    CenterFactory,
    ShiftRoleFactory,
    SignupFactory,
    VolunteerFactory,
    staff_user,
)
from tests.services.shifts import haircut, shift
from volunteers.models import ServiceHours

PASSWORD = "correct horse battery staple"


def test_a_staff_member_records_attendance(transactional_db, browser, live_server):
    center = CenterFactory(name="九龙社工中心")
    occurrence = haircut(center, day=timezone.localdate() - timedelta(days=1))
    came = SignupFactory(occurrence=occurrence, name="张大爷", people=2)
    stayed_home = SignupFactory(occurrence=occurrence, name="李奶奶")
    barber = shift(
        ShiftRoleFactory(activity=occurrence.activity, name="理发师", slots=2),
        occurrence,
        VolunteerFactory(center=center, name="王师傅"),
    )
    staff_user(Role.STAFF, centers=[center], username="staff")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    staff = context.new_page()
    staff.set_default_timeout(15_000)
    staff.base_url = live_server.url
    login(staff, "staff", PASSWORD)
    staff.goto(staff.base_url + "/admin/services/occurrence/?when=past")
    staff.get_by_role("link", name=str(occurrence)).click()
    staff.wait_for_url(re.compile(f"/admin/services/occurrence/{occurrence.pk}/change/"))
    staff.locator(f"a[href$='/occurrence/{occurrence.pk}/attendance/']").first.click()
    staff.wait_for_url(f"**/occurrence/{occurrence.pk}/attendance/")

    staff.check(f"input[name=signup_{came.pk}][value=attended]")
    staff.check(f"input[name=signup_{stayed_home.pk}][value=no_show]")
    staff.fill("#id_walkin-0-name", "赵大爷")
    staff.fill("#id_walkin-0-people", "3")
    staff.check(f"input[name=shift_{barber.pk}_status][value=served]")
    staff.locator("form input[type=submit]").click()
    staff.wait_for_url(f"**/occurrence/{occurrence.pk}/attendance/")
    assert staff.locator(".messagelist li").count() >= 1
    context.close()

    came.refresh_from_db()
    stayed_home.refresh_from_db()
    assert (came.status, stayed_home.status) == (SignupStatus.ATTENDED, SignupStatus.NO_SHOW)
    walk_in = Signup.objects.get(channel=SignupChannel.WALK_IN)
    assert (walk_in.name, walk_in.people, walk_in.status) == ("赵大爷", 3, SignupStatus.ATTENDED)
    # 2 people who signed up and came + 3 who walked in, in the summary table.
    served = ServedDay.objects.filter(center=center, day=occurrence.rule_date)
    assert served.aggregate(people=Sum("people"))["people"] == 5
    hours = ServiceHours.objects.get(volunteer=barber.volunteer)
    assert hours.status == ServiceHours.Status.RECORDED and hours.hours == 2.5
