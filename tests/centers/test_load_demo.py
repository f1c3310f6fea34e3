"""`load_demo` builds the article's figures from records, and is idempotent."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from centers.models import Center, FollowUpVisit, PartnerUnit, Residency, SocialOrganization, Venue
from members.models import Honor, Member


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_running_it_twice_changes_nothing(demo):
    before = row_counts()
    call_command("load_demo", stdout=StringIO())
    assert row_counts() == before


def test_jiulong_has_103_certified_of_137_workers(demo):
    rate = Member.objects.filter(center__street__name="九龙街道").certification_rate()
    assert (rate.certified, rate.total, rate.percent) == (103, 137, 75)


def test_the_jiulong_center_and_its_rooms(demo):
    jiulong = Center.objects.get(name="九龙社工中心")
    assert jiulong.opened_on.isoformat() == "2019-04-01"
    assert Center.objects.filter(kind="community_room", street=jiulong.street).count() == 10
    assert Residency.objects.filter(center=jiulong).count() == 15
    kept = SocialOrganization.objects.filter(center=jiulong)
    assert kept.filter(registration_status="filed", legal_form="community_group").count() == 138
    assert kept.count() >= 150  # "培育引进社团组织150余个"


def test_the_honors(demo):
    assert Honor.objects.filter(title="优秀社会组织").count() == 5
    assert Honor.objects.filter(title="优秀社工室").count() == 5
    assert Honor.objects.filter(title="优秀社会工作者").count() == 10
    national = Honor.objects.get(level="national")
    assert national.year == 2020 and national.center.name == "九龙社工中心"


def test_the_art_troupe_has_seven_teams(demo):
    troupe = SocialOrganization.objects.get(name="彩云湖社区艺术团")
    assert troupe.founded_on.isoformat() == "2012-07-01"
    assert troupe.teams.count() == 7


def test_the_xuzhou_incubator(demo):
    incubator = Center.objects.get(name="叙州社会组织培育服务中心")
    hosted = SocialOrganization.objects.filter(residencies__center=incubator)
    assert hosted.count() == 14
    assert hosted.filter(is_hub=True).count() == 3
    fostered = SocialOrganization.objects.filter(center=incubator)
    assert fostered.filter(stage__name="萌芽型").count() == 19
    assert fostered.filter(stage__name="初创型").count() == 17
    visits = FollowUpVisit.objects.filter(center=incubator)
    assert visits.count() == 66
    assert visits.values("organization").distinct().count() == 66
    assert not visits.exclude(organization__registration_status="registered").exists()


def test_jinyu_partners_and_rooms(demo):
    assert set(PartnerUnit.objects.values_list("kind", flat=True)) == {
        "hospital",
        "bank",
        "law_firm",
        "judicial_office",
    }
    rooms = Venue.objects.filter(center__name="金鱼社区党群服务中心")
    assert set(rooms.values_list("kind", flat=True)) == {"reading", "singing", "calligraphy", "tea"}


def test_demo_accounts_need_demo_mode(db, settings):
    from django.core.management.base import CommandError

    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("create_demo_accounts", stdout=StringIO())


def test_demo_accounts_get_their_roles_and_places(demo, settings):
    settings.DEMO_MODE = True
    call_command("create_demo_accounts", stdout=StringIO())
    call_command("create_demo_accounts", stdout=StringIO())
    from django.contrib.auth import get_user_model

    from centers.scoping import visible_centers

    leader = get_user_model().objects.get(username="leader_jiulong")
    assert set(visible_centers(leader).values_list("street__name", flat=True)) == {"九龙街道"}
    staff = get_user_model().objects.get(username="staff_xuzhou")
    assert list(visible_centers(staff).values_list("name", flat=True)) == [
        "叙州社会组织培育服务中心"
    ]
