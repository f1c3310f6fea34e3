"""The residents due for a home visit: those living alone not visited for
RESIDENT_VISIT_INTERVAL_DAYS, never visited first, then the longest ago, each
with a link to record a visit; the page's queries do not grow with rows."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.models import Resident
from services.selectors.residents import due_visits_page
from services.services.residents import resident_save
from tests.conftest import client_for
from tests.factories import ResidentFactory, target_group

DUE = reverse("admin:services_resident_due")
TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-07 10:00 +08:00", tick=False):
        yield


def living_alone(center, last_visited_on=None, **fields):
    resident = ResidentFactory(center=center, **fields)
    resident_save(resident=resident, target_groups=[target_group("elderly_alone")])
    # Set directly: the visits themselves are not what this page reads.
    Resident.objects.filter(pk=resident.pk).update(last_visited_on=last_visited_on)
    return resident


def test_never_visited_first_then_the_longest_ago(world, settings):
    settings.RESIDENT_VISIT_INTERVAL_DAYS = 30
    recent = living_alone(world.a, TODAY - timedelta(days=29), name="上月来过")
    long_ago = living_alone(world.a, TODAY - timedelta(days=90), name="很久没来")
    a_while = living_alone(world.a, TODAY - timedelta(days=31), name="一个月前")
    never = living_alone(world.a, None, name="从未探访")
    ResidentFactory(center=world.a, name="不独居")
    living_alone(world.b, None, name="别的中心")

    _page, rows = due_visits_page(Resident.objects.visible_to(world.staff_a))
    assert [(row.resident, row.days_since) for row in rows] == [
        (never, None),
        (long_ago, 90),
        (a_while, 31),
    ]
    assert recent not in [row.resident for row in rows]


def test_the_interval_is_a_setting(world, settings):
    settings.RESIDENT_VISIT_INTERVAL_DAYS = 7
    living_alone(world.a, TODAY - timedelta(days=8), name="八天")
    _page, rows = due_visits_page(Resident.objects.all())
    assert [row.resident.name for row in rows] == ["八天"]


def test_the_page_links_to_record_a_visit_and_masks_phones(world):
    resident = living_alone(world.a, None, name="张杰", phone="13912345678")
    page = client_for(world.staff_a).get(DUE)
    assert page.status_code == 200
    add = reverse("admin:services_homevisit_add")
    assert f'href="{add}?resident={resident.pk}"' in page.text
    assert "139****5678" in page.text and "13912345678" not in page.text
    # The record-a-visit link opens the form with the resident chosen.
    form = client_for(world.staff_a).get(f"{add}?resident={resident.pk}")
    assert form.context["adminform"].form.initial["resident"] == str(resident.pk)


def test_the_residents_list_links_to_the_page(world):
    listing = client_for(world.staff_a).get(reverse("admin:services_resident_changelist"))
    assert f'href="{DUE}"' in listing.text


def test_the_selector_takes_two_queries(world, django_assert_num_queries):
    for n in range(5):
        living_alone(world.a, TODAY - timedelta(days=40 + n))
    # 1 COUNT of the due residents, 2 the page with communities and centers.
    with django_assert_num_queries(2):
        _page, rows = due_visits_page(Resident.objects.visible_to(world.staff_a))
        assert [str(row.resident.community) for row in rows]


@pytest.mark.parametrize("more", [3, 30])
def test_the_pages_queries_do_not_grow_with_rows(world, more):
    client = client_for(world.staff_a)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DUE).status_code == 200
        return len(captured)

    living_alone(world.a, None)
    few = queries()
    for n in range(more):
        living_alone(world.a, TODAY - timedelta(days=40 + n))
    assert queries() == few
