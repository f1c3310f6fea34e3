"""The reports feed: orders per month and community, median and 90th-percentile
response time, share within the target and average rating, with known answers
on SQLite and PostgreSQL (months in local time)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from services.models import RepairOrder, RepairStatus
from services.selectors.repairs import (
    figures_in_python,
    figures_in_sql,
    percentile,
    repair_figures,
)
from services.services.repairs import repair_order_move, repair_order_rate
from tests.factories import CommunityFactory, RepairOrderFactory, TechnicianFactory

S = RepairStatus
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 15, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def order(service, community, submitted, minutes=None, rating=None, cancel=False):
    made = RepairOrderFactory(service=service, community=community, at=submitted)
    if cancel:
        return repair_order_move(order=made, to=S.CANCELLED, at=submitted)
    if minutes is None:
        return made
    technician = service.technicians.first()
    repair_order_move(order=made, to=S.DISPATCHED, technician=technician, at=submitted)
    made = repair_order_move(order=made, to=S.ON_SITE, at=submitted + timedelta(minutes=minutes))
    if rating:
        made = repair_order_move(
            order=made, to=S.DONE, at=submitted + timedelta(minutes=minutes + 30)
        )
        repair_order_rate(order=made, rating=rating)
    return made


@pytest.fixture
def orders(service):
    x = service.communities.get()
    y = CommunityFactory(street=x.street, name="社区Y")
    service.communities.add(y)
    TechnicianFactory(service=service)
    sept = datetime(2026, 9, 3, 10, 0, tzinfo=SHANGHAI)
    for minutes, rating in ((10, 5), (20, 4), (30, 3), (40, None), (100, None)):
        order(service, x, sept, minutes, rating)
    order(service, x, NOW - timedelta(minutes=90))  # waiting, past its target: November
    order(service, x, datetime(2026, 9, 30, 23, 30, tzinfo=SHANGHAI))  # waiting, overdue
    order(service, x, sept, cancel=True)
    order(service, y, sept, 50, 2)
    # 00:10 on 1 October in Shanghai is still 30 September in UTC: it counts in October.
    order(service, x, datetime(2026, 10, 1, 0, 10, tzinfo=SHANGHAI), 15)
    order(service, x, datetime(2026, 10, 20, 9, 0, tzinfo=SHANGHAI), 45)
    return x, y


def test_percentiles_interpolate_between_ranks():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([100, 10, 40, 20, 30], 0.5) == 30
    assert percentile([10, 20, 30, 40, 100], 0.9) == pytest.approx(76)


def test_figures_per_month_and_community(orders, service):
    x, y = orders
    figures = repair_figures(
        RepairOrder.objects.all(), since=date(2026, 9, 1), until=date(2026, 10, 31)
    )
    rows = {(f.month, f.community): f for f in figures}
    assert list(rows) == [
        (date(2026, 9, 1), x),
        (date(2026, 9, 1), y),
        (date(2026, 10, 1), x),
    ]

    september = rows[(date(2026, 9, 1), x)]
    assert (september.orders, september.on_site) == (7, 5)
    assert (september.within_target, september.missed_target) == (4, 2)  # 100 min; overdue
    assert september.share_within_target == pytest.approx(4 / 6)
    assert september.median_minutes == 30
    assert september.p90_minutes == pytest.approx(76)
    assert (september.rated, september.average_rating) == (3, pytest.approx(4.0))

    other = rows[(date(2026, 9, 1), y)]
    assert (other.orders, other.median_minutes, other.p90_minutes) == (1, 50, 50)
    assert (other.share_within_target, other.average_rating) == (1.0, 2)

    october = rows[(date(2026, 10, 1), x)]
    assert (october.orders, october.median_minutes) == (2, 30)
    assert october.p90_minutes == pytest.approx(42)
    assert (october.rated, october.average_rating) == (0, None)


def test_figures_per_month_for_a_whole_street(orders):
    figures = repair_figures(
        RepairOrder.objects.all(),
        since=date(2026, 9, 1),
        until=date(2026, 9, 30),
        by_community=False,
    )
    [september] = figures
    assert (september.community, september.orders, september.on_site) == (None, 8, 6)
    assert september.median_minutes == 35  # 10 20 30 40 50 100
    assert september.share_within_target == pytest.approx(5 / 7)


def test_the_figures_take_two_queries(orders, django_assert_num_queries):
    # 1 the period's orders (a few columns); 2 their communities
    with django_assert_num_queries(2):
        repair_figures(RepairOrder.objects.all(), since=date(2026, 1, 1), until=date(2026, 12, 31))


def test_the_figures_follow_the_given_scope(orders, world):
    assert (
        repair_figures(
            RepairOrder.objects.visible_to(world.staff_b),
            since=date(2026, 1, 1),
            until=date(2026, 12, 31),
        )
        == []
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL path is PostgreSQL's")
def test_the_sql_and_python_paths_agree(orders):
    period = RepairOrder.objects.all()
    for by_community in (True, False):
        in_sql = figures_in_sql(period, by_community=by_community)
        in_python = figures_in_python(period, by_community=by_community)
        assert len(in_sql) == len(in_python) == (4 if by_community else 3)
        for sql_row, python_row in zip(in_sql, in_python, strict=True):
            assert sql_row.keys() == python_row.keys()
            for key, value in sql_row.items():
                assert value == pytest.approx(python_row[key]), (key, sql_row, python_row)
