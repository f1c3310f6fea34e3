"""/volunteers/join/: a resident applies with their real name; a center approves."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import CenterFactory, VolunteerFactory, valid_id_number
from tests.volunteers.conftest import application
from volunteers import crypto
from volunteers.models import Skill, Volunteer

URL = "/volunteers/join/"


def post(client, data, **extra):
    return client.post(URL, data, **extra)


def test_the_form_is_in_chinese_and_english(world, client):
    chinese = client.get(URL)
    assert chinese.status_code == 200
    assert "志愿者" in chinese.text and "身份证" in chinese.text
    english = client.get("/en" + URL)
    assert english.status_code == 200
    assert "Become a volunteer" in english.text
    assert "PRC resident ID card" in english.text


def test_the_consent_text_is_shown(world, client, community):
    page = client.get(URL).text
    assert "加密" in page  # the stated use: ID stored encrypted, shown masked


def test_an_application_waits_for_approval_with_a_reference(world, client, community):
    data = application(community, skills=[Skill.objects.get(name="法律咨询").pk])
    response = post(client, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:join_done")
    volunteer = Volunteer.objects.get()
    assert volunteer.status == Volunteer.Status.APPLIED
    assert volunteer.center == world.a  # the street's center reviews it
    assert volunteer.consent_source == "online"
    assert volunteer.consent_at is not None
    assert "加密" in volunteer.consent_text
    assert volunteer.weekends and not volunteer.weekday_mornings
    assert list(volunteer.skills.values_list("name", flat=True)) == ["法律咨询"]
    assert volunteer.reveal_id_number() == data["id_number"]

    done = client.get(response["Location"])
    assert volunteer.volunteer_no in done.text
    assert "等待" in done.text and world.a.name in done.text


def test_the_reference_page_needs_an_application_in_this_session(world, client):
    response = client.get(reverse("volunteers:join_done"))
    assert response.status_code == 302


def test_the_number_is_stored_only_encrypted_hashed_and_masked(world, client, community):
    data = application(community)
    post(client, data)
    volunteer = Volunteer.objects.get()
    number = data["id_number"]
    assert volunteer.id_number_masked == f"{number[:4]}**********{number[-4:]}"
    assert volunteer.id_number_digest == crypto.digest("resident_id", number)
    with connection.cursor() as cursor:
        for table in ("volunteers_volunteer", "volunteers_historicalvolunteer"):
            cursor.execute(f"SELECT * FROM {table}")
            for row in cursor.fetchall():
                assert not any(number in str(value) for value in row), table


def test_a_lower_case_x_is_stored_upper_case(world, client, community):
    first = valid_id_number(date(1985, 6, 1))
    while not first.endswith("X"):
        first = valid_id_number(date(1985, 6, 1))
    post(client, application(community, id_number=first.lower(), birth_date="1985-06-01"))
    assert Volunteer.objects.get().reveal_id_number() == first


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "这个字段是必填项"),
        ({"phone": "12345"}, "phone", "11 位手机号"),
        ({"consent": None}, "consent", "需要您的同意"),
        ({"birth_date": "1990-03-08"}, "birth_date", "不是身份证号码中的出生日期"),
        ({"gender": "M"}, "gender", "与身份证号码给出的性别不符"),
        ({"availability": None}, "availability", "这个字段是必填项"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    world, client, community, overrides, field, message
):
    response = post(client, application(community, **overrides))
    assert response.status_code == 200
    assert message in response.text
    assert f'id="id_{field}_error"' in response.text
    assert not Volunteer.objects.exists()


def test_a_wrong_check_character_is_refused(world, client, community):
    number = valid_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    response = post(client, application(community, id_number=wrong))
    assert "校验位不正确" in response.text
    assert not Volunteer.objects.exists()


def test_the_refused_form_keeps_the_values(world, client, community):
    response = post(client, application(community, phone="123", name="李某某"))
    assert 'value="李某某"' in response.text


def test_under_14_is_refused_with_the_reason(world, client, community):
    response = post(
        client,
        application(
            community,
            id_number=valid_id_number(date(2015, 5, 1)),
            birth_date="2015-05-01",
            guardian_name="李某",
            guardian_phone="13800000000",
            guardian_consent="on",
        ),
    )
    assert response.status_code == 200
    assert "年满 14 岁" in response.text
    assert not Volunteer.objects.exists()


def test_14_to_17_without_a_guardian_is_refused(world, client, community):
    data = application(
        community, id_number=valid_id_number(date(2010, 5, 1)), birth_date="2010-05-01"
    )
    response = post(client, data)
    assert response.status_code == 200
    assert 'id="id_guardian_name_error"' in response.text
    assert 'id="id_guardian_consent_error"' in response.text
    assert not Volunteer.objects.exists()


def test_14_to_17_with_a_guardian_may_apply(world, client, community):
    data = application(
        community,
        id_number=valid_id_number(date(2010, 5, 1)),
        birth_date="2010-05-01",
        guardian_name="李某",
        guardian_phone="13800000000",
        guardian_consent="on",
    )
    assert post(client, data).status_code == 302
    assert Volunteer.objects.get().guardian_consent_at is not None


def test_a_registered_id_number_is_refused(world, client, community):
    existing = VolunteerFactory(center=world.a)
    number = existing.reveal_id_number()
    response = post(client, application(community, id_number=number))
    assert response.status_code == 200
    assert "已登记为志愿者" in response.text
    assert existing.name not in response.text  # nothing about the existing record leaks
    assert Volunteer.objects.count() == 1


def test_a_passport_needs_gender_and_birth_date(world, client, community):
    response = post(
        client,
        application(community, id_type="passport", id_number="E12345678", birth_date=""),
    )
    assert "请填写出生日期" in response.text or "这个字段是必填项" in response.text
    assert not Volunteer.objects.exists()


def test_the_application_goes_to_the_communitys_volunteer_station_first(world, client, community):
    station = CenterFactory(
        name="彩云湖志愿服务站", kind="volunteer_station", street=world.s1, community=community
    )
    post(client, application(community))
    assert Volunteer.objects.get().center == station


def test_a_flood_of_applications_gets_429_not_500(world, client, community):
    for _ in range(20):
        post(client, application(community, name=""))
    response = post(client, application(community))
    assert response.status_code == 429
    assert "提交过于频繁" in response.text
    assert not Volunteer.objects.exists()


def test_english_errors_are_english(world, client, community):
    response = client.post("/en" + URL, application(community, phone="1"))
    assert "Enter an 11-digit mobile number" in response.text
