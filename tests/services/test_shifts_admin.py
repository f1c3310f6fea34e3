"""The shift pieces of the admin: roles (their own list, and the inline for the
activity's page) and the read-mostly list of shifts."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from services.admin.shifts import ShiftRoleInline
from services.models import Activity, ShiftRole
from tests.conftest import client_for
from tests.factories import ActivityFactory, TeamFactory
from tests.services.shifts import shift_at


@pytest.fixture
def activity(world):
    return ActivityFactory(center=world.a, title="免费理发")


def role_form(activity, **fields):
    return {
        "activity": activity.pk,
        "name": "理发师",
        "slots": 3,
        "starts_at": "",
        "ends_at": "",
        "team": "",
        "skill": "",
        **fields,
    }


def test_staff_keep_an_activitys_roles(activity, world):
    team = TeamFactory(center=world.a)
    client = client_for(world.staff_a)
    response = client.post(
        reverse("admin:services_shiftrole_add"), role_form(activity, team=team.pk)
    )
    assert response.status_code == 302
    role = ShiftRole.objects.get()
    assert (role.activity, role.slots, role.team) == (activity, 3, team)


def test_a_role_ends_after_it_starts(activity, world):
    response = client_for(world.staff_a).post(
        reverse("admin:services_shiftrole_add"),
        role_form(activity, starts_at="09:00", ends_at="07:30"),
    )
    assert response.status_code == 200
    assert not ShiftRole.objects.exists()


def test_another_centers_activity_or_team_is_refused(activity, world):
    client = client_for(world.staff_a)
    foreign_activity = ActivityFactory(center=world.c)
    foreign_team = TeamFactory(center=world.c)
    for data in (role_form(foreign_activity), role_form(activity, team=foreign_team.pk)):
        response = client.post(reverse("admin:services_shiftrole_add"), data)
        assert response.status_code == 200
    assert not ShiftRole.objects.exists()


def test_the_inline_offers_only_visible_teams(activity, world):
    request = RequestFactory().get("/")
    request.user = world.staff_a
    inline = ShiftRoleInline(Activity, admin.site)
    formset = inline.get_formset(request, activity)(instance=activity)
    teams = formset.form.base_fields["team"].queryset
    own, foreign = TeamFactory(center=world.a), TeamFactory(center=world.c)
    assert own in teams and foreign not in teams
    assert formset.form.base_fields["skill"] is not None
    assert set(inline.get_fields(request, activity)) >= {"name", "slots", "team", "skill"}


def test_the_shifts_list_masks_phones_and_links_the_occurrence_pages(world):
    record = shift_at(world.a)
    page = client_for(world.staff_a).get(reverse("admin:services_shiftassignment_changelist"))
    assert page.status_code == 200
    assert record.volunteer.phone not in page.text
    assert record.volunteer.phone_masked in page.text
    assert reverse("admin:services_occurrence_staffing", args=[record.occurrence_id]) in page.text
    assert reverse("admin:services_occurrence_attendance", args=[record.occurrence_id]) in page.text


def test_shifts_are_listed_per_volunteer_or_occurrence_and_searched(world):
    first = shift_at(world.a)
    shift_at(world.a)  # another volunteer's, at another occurrence
    client = client_for(world.staff_a)
    changelist = reverse("admin:services_shiftassignment_changelist")
    for query in (
        {"occurrence__id__exact": first.occurrence_id},
        {"volunteer__id__exact": first.volunteer_id},
        {"q": first.volunteer.volunteer_no},
        {"q": first.volunteer.name},
    ):
        page = client.get(changelist, query)
        assert page.status_code == 200, query
        assert [s.pk for s in page.context["cl"].result_list] == [first.pk], query
    assert len(client.get(changelist).context["cl"].result_list) == 2


def test_shifts_are_not_added_or_edited_by_hand(world):
    record = shift_at(world.a)
    client = client_for(world.staff_a)
    assert client.get(reverse("admin:services_shiftassignment_add")).status_code == 403
    page = client.get(reverse("admin:services_shiftassignment_change", args=[record.pk]))
    assert page.status_code == 200
    assert 'name="status"' not in page.text
    assert record.volunteer.phone not in page.text
