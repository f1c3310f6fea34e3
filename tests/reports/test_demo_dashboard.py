"""The demo data shows the article's figures on the real dashboard, as the demo's
street leaders see them, over the years since the brand began (2013-01-01 to
today): computed from the records load_demo writes, never typed in.

At the tests' DEMO_SCALE (0.01) the figures that do not scale are the
article's exactly; person-times served scale with the history kept, so the rule
is: the figure equals what the records give (attended sign-ups' people, home
visits, case sessions of the street's centers in the period) and is at least
50,000 × DEMO_SCALE.
"""

from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from centers.models import Street
from services.models import CaseNote, HomeVisit, ProjectStatus, ServiceProject, Signup
from tests.conftest import client_for
from tests.reports.pages import comparison, figures, table

URL = "/en" + reverse("reports:dashboard")
SINCE = date(2013, 1, 1)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """load_demo and the demo logins once for this module's tests, in a
    transaction rolled back after the last of them (each test runs in a
    savepoint inside it)."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEMO_SCALE=0.01,
            DEMO_MODE=True,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=StringIO())
        call_command("create_demo_accounts", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    pass


def dashboard(username: str, street: str):
    leader = get_user_model().objects.get(username=username)
    response = client_for(leader).get(
        URL,
        {
            "street": Street.objects.get(name=street).pk,
            "period": "custom",
            "start": SINCE.isoformat(),
            "end": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    return response


def person_times_in_the_records(street: str) -> int:
    centers = {"center__street__name": street}
    signups = Signup.objects.filter(
        status="attended",
        occurrence__activity__center__street__name=street,
        occurrence__starts_at__date__gte=SINCE,
    ).aggregate(people=Sum("people"))["people"]
    visits = HomeVisit.objects.filter(
        **{f"resident__{k}": v for k, v in centers.items()}, visited_on__gte=SINCE
    ).count()
    sessions = CaseNote.objects.filter(
        **{f"case__{k}": v for k, v in centers.items()}, is_session=True, written_on__gte=SINCE
    ).count()
    return (signups or 0) + visits + sessions


def number(text: str) -> int:
    return int(text.replace(",", ""))


def test_the_jiulong_leader_sees_the_articles_figures(demo):
    response = dashboard("leader_jiulong", "九龙街道")
    shown = figures(response)
    # 103 of 137 community workers certified: 75%.
    assert (shown["community workers"], shown["certified"]) == ("137", "103")
    assert shown["certification rate"] == "75%"
    # 10 social-work rooms, 150+ organizations fostered, 41 city and district projects.
    assert shown["community social-work rooms"] == "10"
    assert number(shown["organizations fostered"]) >= 150
    assert shown["projects"] == "41"
    levels = {row[0]: row for row in table(response, "projects_by_level")}
    assert set(levels) == {"city", "district", "street"}
    # (level, in preparation, landed, closed, budgets, spent): none preparing, some landed
    assert sum(number(levels[level][1]) for level in levels) == 0
    assert sum(number(levels[level][2]) for level in levels) > 0
    projects = ServiceProject.objects.filter(center__street__name="九龙街道")
    assert set(projects.values_list("status", flat=True)) == {
        ProjectStatus.LANDED,
        ProjectStatus.CLOSED,
    }
    assert not projects.filter(level="street").exists()
    # Person-times served: what the records give, 50,000+ at DEMO_SCALE=1.
    served = number(shown["person-times served"])
    assert served == person_times_in_the_records("九龙街道")
    assert served >= 50_000 * settings.DEMO_SCALE
    sources = {row[0]: number(row[1]) for row in table(response, "served_by_source")}
    assert all(sources.values()) and sum(sources.values()) == served
    # 20,000+ registered volunteers at DEMO_SCALE=1.
    assert number(shown["registered volunteers"]) >= 20_000 * settings.DEMO_SCALE
    # The ten communities, each with people served and projects covering it.
    rows = comparison(response)
    assert len(rows) == 10
    assert all(number(row["person-times served"]) > 0 for row in rows.values())
    assert all(number(row["projects covering it"]) > 0 for row in rows.values())


def test_the_nanan_leader_sees_the_xuzhou_incubators_figures(demo):
    response = dashboard("leader_nanan", "南岸街道")
    shown = figures(response)
    # 14 organizations hosted (3 hubs); 19 seed-stage and 17 start-up ones fostered;
    # 66 registered organizations visited back.
    assert (shown["hosted"], shown["hub organizations"]) == ("14", "3")
    stages = {row[0]: number(row[1]) for row in table(response, "stages")}
    assert (stages["萌芽型"], stages["初创型"]) == (19, 17)
    assert shown["follow-up visits"] == "66"
    # 7 projects packaged, 4 introduced, 9 of them landed …
    assert shown["projects"] == "11"
    assert (shown["packaged here"], shown["introduced"], shown["landed"]) == ("7", "4", "9")
    # … covering 72 communities, for 30,000+ people.
    rows = comparison(response)
    assert len(rows) == 72
    assert all(number(row["projects covering it"]) > 0 for row in rows.values())
    landed = ServiceProject.objects.filter(center__name="叙州社会组织培育服务中心", status="landed")
    assert landed.aggregate(people=Sum("beneficiaries_target"))["people"] >= 30_000
    # The census project's records are paid 1 yuan each, counted in what was spent.
    census = ServiceProject.objects.get(name="人口普查入户信息核实服务项目")
    assert census.outputs.get().item.unit_price == 1
    assert number(shown["spent in the period"].split(".")[0]) > 0
