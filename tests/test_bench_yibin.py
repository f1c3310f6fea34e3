"""The Yibin data set generator (bench/yibin) at a tiny scale, so that it cannot
rot unseen: it builds on the test database, its data keep the app's rules and
pass each model's validation, its tallies equal a rebuild, its counts are the
scale's, and pages open on it. PostgreSQL only: the generator writes
PostgreSQL's SQL."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from bench.yibin import check
from bench.yibin.build import build
from bench.yibin.context import FULL, scaled
from centers.models import Center, Community, District
from members.models import Member
from services.models import Occurrence, RepairOrder, Signup
from tests.conftest import client_for
from volunteers.models import ServiceHours, Volunteer

SCALE = 0.002

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator writes PostgreSQL's SQL"
)


def test_it_builds_a_consistent_data_set_the_pages_open_on(db):
    build(scale=SCALE, out=lambda line: None)

    assert Community.objects.count() == 72
    assert Center.objects.exclude(kind="community_room").count() == 13
    assert Center.objects.filter(kind="community_room").count() == 72
    assert Volunteer.objects.count() == scaled(FULL["volunteers"], SCALE)
    assert ServiceHours.objects.count() == scaled(FULL["hours"], SCALE)
    assert Member.objects.active().certified().count() == scaled(FULL["certified"], SCALE)
    assert RepairOrder.objects.count() == scaled(FULL["repair_orders"], SCALE)
    assert Occurrence.objects.exists() and Signup.objects.exists()

    assert check.rule_breaches() == []
    assert check.invalid_rows() == []
    assert check.tallies_differ() == []

    users = get_user_model().objects
    leader, root = users.get(username="yibin_leader"), users.get(username="yibin_root")
    volunteer = Volunteer.objects.filter(status="active").first()
    order = RepairOrder.objects.filter(status="done").first()
    for user, url in [
        (leader, reverse("reports:dashboard")),
        (root, reverse("reports:dashboard") + "?period=12m"),
        (root, reverse("admin:volunteers_volunteer_changelist")),
        (root, reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])),
        (root, reverse("admin:volunteers_servicehours_changelist")),
        (root, reverse("admin:services_repairorder_change", args=[order.pk])),
    ]:
        assert client_for(user).get(url).status_code == 200, url


def test_it_refuses_a_database_that_holds_records(db):
    District.objects.create(city="宜宾市", name="叙州区")
    with pytest.raises(RuntimeError, match="empty"):
        build(scale=SCALE, out=lambda line: None)
