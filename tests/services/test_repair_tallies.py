"""The repairs' tally tables kept by the repair services equal the tables rebuilt
from the orders, after a random series of orders, steps, ratings and deletions."""

import contextlib
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from services import tallies
from services.models import RepairMonth, RepairOrder, RepairResponseMinutes, RepairStatus
from services.services.repairs import repair_order_move, repair_order_rate
from tests.factories import RepairOrderFactory

S = RepairStatus
START = datetime(2026, 6, 1, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def snapshot():
    return {
        table.__name__: {
            tuple(getattr(row, k) for k in table.TALLY_KEY): tuple(
                getattr(row, c) for c in table.TALLY_COLUMNS
            )
            for row in table.objects.all()
        }
        for table in (RepairMonth, RepairResponseMinutes)
    }


def test_kept_repair_tallies_equal_rebuilt_ones(world, service, technician):
    rng = random.Random(7)
    admin = site._registry[RepairOrder]
    request = RequestFactory().post("/")
    request.user = world.director_a
    orders = []
    for _step in range(120):
        action = rng.random()
        with contextlib.suppress(ValidationError):  # a refused step changes nothing
            if action < 0.3 or not orders:
                at = START + timedelta(days=rng.randint(0, 75), minutes=rng.randint(0, 900))
                orders.append(RepairOrderFactory(service=service, at=at).pk)
                continue
            order = RepairOrder.objects.filter(pk=rng.choice(orders)).first()
            if order is None:
                continue
            if action < 0.9:
                step = rng.choice([S.DISPATCHED, S.ON_SITE, S.DONE, S.CANCELLED])
                later = order.submitted_at + timedelta(minutes=rng.randint(5, 180))
                repair_order_move(order=order, to=step, technician=technician, at=later)
            elif action < 0.96:
                repair_order_rate(order=order, rating=rng.randint(1, 5))
            else:
                admin.delete_model(request, order)
    kept = snapshot()
    assert kept["RepairMonth"] and kept["RepairResponseMinutes"]
    tallies.rebuild()
    assert snapshot() == kept


def test_an_order_on_site_after_75_minutes_is_late(world, service, technician):
    order = RepairOrderFactory(service=service, at=START)
    order = repair_order_move(
        order=order, to=S.DISPATCHED, technician=technician, at=START + timedelta(minutes=5)
    )
    repair_order_move(order=order, to=S.ON_SITE, at=START + timedelta(minutes=75))
    month = RepairMonth.objects.get()
    assert (month.orders, month.on_site, month.within_target) == (1, 1, 0)
    assert RepairResponseMinutes.objects.get().minutes == 75
