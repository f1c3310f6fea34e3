"""Staff register, find, approve, reject, suspend and mark volunteers as left."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import CommunityFactory, VolunteerFactory, valid_id_number
from volunteers.models import Volunteer

ADD = "admin:volunteers_volunteer_add"
LIST = "admin:volunteers_volunteer_changelist"


def add_form(world, **overrides):
    community = CommunityFactory(street=world.s1)
    data = {
        "name": "赵某某",
        "id_type": "resident_id",
        "id_number": valid_id_number(date(1980, 5, 5), male=True),
        "gender": "",
        "birth_date": "",
        "phone": "13712345678",
        "community": community.pk,
        "center": world.a.pk,
        "weekends": "on",
        "guardian_name": "",
        "guardian_phone": "",
        "paper_consent": "on",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_staff_register_a_volunteer_from_a_signed_form(world):
    response = client_for(world.staff_a).post(reverse(ADD), add_form(world))
    assert response.status_code == 302, response.text
    volunteer = Volunteer.objects.get()
    assert re.fullmatch(rf"ZY{date.today().year}\d{{7}}", volunteer.volunteer_no)
    assert volunteer.status == Volunteer.Status.ACTIVE
    assert (volunteer.gender, volunteer.birth_date) == ("M", date(1980, 5, 5))
    assert volunteer.consent_source == "paper" and volunteer.consent_text
    assert volunteer.reviewed_by == world.staff_a
    assert volunteer.history.get().history_user == world.staff_a


def test_volunteer_numbers_are_consecutive_and_unique(world):
    client = client_for(world.staff_a)
    for _ in range(3):
        client.post(reverse(ADD), add_form(world, id_number=valid_id_number()))
    numbers = sorted(Volunteer.objects.values_list("volunteer_no", flat=True))
    serials = [int(number[-7:]) for number in numbers]
    assert serials == [serials[0], serials[0] + 1, serials[0] + 2]


def test_the_consent_must_be_signed(world):
    response = client_for(world.staff_a).post(reverse(ADD), add_form(world, paper_consent=""))
    assert response.status_code == 200
    assert not Volunteer.objects.exists()


def test_a_duplicate_points_to_the_existing_record(world):
    existing = VolunteerFactory(center=world.a)
    response = client_for(world.staff_a).post(
        reverse(ADD), add_form(world, id_number=existing.reveal_id_number().lower())
    )
    assert response.status_code == 200
    url = reverse("admin:volunteers_volunteer_change", args=[existing.pk])
    assert f'href="{url}"' in response.text
    assert existing.volunteer_no in response.text
    assert Volunteer.objects.count() == 1


def test_a_duplicate_at_another_center_is_named_without_a_link(world):
    existing = VolunteerFactory(center=world.c)
    response = client_for(world.staff_a).post(
        reverse(ADD), add_form(world, id_number=existing.reveal_id_number())
    )
    assert existing.volunteer_no in response.text and world.c.name in response.text
    assert reverse("admin:volunteers_volunteer_change", args=[existing.pk]) not in response.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "510104198005051234"}, "校验位不正确"),
        ({"gender": "F"}, "与身份证号码给出的性别不符"),
        ({"phone": "123"}, "11 位手机号"),
    ],
)
def test_bad_input_in_the_admin_stores_nothing(world, overrides, message):
    response = client_for(world.staff_a).post(reverse(ADD), add_form(world, **overrides))
    assert response.status_code == 200
    assert message in response.text
    assert not Volunteer.objects.exists()


def test_a_minor_needs_the_guardians_consent(world):
    data = add_form(world, id_number=valid_id_number(date(2011, 1, 1)))
    response = client_for(world.staff_a).post(reverse(ADD), data)
    assert response.status_code == 200
    assert not Volunteer.objects.exists()
    data |= {"guardian_name": "赵某", "guardian_phone": "13800000000", "guardian_consent": "on"}
    assert client_for(world.staff_a).post(reverse(ADD), data).status_code == 302


def search(client, term):
    return client.get(reverse(LIST), {"q": term}).text


def find(client, number):
    return client.post(reverse("admin:volunteers_volunteer_find"), {"number": number})


def test_search_by_the_beginning_of_a_name_or_volunteer_number(world):
    wanted = VolunteerFactory(center=world.a, name="欧阳某")
    other = VolunteerFactory(center=world.a, name="司马某")
    client = client_for(world.staff_a)
    for term in ("欧阳", wanted.volunteer_no, wanted.volunteer_no.lower()):
        page = search(client, term)
        assert wanted.volunteer_no in page, term
        assert other.volunteer_no not in page, term


def test_id_and_phone_numbers_are_never_searched_in_the_address(world):
    # A GET query string lands in web server logs: whole numbers go by POST.
    wanted = VolunteerFactory(center=world.a, phone="13911112222")
    client = client_for(world.staff_a)
    for term in (wanted.reveal_id_number(), "13911112222"):
        assert wanted.volunteer_no not in search(client, term)


def test_find_by_id_or_mobile_number(world):
    wanted = VolunteerFactory(center=world.a, phone="13911112222")
    VolunteerFactory(center=world.a)
    client = client_for(world.staff_a)
    change = reverse("admin:volunteers_volunteer_change", args=[wanted.pk])
    for number in (wanted.reveal_id_number(), wanted.reveal_id_number().lower(), "13911112222"):
        response = find(client, number)
        assert response.status_code == 302 and response["Location"] == change, number


def test_find_lists_those_who_share_a_phone(world):
    couple = VolunteerFactory.create_batch(2, center=world.a, phone="13911112222")
    page = find(client_for(world.staff_a), "13911112222").text
    assert all(volunteer.volunteer_no in page for volunteer in couple)
    assert "13911112222" not in page.split("</form>")[1]


def test_find_finds_nothing_outside_the_users_centers(world):
    foreign = VolunteerFactory(center=world.c)
    response = find(client_for(world.staff_a), foreign.reveal_id_number())
    assert response.status_code == 200
    assert "没有使用这个号码的志愿者" in response.text
    assert foreign.volunteer_no not in response.text


def act(client, action, volunteers, **extra):
    return client.post(
        reverse(LIST),
        {"action": action, "_selected_action": [v.pk for v in volunteers], "index": 0, **extra},
    )


def test_approving_applies_only_to_applications(world):
    applied = VolunteerFactory(center=world.a, status="applied", registered_on=None)
    active = VolunteerFactory(center=world.a)
    response = act(client_for(world.staff_a), "approve", [applied, active])
    assert response.status_code == 302
    applied.refresh_from_db()
    assert applied.status == "active" and applied.registered_on == date.today()
    assert applied.reviewed_by == world.staff_a
    assert applied.history.latest().history_user == world.staff_a


def test_rejecting_asks_for_a_reason_first(world):
    applied = VolunteerFactory(center=world.a, status="applied", registered_on=None)
    client = client_for(world.staff_a)
    form = act(client, "reject", [applied])
    assert form.status_code == 200 and 'name="reason"' in form.text
    assert act(client, "reject", [applied], reason="").status_code == 200
    applied.refresh_from_db()
    assert applied.status == "applied"
    act(client, "reject", [applied], reason="资料不全，请携带身份证到中心办理")
    applied.refresh_from_db()
    assert (applied.status, applied.status_reason) == (
        "rejected",
        "资料不全，请携带身份证到中心办理",
    )


def test_suspending_reinstating_and_leaving(world):
    volunteer = VolunteerFactory(center=world.a)
    client = client_for(world.staff_a)
    act(client, "suspend", [volunteer], reason="多次无故缺席")
    volunteer.refresh_from_db()
    assert volunteer.status == "suspended"
    act(client, "reinstate", [volunteer])
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.status_reason) == ("active", "")
    act(client, "mark_left", [volunteer])
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.left_on) == ("left", date.today())


def test_a_street_leader_cannot_act(world):
    applied = VolunteerFactory(center=world.a, status="applied", registered_on=None)
    act(client_for(world.leader_s1), "approve", [applied])
    applied.refresh_from_db()
    assert applied.status == "applied"


def test_the_list_filters_by_status(world):
    applied = VolunteerFactory(center=world.a, status="applied", registered_on=None)
    active = VolunteerFactory(center=world.a)
    page = client_for(world.staff_a).get(reverse(LIST), {"status__exact": "applied"}).text
    assert applied.volunteer_no in page and active.volunteer_no not in page


def test_the_list_costs_nine_queries_for_5_or_60_volunteers(world, django_assert_num_queries):
    client = client_for(world.staff_a)
    total = 0
    for batch in (5, 55):
        total += batch
        VolunteerFactory.create_batch(batch, center=world.a, status="applied")
        # session, user, the user's and the groups' permissions, the choices of
        # the center, community and skill filters, the capped COUNT(*) and the
        # page of rows (community and center joined).
        with django_assert_num_queries(9):
            response = client.get(reverse(LIST))
        assert response.status_code == 200
        assert response.text.count('class="action-select"') == min(total, 50)  # a page


def test_the_count_is_capped(world, settings):
    from volunteers.admin.base import CappedCountPaginator

    VolunteerFactory.create_batch(4, center=world.a)
    original = CappedCountPaginator.cap
    CappedCountPaginator.cap = 3
    try:
        page = client_for(world.staff_a).get(reverse(LIST)).text
    finally:
        CappedCountPaginator.cap = original
    assert "超过 3 条" in page
