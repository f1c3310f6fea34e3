"""`load_demo` builds Jinyu's repair service and the rooms' bookings from records."""

from datetime import date, datetime, time
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import F

from services.models import Household, HouseholdPlan, RepairOrder, VenueBooking
from services.selectors.repairs import percentile, repair_figures

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_jinyus_first_month_of_repairs(demo):
    first_month = RepairOrder.objects.filter(
        service__name="E修就好",
        submitted_at__gte=datetime.combine(date(2020, 8, 17), time(0), TZ),
        submitted_at__lt=datetime.combine(date(2020, 9, 17), time(0), TZ),
    )
    assert first_month.count() >= 100  # "已经为辖区居民服务上百次"
    on_site = first_month.exclude(on_site_at=None)
    within = on_site.filter(on_site_at__lte=F("respond_by")).count()
    assert within / on_site.count() >= 0.9  # most within the hour…
    assert on_site.count() - within >= 3  # …a few late
    minutes = [o.response_minutes for o in on_site]
    assert percentile(minutes, 0.5) < 60
    ratings = [o.rating for o in first_month if o.rating]
    assert sum(ratings) / len(ratings) >= 4.3 and len(ratings) < first_month.count()
    assert set(first_month.values_list("channel", flat=True)) == {"web", "phone", "wechat"}
    fees = [o.fee for o in first_month.with_fee()]
    assert Decimal(0) in fees and max(fees) > 0
    assert first_month.with_plan_status().filter(plan_valid=False).count() >= 10


def test_the_reports_feed_reads_the_demo_by_calendar_month(demo):
    august, september = repair_figures(
        RepairOrder.objects.all(), since=date(2020, 8, 1), until=date(2020, 9, 30)
    )
    assert (august.month, september.month) == (date(2020, 8, 1), date(2020, 9, 1))
    assert august.community.name == "金鱼社区"
    assert august.orders + september.orders >= 100
    assert august.share_within_target > 0.85 and august.p90_minutes > august.median_minutes


def test_su_nvshis_bathroom_door(demo):
    su = RepairOrder.objects.with_fee().get(name="苏女士")
    assert (su.category, su.channel, su.status) == ("door_lock", "web", "done")
    assert "卫生间的门" in su.description
    assert su.fee == 0 and not su.parts.exists()
    assert su.within_target and su.response_minutes < 60
    assert su.rating == 5 and "又快又好" in su.rating_comment


def test_household_plans_and_waiting_orders(demo):
    plans = HouseholdPlan.objects.filter(household__service__name="E修就好")
    assert plans.count() == Household.objects.count() == 90
    assert set(plans.values_list("fee", flat=True)) == {Decimal("36.50")}
    assert RepairOrder.objects.waiting().count() == 3


def test_the_rooms_are_booked_without_overlaps(demo):
    approved = list(VenueBooking.objects.approved().order_by("venue", "starts_at"))
    assert {b.organization_name for b in approved} >= {
        "彩云湖社区艺术团合唱队",
        "彩云湖社区艺术团舞蹈队",
        "宜宾市酒都义工联合会",
    }
    choir = [b for b in approved if b.organization_name == "彩云湖社区艺术团合唱队"]
    assert len(choir) == 8 and len({b.series for b in choir}) == 1
    assert choir[0].venue.center.community.name == "彩云湖社区"
    assert choir[0].organization.name == "彩云湖社区艺术团合唱队"
    for earlier, later in zip(approved, approved[1:], strict=False):
        if earlier.venue_id == later.venue_id:
            assert earlier.ends_at <= later.starts_at
    assert VenueBooking.objects.filter(status="requested").exists()  # for staff to approve
