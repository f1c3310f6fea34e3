"""The status flow of a repair order: each allowed step, each refused one, and
the times the system stamps on them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from services.models import TRANSITIONS, RepairEvent, RepairOrder, RepairStatus
from services.services.repairs import repair_order_move
from tests.factories import RepairOrderFactory, TechnicianFactory

S = RepairStatus
SUBMITTED_AT = datetime(2026, 9, 10, 23, 40, tzinfo=ZoneInfo("Asia/Shanghai"))


def order_in(status, service, technician):
    """An order brought to `status` along the allowed path."""
    order = RepairOrderFactory(service=service, at=SUBMITTED_AT)
    path = {
        S.SUBMITTED: [],
        S.DISPATCHED: [S.DISPATCHED],
        S.ON_SITE: [S.DISPATCHED, S.ON_SITE],
        S.DONE: [S.DISPATCHED, S.ON_SITE, S.DONE],
        S.CANCELLED: [S.CANCELLED],
    }[status]
    for minutes, step in enumerate(path, start=1):
        order = repair_order_move(
            order=order,
            to=step,
            technician=technician,
            at=SUBMITTED_AT + timedelta(minutes=10 * minutes),
        )
    return order


ALLOWED = [(a, b) for a in S for b in TRANSITIONS[a]]
REFUSED = [(a, b) for a in S for b in S if b not in TRANSITIONS[a]]


def test_the_flow_is_the_one_the_issue_describes():
    assert TRANSITIONS == {
        S.SUBMITTED: (S.DISPATCHED, S.CANCELLED),
        S.DISPATCHED: (S.DISPATCHED, S.ON_SITE, S.CANCELLED),
        S.ON_SITE: (S.DONE, S.CANCELLED),
        S.DONE: (),
        S.CANCELLED: (),
    }


@pytest.mark.parametrize(("current", "wanted"), ALLOWED, ids=lambda s: str(s))
def test_each_allowed_step_is_taken_and_recorded(service, technician, current, wanted):
    order = order_in(current, service, technician)
    events_before = order.events.count()
    with time_machine.travel(SUBMITTED_AT + timedelta(hours=2), tick=False):
        moved = repair_order_move(order=order, to=wanted, technician=technician, note="ok")
    assert moved.status == wanted
    latest = moved.events.last()
    assert moved.events.count() == events_before + 1
    assert (latest.status, latest.note) == (wanted, "ok")
    assert latest.at == SUBMITTED_AT + timedelta(hours=2)


@pytest.mark.parametrize(("current", "wanted"), REFUSED, ids=lambda s: str(s))
def test_each_other_step_is_refused_and_changes_nothing(service, technician, current, wanted):
    order = order_in(current, service, technician)
    before = (order.status, order.events.count(), order.on_site_at, order.closed_at)
    with pytest.raises(ValidationError):
        repair_order_move(order=order, to=wanted, technician=technician)
    order.refresh_from_db()
    assert (order.status, order.events.count(), order.on_site_at, order.closed_at) == before


def test_done_before_on_site_is_refused_with_a_clear_message(service, technician):
    order = order_in(S.DISPATCHED, service, technician)
    with pytest.raises(ValidationError) as refused:
        repair_order_move(order=order, to=S.DONE)
    assert refused.value.messages == ["只有维修师傅上门后，才能标记为已完成。"]


def test_nothing_changes_after_a_cancel(service, technician):
    order = order_in(S.CANCELLED, service, technician)
    for wanted in S:
        with pytest.raises(ValidationError) as refused:
            repair_order_move(order=order, to=wanted, technician=technician)
        assert refused.value.messages == ["该报修单已取消，不能再更改。"]


def test_dispatching_needs_a_technician_of_the_same_service(service, technician):
    order = order_in(S.SUBMITTED, service, technician)
    with pytest.raises(ValidationError):
        repair_order_move(order=order, to=S.DISPATCHED)
    stranger = TechnicianFactory()
    with pytest.raises(ValidationError):
        repair_order_move(order=order, to=S.DISPATCHED, technician=stranger)
    assert RepairOrder.objects.get(pk=order.pk).status == S.SUBMITTED


def test_sending_another_technician_is_recorded(service, technician):
    order = order_in(S.DISPATCHED, service, technician)
    second = TechnicianFactory(service=service)
    order = repair_order_move(order=order, to=S.DISPATCHED, technician=second)
    assert order.technician == second
    assert [e.technician for e in order.events.filter(status=S.DISPATCHED)] == [technician, second]


def test_the_system_stamps_the_times_and_the_response(service, technician):
    with time_machine.travel(SUBMITTED_AT, tick=False):
        order = RepairOrderFactory(service=service)
    assert order.submitted_at == SUBMITTED_AT
    assert order.respond_by == SUBMITTED_AT + timedelta(minutes=60)
    with time_machine.travel(SUBMITTED_AT + timedelta(minutes=5), tick=False):
        repair_order_move(order=order, to=S.DISPATCHED, technician=technician)
    with time_machine.travel(SUBMITTED_AT + timedelta(minutes=45), tick=False):
        order = repair_order_move(order=order, to=S.ON_SITE)
    # Across midnight: 23:40 → 00:25.
    assert order.on_site_at == SUBMITTED_AT + timedelta(minutes=45)
    assert (order.response_seconds, order.response_minutes, order.within_target) == (2700, 45, True)
    assert list(order.events.values_list("status", flat=True)) == [
        S.SUBMITTED,
        S.DISPATCHED,
        S.ON_SITE,
    ]


def test_a_paused_clock_gives_the_response_in_running_time(settings, service, technician):
    settings.REPAIR_CLOCK_HOURS = "08:00-20:00"
    evening = SUBMITTED_AT.replace(hour=19, minute=50)
    order = RepairOrderFactory(service=service, at=evening)
    assert order.respond_by == evening.replace(day=11, hour=8, minute=50)
    repair_order_move(order=order, to=S.DISPATCHED, technician=technician, at=evening)
    order = repair_order_move(
        order=order, to=S.ON_SITE, at=evening.replace(day=11, hour=8, minute=20)
    )
    assert order.response_minutes == 30
    assert order.within_target is True


def test_late_orders_miss_the_target(service, technician):
    order = RepairOrderFactory(service=service, at=SUBMITTED_AT)
    repair_order_move(order=order, to=S.DISPATCHED, technician=technician, at=SUBMITTED_AT)
    order = repair_order_move(order=order, to=S.ON_SITE, at=SUBMITTED_AT + timedelta(minutes=61))
    assert order.within_target is False


def test_a_waiting_order_past_its_deadline_has_missed_it(service):
    order = RepairOrderFactory(service=service, at=SUBMITTED_AT)
    with time_machine.travel(SUBMITTED_AT + timedelta(minutes=59), tick=False):
        assert order.within_target is None
    with time_machine.travel(SUBMITTED_AT + timedelta(minutes=61), tick=False):
        assert order.within_target is False


def test_the_database_refuses_a_status_without_its_facts(service):
    order = RepairOrderFactory(service=service)
    for change in ({"status": S.DISPATCHED}, {"status": S.ON_SITE}, {"rating": 5}, {"rating": 9}):
        with pytest.raises(IntegrityError), transaction.atomic():
            RepairOrder.objects.filter(pk=order.pk).update(**change)
    assert RepairEvent.objects.filter(order=order).count() == 1
