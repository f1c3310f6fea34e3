"""Repairs in the admin: staff enter phone and WeChat orders, move orders with
the status buttons, see the waiting ones by how close they are to missing the
target; cancelled orders are read-only; every page is scoped to the centers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from services.models import HouseholdPlan, RepairChannel, RepairEvent, RepairOrder, RepairStatus
from services.services.repairs import repair_order_move
from tests.conftest import client_for
from tests.factories import HouseholdFactory, RepairOrderFactory, RepairServiceFactory
from tests.services.test_repair_new import image_bytes

S = RepairStatus
ADD = reverse("admin:services_repairorder_add")
LIST = reverse("admin:services_repairorder_changelist")
INLINES = {
    f"{prefix}-{key}": 0
    for prefix in ("parts", "events")
    for key in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def phone_order(service, **overrides):
    return {
        "service": service.pk,
        "channel": "phone",
        "name": "王某801",
        "phone": "13900001111",
        "community": service.communities.get().pk,
        "address": "2栋1单元201",
        "category": "plumbing",
        "description": "厨房水龙头漏水",
        "preferred_time": "下午",
        "consent": "on",
        **INLINES,
        **overrides,
    }


def change_url(order):
    return reverse("admin:services_repairorder_change", args=[order.pk])


def move_url(order, to):
    return reverse("admin:services_repairorder_move", args=[order.pk, to])


def test_staff_enter_a_phone_order(world, service):
    page = client_for(world.staff_a).get(ADD).text
    assert 'name="channel"' in page and 'name="consent"' in page
    response = client_for(world.staff_a).post(ADD, phone_order(service))
    assert response.status_code == 302
    order = RepairOrder.objects.get()
    assert (order.channel, order.status, order.name) == (
        RepairChannel.PHONE,
        S.SUBMITTED,
        "王某801",
    )
    assert order.respond_by == order.submitted_at + timedelta(minutes=60)
    event = RepairEvent.objects.get(order=order)
    assert (event.status, event.by) == (S.SUBMITTED, world.staff_a)
    assert order.history.get().history_user == world.staff_a


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"consent": ""}, "这个字段是必填项。"),
        ({"channel": "web"}, "选择一个有效的选项"),
        ({"phone": "110"}, "请输入 11 位手机号码"),
    ],
)
def test_bad_phone_orders_are_refused(world, service, change, message):
    response = client_for(world.staff_a).post(ADD, phone_order(service, **change))
    assert response.status_code == 200
    assert message in response.text
    assert not RepairOrder.objects.exists()


def test_a_community_the_service_does_not_serve_is_refused(world, service):
    other = RepairServiceFactory(center=world.a)
    response = client_for(world.staff_a).post(
        ADD, phone_order(service, community=other.communities.get().pk)
    )
    assert "不为该社区提供服务" in response.text
    assert not RepairOrder.objects.exists()


def test_another_centers_service_cannot_be_chosen(world, service):
    response = client_for(world.staff_b).post(ADD, phone_order(service))
    assert "选择一个有效的选项" in response.text
    assert not RepairOrder.objects.exists()


def test_staff_move_an_order_with_the_buttons(world, service, technician):
    order = RepairOrderFactory(service=service)
    client = client_for(world.staff_a)
    page = client.get(change_url(order)).text
    assert move_url(order, "dispatched") in page and move_url(order, "cancelled") in page
    assert move_url(order, "done") not in page

    form = client.get(move_url(order, "dispatched"))
    assert technician.name in form.text
    response = client.post(move_url(order, "dispatched"), {"technician": technician.pk})
    assert response.status_code == 302
    client.post(move_url(order, "on_site"), {"note": "已到门口"})
    order.refresh_from_db()
    assert (order.status, order.technician) == (S.ON_SITE, technician)
    assert [(e.status, e.by) for e in order.events.all()] == [
        (S.SUBMITTED, None),
        (S.DISPATCHED, world.staff_a),
        (S.ON_SITE, world.staff_a),
    ]


def test_dispatching_without_a_technician_is_refused(world, service, technician):
    order = RepairOrderFactory(service=service)
    response = client_for(world.staff_a).post(move_url(order, "dispatched"), {})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.text
    assert RepairOrder.objects.get().status == S.SUBMITTED


def test_a_wrong_step_is_refused_with_its_reason(world, service):
    order = RepairOrderFactory(service=service)
    response = client_for(world.staff_a).post(move_url(order, "done"), {}, follow=True)
    assert "只有维修师傅上门后，才能标记为已完成。" in response.text
    assert RepairOrder.objects.get().status == S.SUBMITTED
    assert client_for(world.staff_a).get(move_url(order, "flying")).status_code == 404


def test_a_cancelled_order_is_read_only(world, service):
    order = repair_order_move(order=RepairOrderFactory(service=service), to=S.CANCELLED)
    client = client_for(world.staff_a)
    page = client.get(change_url(order))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert move_url(order, "dispatched") not in page.text
    assert client.post(change_url(order), {"name": "改名"}).status_code == 403
    response = client.post(move_url(order, "dispatched"), {}, follow=True)
    assert "该报修单已取消，不能再更改。" in response.text
    assert RepairOrder.objects.get().name != "改名"


def test_leaders_may_not_move_orders_and_other_centers_see_nothing(world, service):
    order = RepairOrderFactory(service=service)
    assert client_for(world.leader_s1).get(move_url(order, "cancelled")).status_code == 403
    assert client_for(world.staff_b).get(move_url(order, "cancelled")).status_code == 404
    assert client_for(world.leader_s2).get(change_url(order)).status_code == 404
    assert RepairOrder.objects.get().status == S.SUBMITTED


def test_leaders_see_the_phone_masked(world, service):
    order = RepairOrderFactory(service=service, phone="13812341234")
    leader = client_for(world.leader_s1).get(change_url(order)).text
    assert "138****1234" in leader and "13812341234" not in leader
    assert "13812341234" in client_for(world.staff_a).get(change_url(order)).text


def test_the_list_opens_on_the_waiting_orders_by_their_deadline_and_missed_ones_say_so(
    world, service, technician
):
    now = timezone.now()
    done = RepairOrderFactory(service=service, name="已完成", at=now - timedelta(minutes=20))
    for step in (S.DISPATCHED, S.ON_SITE, S.DONE):
        repair_order_move(order=done, to=step, technician=technician)
    fresh = RepairOrderFactory(service=service, name="刚下单", at=now - timedelta(minutes=5))
    late = RepairOrderFactory(service=service, name="已超时", at=now - timedelta(minutes=75))
    close = RepairOrderFactory(service=service, name="快超时", at=now - timedelta(minutes=50))
    came_late = RepairOrderFactory(service=service, at=now - timedelta(minutes=200))
    repair_order_move(order=came_late, to=S.DISPATCHED, technician=technician)
    repair_order_move(order=came_late, to=S.ON_SITE)
    client = client_for(world.staff_a)
    board = client.get(LIST)
    assert [o.pk for o in board.context["cl"].result_list] == [late.pk, close.pk, fresh.pk]
    assert "已超时 15 分钟" in board.text
    assert "剩余 10 分钟" in board.text
    everything = client.get(LIST, {"response": "all"})
    assert [o.pk for o in everything.context["cl"].result_list] == [
        fresh.pk,
        done.pk,
        close.pk,
        late.pk,
        came_late.pk,
    ]
    assert "✓ 20 分钟" in everything.text
    assert "超时上门：200 分钟" in everything.text


def test_the_response_filter_finds_the_missed_orders(world, service):
    now = timezone.now()
    RepairOrderFactory(service=service, at=now - timedelta(minutes=5))
    late = RepairOrderFactory(service=service, at=now - timedelta(minutes=90))
    response = client_for(world.staff_a).get(LIST, {"response": "overdue"})
    assert [o.pk for o in response.context["cl"].result_list] == [late.pk]


def test_orders_without_a_valid_plan_are_marked(world, service):
    paid = HouseholdFactory(service=service, phone="13900000001")
    HouseholdPlan.objects.create(
        household=paid,
        starts_on=timezone.localdate() - timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=300),
    )
    lapsed = HouseholdFactory(service=service, phone="13900000002")
    HouseholdPlan.objects.create(
        household=lapsed, starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31)
    )
    on_plan = RepairOrderFactory(service=service, phone="13900000001")
    RepairOrderFactory(service=service, phone="13900000002")
    RepairOrderFactory(service=service, phone="13900000003")
    client = client_for(world.staff_a)
    valid = client.get(LIST, {"plan": "valid", "response": "all"}).context["cl"].result_list
    assert [o.pk for o in valid] == [on_plan.pk]
    none = client.get(LIST, {"plan": "none", "response": "all"}).context["cl"].result_list
    assert len(none) == 2


def test_the_fee_is_the_sum_of_the_parts(world, service):
    with_parts = RepairOrderFactory(service=service)
    with_parts.parts.create(name="锁芯", quantity=1, unit_price="45.00")
    with_parts.parts.create(name="合页", quantity=2, unit_price="8.50")
    RepairOrderFactory(service=service)
    orders = RepairOrder.objects.with_fee().order_by("pk")
    assert [o.fee for o in orders] == [Decimal("62.00"), Decimal(0)]
    page = client_for(world.staff_a).get(LIST).text
    assert "62.00" in page and "0.00" in page


def test_the_list_does_not_run_a_query_per_order(world, service, technician):
    client = client_for(world.staff_a)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    RepairOrderFactory(service=service)
    few = queries()
    for _ in range(6):
        order = RepairOrderFactory(service=service)
        repair_order_move(order=order, to=S.DISPATCHED, technician=technician)
    assert queries() == few


def test_staff_see_the_photo_of_their_centers_orders_only(world, service, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.services.test_repair_new import form

    client.post(
        "/repairs/new/",
        {**form(service), "photo": SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg")},
    )
    order = RepairOrder.objects.get()
    photo = reverse("admin:services_repairorder_photo", args=[order.pk])
    assert client_for(world.staff_a).get(photo).status_code == 200
    assert photo in client_for(world.staff_a).get(change_url(order)).text
    assert client_for(world.staff_b).get(photo).status_code == 404
    assert client.get(photo).status_code == 302  # anonymous: to the login


def test_a_plan_is_renewed_for_a_year(world, service):
    household = HouseholdFactory(service=service)
    HouseholdPlan.objects.create(
        household=household, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    with time_machine.travel(date(2026, 12, 20), tick=False):
        response = client_for(world.staff_a).post(
            reverse("admin:services_household_changelist"),
            {"action": "renew_plan", "_selected_action": [household.pk]},
        )
    assert response.status_code == 302
    latest = household.plans.order_by("-ends_on").first()
    assert (latest.starts_on, latest.ends_on, str(latest.fee)) == (
        date(2027, 1, 1),
        date(2027, 12, 31),
        "36.50",
    )


def test_refusals_are_explained_in_english_too(world, service):
    order = repair_order_move(order=RepairOrderFactory(service=service), to=S.CANCELLED)
    client = client_for(world.staff_a)
    response = client.post(f"/en{move_url(order, 'dispatched')}", {}, follow=True)
    assert "This order was cancelled; it can no longer change." in response.text
    refused = client.post(f"/en{ADD}", phone_order(service, consent=""))
    assert "This field is required." in refused.text
    assert RepairOrder.objects.count() == 1
