"""Residents in the admin: their centers' staff keep them (phones masked in the
list, in full on the form, each full view logged without the value), street
leaders never see them; bad input is refused beside the field; a change of
target groups moves the person-times already counted; a director deletes a
resident on request with their visits and history, not while cases remain."""

from datetime import date, timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.models import HomeVisit, Resident, ServedDay, ServedGroupDay
from services.services.cases import case_move
from services.services.residents import resident_save
from services.services.visits import home_visit_save
from tests.conftest import client_for
from tests.factories import (
    CaseFactory,
    CommunityFactory,
    MemberFactory,
    ResidentFactory,
    target_group,
)

ADD = reverse("admin:services_resident_add")
LIST = reverse("admin:services_resident_changelist")
TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-07 10:00 +08:00", tick=False):
        yield


def en(url):
    return f"/en{url}"


def change_url(resident):
    return reverse("admin:services_resident_change", args=[resident.pk])


def form(world, community, **overrides):
    return {
        "name": "黄婆婆",
        "gender": "F",
        "birth_year": "1946",
        "phone": "13900002222",
        "community": community.pk,
        "address": "广厦城3栋2单元501",
        "center": world.a.pk,
        "target_groups": [target_group("elderly_alone").pk],
        "consent_at_0": "2026-12-01",
        "consent_at_1": "09:30:00",
        "consent_by": "resident",
        "notes": "",
        **overrides,
    }


@pytest.fixture
def community(world):
    return CommunityFactory(street=world.s1, name="广厦城社区")


def test_staff_add_a_resident_and_a_sub_group_brings_its_main_group(world, community):
    response = client_for(world.staff_a).post(ADD, form(world, community))
    assert response.status_code == 302
    resident = Resident.objects.get()
    assert {group.code for group in resident.target_groups.all()} == {"elderly", "elderly_alone"}
    assert resident.history.first().history_user == world.staff_a


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"birth_year": "2027"}, "birth_year"),
        ({"phone": "110"}, "phone"),
        ({"consent_at_0": ""}, "consent_at"),
    ],
)
def test_bad_input_is_refused_beside_the_field(world, community, overrides, field):
    response = client_for(world.staff_a).post(ADD, form(world, community, **overrides))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Resident.objects.exists()


def test_a_community_outside_the_centers_street_is_refused(world):
    # A community of street S2 cannot even be chosen by staff of street S1 …
    elsewhere = CommunityFactory(street=world.s2)
    response = client_for(world.staff_a).post(ADD, form(world, elsewhere))
    assert "community" in response.context["adminform"].form.errors
    # … and a superuser who can choose it is told why.
    response = client_for(world.superuser).post(en(ADD), form(world, elsewhere))
    assert "This community is not in the center&#x27;s street." in response.text
    assert not Resident.objects.exists()


def test_the_list_masks_phones_and_the_form_shows_them_in_full_logged(world, caplog):
    resident = ResidentFactory(center=world.a, phone="13912345678")
    client = client_for(world.staff_a)
    listing = client.get(LIST).text
    assert "139****5678" in listing and "13912345678" not in listing
    with caplog.at_level("INFO", logger="sanshe.personal_data"):
        page = client.get(change_url(resident)).text
    assert 'value="13912345678"' in page
    assert f"services.Resident {resident.pk} shown with the full phone to staff_a" in caplog.text
    assert "13912345678" not in caplog.text


def test_the_history_shows_phones_masked(world):
    resident = ResidentFactory(center=world.a, phone="13912345678")
    resident.phone = "13987654321"
    resident_save(resident=resident, by=world.staff_a)
    page = client_for(world.staff_a).get(
        reverse("admin:services_resident_history", args=[resident.pk])
    )
    assert page.status_code == 200
    assert "13987654321" not in page.text and "13912345678" not in page.text


def test_leaders_and_other_centers_never_see_residents(world):
    resident = ResidentFactory(center=world.a)
    for persona, status in (("leader_s1", 403), ("staff_b", 404)):
        response = client_for(getattr(world, persona)).get(change_url(resident))
        assert response.status_code == status, persona
    assert client_for(world.leader_s1).get(LIST).status_code == 403


def test_the_due_filter_lists_residents_living_alone_not_visited_lately(world):
    due = ResidentFactory(center=world.a, name="张杰")
    resident_save(resident=due, target_groups=[target_group("elderly_alone")])
    ResidentFactory(center=world.a, name="不独居")
    listing = client_for(world.staff_a).get(LIST, {"visits": "due"}).text
    assert "张杰" in listing and "不独居" not in listing


def test_changing_the_target_groups_moves_the_person_times_already_counted(world, community):
    client = client_for(world.staff_a)
    client.post(ADD, form(world, community))
    resident = Resident.objects.get()
    home_visit_save(
        visit=HomeVisit(resident=resident, visited_on=TODAY - timedelta(days=40)),
        members=[MemberFactory(center=world.a)],
        volunteers=[],
    )
    counted = {row.group.code for row in ServedGroupDay.objects.all()}
    assert counted == {"elderly", "elderly_alone"}
    response = client.post(
        change_url(resident),
        form(world, community, target_groups=[target_group("veterans").pk]),
    )
    assert response.status_code == 302
    assert {row.group.code for row in ServedGroupDay.objects.all()} == {"veterans"}
    assert ServedDay.objects.get().people == 1


def delete_url(resident):
    return reverse("admin:services_resident_delete", args=[resident.pk])


def test_a_director_deletes_a_resident_with_visits_history_and_person_times(world, caplog):
    resident = ResidentFactory(center=world.a, name="黄婆婆")
    resident_save(resident=resident, target_groups=[target_group("elderly_alone")])
    for days in (3, 40):
        home_visit_save(
            visit=HomeVisit(resident=resident, visited_on=TODAY - timedelta(days=days)),
            members=[MemberFactory(center=world.a)],
            volunteers=[],
        )
    kept = ResidentFactory(center=world.a)
    groups_history = apps.get_model("services", "HistoricalResident_target_groups")
    assert groups_history.objects.exists()
    client = client_for(world.director_a)
    page = client.get(delete_url(resident))
    assert page.status_code == 200
    assert sorted(count for _name, count in page.context["model_count"]) == [1, 2]
    assert not page.context["protected"]
    with caplog.at_level("INFO", logger="sanshe.personal_data"):
        response = client.post(delete_url(resident), {"post": "yes"})
    assert response.status_code == 302
    assert list(Resident.objects.all()) == [kept]
    assert not HomeVisit.objects.exists()
    assert not ServedDay.objects.exists() and not ServedGroupDay.objects.exists()
    assert not Resident.history.filter(id=resident.pk).exists()
    assert not HomeVisit.history.exists()
    assert not groups_history.objects.exists()
    entry = LogEntry.objects.get(object_id=str(resident.pk), content_type__model="resident")
    assert (entry.user, entry.object_repr) == (world.director_a, f"#{resident.pk}")
    assert "deleted on request by director_a" in caplog.text
    assert "黄婆婆" not in caplog.text


def test_a_resident_with_cases_is_not_deleted_until_they_are_closed_and_deleted(world):
    case = CaseFactory(center=world.a)
    resident = case.resident
    client = client_for(world.director_a)
    page = client.get(en(delete_url(resident)))
    assert page.status_code == 200
    assert page.context["protected"]
    assert "close it and delete it first" in page.text
    refused = client.post(delete_url(resident), {"post": "yes"})
    assert refused.context["protected"]  # the page again, nothing deleted
    assert Resident.objects.filter(pk=resident.pk).exists()

    case_delete_url = reverse("admin:services_case_delete", args=[case.pk])
    assert client.get(case_delete_url).context["protected"]  # open: close it first
    case_move(case=case, to="closed", note="居民要求删除信息")
    assert client.post(case_delete_url, {"post": "yes"}).status_code == 302
    assert client.post(delete_url(resident), {"post": "yes"}).status_code == 302
    assert not Resident.objects.exists()


def test_staff_may_not_delete_residents(world):
    resident = ResidentFactory(center=world.a)
    assert client_for(world.staff_a).post(delete_url(resident), {"post": "yes"}).status_code == 403
    assert Resident.objects.exists()


def test_the_list_takes_the_same_queries_for_more_residents(world):
    client = client_for(world.staff_a)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    resident_save(resident=ResidentFactory.build(center=world.a), target_groups=[])
    few = queries()
    for _n in range(10):
        resident = ResidentFactory(center=world.a)
        resident_save(resident=resident, target_groups=[target_group("veterans")])
    assert queries() == few


def test_a_record_stays_with_its_center(world, community):
    resident = ResidentFactory(center=world.a, community=community)
    client = client_for(world.superuser)
    response = client.post(change_url(resident), form(world, community, center=world.b.pk))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.center == world.a
