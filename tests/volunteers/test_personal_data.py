"""ID numbers and phones are masked everywhere; only the permission reveals them,
each reveal is logged without the value, and neither the history nor the logs
ever hold them in clear."""

import io
import logging

from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import client_for
from tests.factories import ServiceHoursFactory, VolunteerFactory
from volunteers.models import PersonalDataAccessLog, Volunteer


def changelist(client, **params):
    return client.get(reverse("admin:volunteers_volunteer_changelist"), params)


def change_page(client, volunteer):
    return client.get(reverse("admin:volunteers_volunteer_change", args=[volunteer.pk]))


def reveal_url(volunteer):
    return reverse("admin:volunteers_volunteer_personal_data", args=[volunteer.pk])


def test_the_list_shows_masked_numbers_only(world):
    volunteer = VolunteerFactory(center=world.a, phone="13812345678")
    number = volunteer.reveal_id_number()
    for persona in (world.staff_a, world.director_a, world.leader_s1):
        page = changelist(client_for(persona)).text
        assert volunteer.volunteer_no in page
        assert volunteer.id_number_masked in page and "138****5678" in page
        assert number not in page and "13812345678" not in page


def test_the_detail_page_shows_masked_numbers_only(world):
    volunteer = VolunteerFactory(
        center=world.a, phone="13812345678", guardian_name="王某", guardian_phone="13900001111"
    )
    number = volunteer.reveal_id_number()
    for persona in (world.staff_a, world.director_a, world.leader_s1):
        page = change_page(client_for(persona), volunteer).text
        assert volunteer.id_number_masked in page
        assert number not in page
        assert "13812345678" not in page and "13900001111" not in page


def test_only_the_permission_offers_and_opens_the_full_view(world):
    volunteer = VolunteerFactory(center=world.a)
    assert reveal_url(volunteer) not in change_page(client_for(world.staff_a), volunteer).text
    assert reveal_url(volunteer) in change_page(client_for(world.director_a), volunteer).text
    for persona in (world.staff_a, world.leader_s1):
        assert client_for(persona).get(reveal_url(volunteer)).status_code == 403
    assert not PersonalDataAccessLog.objects.exists()


def test_another_centers_volunteer_cannot_be_revealed(world):
    volunteer = VolunteerFactory(center=world.b)
    assert client_for(world.director_a).get(reveal_url(volunteer)).status_code == 404


def test_the_full_view_shows_the_values_and_logs_who_what_when(world):
    volunteer = VolunteerFactory(center=world.a, phone="13812345678")
    response = client_for(world.director_a).get(reveal_url(volunteer))
    assert response.status_code == 200
    assert volunteer.reveal_id_number() in response.text and "13812345678" in response.text
    assert "no-store" in response["Cache-Control"]
    logged = PersonalDataAccessLog.objects.order_by("field")
    assert [(e.user, e.volunteer, e.field, e.purpose) for e in logged] == [
        (world.director_a, volunteer, "id_number", "view"),
        (world.director_a, volunteer, "phone", "view"),
    ]


def test_the_access_log_never_holds_a_value(world):
    volunteer = VolunteerFactory(center=world.a, phone="13812345678")
    client_for(world.director_a).get(reveal_url(volunteer))
    secrets = (volunteer.reveal_id_number(), "13812345678")
    for row in PersonalDataAccessLog.objects.values():
        assert not any(secret in str(value) for value in row.values() for secret in secrets)
    page = client_for(world.director_a).get(
        reverse("admin:volunteers_personaldataaccesslog_changelist")
    )
    assert volunteer.volunteer_no in page.text
    assert not any(secret in page.text for secret in secrets)


def test_no_log_line_carries_an_id_number_or_a_full_phone(world, client, caplog, community):
    from tests.volunteers.conftest import application

    volunteer = VolunteerFactory(center=world.a, phone="13812345678")
    data = application(community, phone="13712345678")
    with caplog.at_level(logging.DEBUG):
        client.post("/volunteers/join/", data)
        client.post("/volunteers/join/", {**data, "gender": "M"})  # refused
        client_for(world.director_a).get(reveal_url(volunteer))
        client_for(world.staff_a).get(reveal_url(volunteer))  # 403, logged as a warning
    secrets = (data["id_number"], volunteer.reveal_id_number(), "13812345678", "13712345678")
    assert not any(secret in record.getMessage() for record in caplog.records for secret in secrets)


def test_the_history_never_shows_a_number_in_clear(world):
    volunteer = VolunteerFactory(center=world.a, phone="13812345678")
    old_number = volunteer.reveal_id_number()
    client = client_for(world.director_a)
    # Change the phone and the ID number through the admin: two history entries.
    from tests.factories import valid_id_number

    new_number = valid_id_number(volunteer.birth_date)
    form = admin_form(volunteer, phone="13987654321", id_number=new_number)
    response = client.post(reverse("admin:volunteers_volunteer_change", args=[volunteer.pk]), form)
    assert response.status_code == 302, response.text
    volunteer.refresh_from_db()
    assert volunteer.reveal_id_number() == new_number

    history = client.get(reverse("admin:volunteers_volunteer_history", args=[volunteer.pk])).text
    for secret in (old_number, new_number, "13812345678", "13987654321"):
        assert secret not in history
    assert "138****5678" in history and "139****4321" in history  # the change, masked
    assert volunteer.id_number_masked in history
    for version in volunteer.history.all():
        page = client.get(
            reverse(
                "admin:volunteers_volunteer_simple_history",
                args=[volunteer.pk, version.history_id],
            )
        ).text
        assert not any(s in page for s in (old_number, new_number, "13812345678", "13987654321"))
    historical_columns = {f.name for f in Volunteer.history.model._meta.fields}
    assert "id_number_sealed" not in historical_columns
    assert "id_number_digest" not in historical_columns


def admin_form(volunteer, **overrides):
    data = {
        "name": volunteer.name,
        "id_type": volunteer.id_type,
        "id_number": "",
        "gender": volunteer.gender,
        "birth_date": volunteer.birth_date.isoformat(),
        "phone": "",
        "community": volunteer.community_id,
        "center": volunteer.center_id,
        "guardian_name": "",
        "guardian_phone": "",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_an_empty_phone_input_keeps_the_phone(world):
    volunteer = VolunteerFactory(center=world.a, phone="13812345678")
    response = client_for(world.staff_a).post(
        reverse("admin:volunteers_volunteer_change", args=[volunteer.pk]),
        admin_form(volunteer, name="新名字"),
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.name, volunteer.phone) == ("新名字", "13812345678")


def export(client, model, pks):
    opts = model._meta
    response = client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": "export_xlsx", "_selected_action": pks, "index": 0},
    )
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_exports_are_masked_without_the_permission(world):
    volunteer = VolunteerFactory(center=world.a, phone="13812345678")
    entry = ServiceHoursFactory(volunteer=volunteer)
    number = volunteer.reveal_id_number()
    for model, pk in ((Volunteer, volunteer.pk), (entry._meta.model, entry.pk)):
        rows = export(client_for(world.staff_a), model, [pk])
        cells = [str(cell) for row in rows for cell in row]
        assert volunteer.id_number_masked in cells
        assert number not in cells and "13812345678" not in cells
    assert not PersonalDataAccessLog.objects.exists()


def test_exports_are_full_with_the_permission_and_logged(world):
    volunteer = VolunteerFactory(center=world.a, phone="13812345678")
    entry = ServiceHoursFactory(volunteer=volunteer)
    client = client_for(world.director_a)
    rows = export(client, Volunteer, [volunteer.pk])
    assert volunteer.reveal_id_number() in rows[-1] and "13812345678" in rows[-1]
    rows = export(client, entry._meta.model, [entry.pk])
    assert volunteer.reveal_id_number() in rows[-1]
    logged = list(PersonalDataAccessLog.objects.values_list("field", "purpose", "volunteer"))
    assert sorted(logged) == [
        ("id_number", "export", volunteer.pk),
        ("id_number", "export", volunteer.pk),
        ("phone", "export", volunteer.pk),
    ]
