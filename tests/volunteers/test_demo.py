"""The demo's volunteers: the people and teams of the article, from records.

load_demo runs here with DEMO_SCALE=0.01 (tests/conftest.py): a share of the
20,500 Jiulong and 3,050 traffic volunteers, and all of the named people and
teams. Loading takes a few seconds, so each test checks several things.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from volunteers import stars
from volunteers.identity import parse_resident_id
from volunteers.models import (
    HoursCertificate,
    PaidWorkItem,
    PaidWorkUnits,
    ServiceHours,
    Team,
    TeamMembership,
    Volunteer,
)
from volunteers.services.hours import confirmed_hours_mismatches


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_the_people_and_teams_of_the_article(demo):
    # Zhang Jie, 81, of Guangshacheng, in the current-affairs sub-team.
    zhang_jie = Volunteer.objects.get(name="张杰")
    assert zhang_jie.community.name == "广厦城社区"
    assert zhang_jie.age >= 81
    assert zhang_jie.memberships.get().team.name == "时事政治宣传小分队"
    assert zhang_jie.stars == 5  # three sessions a week since 2019

    # The grassroots-star team: six sub-teams of the art troupe's people, who
    # serve on the first Friday morning of each month.
    team = Team.objects.get(name="草根明星志愿者服务队")
    assert team.organization.name == "彩云湖社区艺术团"
    assert team.subteams.count() == 6
    assert {"纠纷调解小分队", "安全小分队", "法律咨询小分队"} <= set(
        team.subteams.values_list("name", flat=True)
    )
    for subteam in team.subteams.all():
        troupe = TeamMembership.objects.filter(
            team=subteam, volunteer__community__name="彩云湖社区"
        )
        assert troupe.count() == 10
        assert troupe.filter(role="leader").count() == 1
    fridays = ServiceHours.objects.filter(activity__startswith="草根明星")
    assert fridays.exists()
    assert all(d.weekday() == 4 and d.day <= 7 for d in fridays.values_list("served_on", flat=True))

    # Yibin's traffic volunteers, with Luo Xin.
    traffic = Team.objects.get(name="交通文明劝导志愿服务队")
    assert traffic.organization.name == "宜宾市酒都义工联合会"
    luo_xin = Volunteer.objects.get(name="罗新")
    assert traffic.memberships.filter(volunteer=luo_xin).exists()
    assert luo_xin.center.street.name == "南岸街道"

    # 30+ census volunteers, Li Bin among them, at 1 yuan per person verified.
    item = PaidWorkItem.objects.get(name="人口普查入户信息核实")
    assert item.unit_price == Decimal("1.00")
    units = PaidWorkUnits.objects.filter(item=item)
    assert units.values("volunteer").distinct().count() >= 31
    assert units.filter(volunteer__name="李彬").exists()
    assert units.filter(paid_on=None).exists() and units.exclude(paid_on=None).exists()


def test_the_ledger_ids_and_certificates(demo):
    assert not confirmed_hours_mismatches().exists()
    over_a_day = (
        ServiceHours.objects.counting_towards_the_day()
        .values("volunteer", "served_on")
        .annotate(total=Sum("hours"))
        .filter(total__gt=24)
    )
    assert not over_a_day.exists()
    assert not ServiceHours.objects.filter(volunteer__status="applied").exists()
    statuses = dict(ServiceHours.objects.values_list("status").annotate(n=Count("pk")))
    assert set(statuses) == {"recorded", "confirmed", "rejected"}
    levels = {
        stars.star_level(hours)
        for hours in Volunteer.objects.values_list("confirmed_hours", flat=True)
    }
    assert {0, 1, 5} <= levels

    for volunteer in Volunteer.objects.order_by("pk")[:200]:
        parse_resident_id(volunteer.reveal_id_number(), today=volunteer.created_at.date())

    assert HoursCertificate.objects.filter(volunteer__name="张杰").exists()
    assert HoursCertificate.objects.exclude(revoked_at=None).count() == 1
