"""Hostile input on every public form and the admin's roster import: whatever is
sent, the answer is never a 500, a refused submission stores nothing, a
submission is stored whole or not at all, and what is stored is escaped on every
page that shows it."""

import re
from datetime import date, time
from urllib.parse import quote

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from services.models import Occurrence, RepairOrder, RepairStatus, Signup, VenueBooking
from services.services.repairs import repair_order_move
from services.services.signups import signups_cancel
from tests.conftest import client_for
from tests.factories import (
    CommunityFactory,
    HoursCertificateFactory,
    RepairOrderFactory,
    RepairServiceFactory,
    TechnicianFactory,
)
from tests.hostile import MARKUP, fuzz, hostile_form, hostile_text, hostile_value, refused_or_done
from tests.services.activities import one_off
from tests.services.bookings import NOW, open_room
from tests.volunteers.conftest import application
from tests.volunteers.test_roster_import import HEADER, csv_bytes, person, upload, xlsx
from volunteers.models import Volunteer


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def fresh_client(client):
    """Each example starts with empty rate-limit counters and no session."""
    cache.clear()
    client.cookies.clear()
    return client


def shown_escaped(text: str, page: str) -> bool:
    """Stored markup never comes back as markup."""
    return MARKUP not in page or MARKUP not in text


# --- /volunteers/join/ ----------------------------------------------------------------


@pytest.fixture
def join_world(world):
    return world, CommunityFactory(street=world.s1, name="彩云湖社区")


@fuzz
@given(data=st.data())
def test_the_volunteer_application_never_breaks(join_world, client, data):
    world, community = join_world
    valid = application(community)
    sent = data.draw(hostile_form(valid, fields=[k for k in valid if k != "availability"]))
    before = Volunteer.objects.count()
    response = fresh_client(client).post("/volunteers/join/", sent)
    assert refused_or_done(response)
    stored = Volunteer.objects.count() - before
    assert stored == (1 if response.status_code == 302 else 0)
    if stored:
        volunteer = Volunteer.objects.latest("pk")
        volunteer.full_clean()
        page = client_for(world.staff_a).get(
            reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])
        )
        assert page.status_code == 200
        assert MARKUP not in page.text


# --- /repairs/new/ and a repair's tracking page ---------------------------------------


@pytest.fixture
def repair_service(world):
    service = RepairServiceFactory(center=world.a, name="E修就好")
    TechnicianFactory(service=service)
    return service


def repair_form(service):
    return {
        "name": "苏女士",
        "phone": "13812341234",
        "community": str(service.communities.get().pk),
        "address": "5栋1单元302",
        "category": "door_lock",
        "description": "卫生间的门坏了，关不上。",
        "preferred_time": "",
        "consent": "on",
    }


@fuzz
@given(data=st.data())
def test_a_repair_order_never_breaks(world, repair_service, client, data):
    sent = data.draw(hostile_form(repair_form(repair_service)))
    before = RepairOrder.objects.count()
    response = fresh_client(client).post("/repairs/new/", sent)
    assert refused_or_done(response)
    stored = RepairOrder.objects.count() - before
    assert stored == (1 if response.status_code == 302 else 0)
    if stored:
        order = RepairOrder.objects.latest("pk")
        order.full_clean()
        assert order.events.count() == 1  # stored whole: the order and its first step
        tracking = client.get(f"/repairs/{order.tracking_code}/")
        assert tracking.status_code == 200
        assert MARKUP not in tracking.text
        admin_page = client_for(world.staff_a).get(
            reverse("admin:services_repairorder_change", args=[order.pk])
        )
        assert MARKUP not in admin_page.text


@fuzz
@given(rating=hostile_value, comment=hostile_text)
def test_a_rating_never_breaks(world, repair_service, client, rating, comment):
    order = RepairOrder.objects.filter(status=RepairStatus.DONE, rating=None).first()
    if order is None:
        technician = repair_service.technicians.get()
        order = RepairOrderFactory(service=repair_service)
        for step in (RepairStatus.DISPATCHED, RepairStatus.ON_SITE, RepairStatus.DONE):
            order = repair_order_move(order=order, to=step, technician=technician)
    url = f"/repairs/{order.tracking_code}/"
    response = fresh_client(client).post(url, {"rating": rating, "comment": comment})
    assert refused_or_done(response)
    order.refresh_from_db()
    if order.rating is not None:
        assert 1 <= order.rating <= 5
        assert MARKUP not in client.get(url).text
    else:
        assert order.rating_comment == ""


# --- /venues/<room>/book/ -------------------------------------------------------------


@pytest.fixture
def room(world):
    with time_machine.travel(NOW, tick=False):
        yield open_room(world.a, name="声乐室", capacity=25, opens=time(8, 30), closes=time(20, 30))


@fuzz
@given(data=st.data())
def test_a_room_request_never_breaks(world, room, client, data):
    valid = {
        "day": "2026-12-08",
        "starts": "14:30",
        "ends": "16:30",
        "weeks": "1",
        "name": "王某901",
        "phone": "13900009999",
        "organization_name": "彩云湖社区艺术团合唱队",
        "purpose": "合唱排练",
        "people": "20",
        "consent": "on",
    }
    sent = data.draw(hostile_form(valid))
    before = VenueBooking.objects.count()
    response = fresh_client(client).post(f"/venues/{room.pk}/book/", sent)
    assert refused_or_done(response)
    stored = VenueBooking.objects.count() - before
    if response.status_code != 302:
        assert stored == 0
    else:
        assert 1 <= stored <= int(sent["weeks"])
        for booking in VenueBooking.objects.order_by("-pk")[:stored]:
            booking.full_clean()
        listing = client_for(world.staff_a).get(reverse("admin:services_venuebooking_changelist"))
        assert MARKUP not in listing.text
        assert MARKUP not in client.get("/venues/").text


# --- /activities/<id>/: signing up ----------------------------------------------------


@pytest.fixture
def occurrence(world):
    with time_machine.travel(NOW, tick=False):
        yield one_off(world.a, capacity=50)


@fuzz
@given(data=st.data())
def test_an_activity_sign_up_never_breaks(world, occurrence, client, data):
    valid = {"name": "张大爷", "phone": "13812341234", "people": "1", "consent": "on"}
    sent = data.draw(hostile_form(valid))
    before = Signup.objects.count()
    response = fresh_client(client).post(f"/activities/{occurrence.pk}/", sent)
    assert refused_or_done(response)
    stored = Signup.objects.count() - before
    assert stored == (1 if response.status_code == 302 else 0)
    if stored:
        signup = Signup.objects.latest("pk")
        signup.full_clean()
        occurrence = Occurrence.objects.with_places_taken().get(pk=occurrence.pk)
        assert occurrence.places_taken <= occurrence.capacity
        page = client.get(f"/activities/signup/{signup.token}/")
        assert page.status_code == 200 and MARKUP not in page.text
        listing = client_for(world.staff_a).get(reverse("admin:services_signup_changelist"))
        assert MARKUP not in listing.text
        signups_cancel(signups=[signup])  # the same phone may be tried again


# --- /volunteers/certificate/ ---------------------------------------------------------


@fuzz
@given(number=hostile_text)
def test_a_certificate_lookup_never_breaks(world, client, number):
    HoursCertificateFactory(volunteer__center=world.a)
    lookup = fresh_client(client).get("/volunteers/certificate/", {"number": number})
    assert lookup.status_code in (200, 302, 404, 429)
    if "\x00" not in number and "/" not in number and number.strip():
        page = fresh_client(client).get(f"/volunteers/certificate/{quote(number, safe='')}/")
        assert page.status_code in (200, 404, 429)
        assert MARKUP not in page.text


# --- the admin's roster import --------------------------------------------------------


@fuzz
@given(
    cells=st.lists(st.tuples(st.sampled_from(HEADER), hostile_value), max_size=4),
    as_csv=st.booleans(),
)
def test_a_roster_import_is_refused_whole_or_taken_whole(join_world, cells, as_csv):
    world, _community = join_world
    bad = person(name="王某二")
    for column, value in cells:
        # A workbook cannot hold control characters; a CSV file can.
        bad[column] = value if as_csv else ILLEGAL_CHARACTERS_RE.sub("", value)
    rows = [person(name="王某一"), bad]
    cache.clear()
    staff = client_for(world.staff_a)
    before = Volunteer.objects.count()
    if as_csv:
        checked = upload(staff, csv_bytes(rows), world, name="名册.csv")
    else:
        checked = upload(staff, xlsx(rows), world)
    assert checked.status_code == 200
    # Checking a file writes nothing; a refused file shows its report.
    assert Volunteer.objects.count() == before
    assert MARKUP not in checked.text
    token = re.search(r'name="token" value="([^"]+)"', checked.text)
    if token:
        response = staff.post(reverse("admin:volunteers_volunteer_import"), {"token": token[1]})
        assert response.status_code in (200, 302)
        assert Volunteer.objects.count() == before + (2 if response.status_code == 302 else 0)
        for volunteer in Volunteer.objects.order_by("-pk")[: Volunteer.objects.count() - before]:
            volunteer.full_clean()


def test_an_upload_is_checked_by_content_not_name(world):
    """A text file named .xlsx is refused clearly, not read as a workbook."""
    staff = client_for(world.staff_a)
    response = staff.post(
        reverse("admin:volunteers_volunteer_import"),
        {"file": SimpleUploadedFile("名册.xlsx", b"not a workbook"), "center": world.a.pk},
    )
    assert response.status_code == 200
    assert Volunteer.objects.count() == 0


def test_markup_in_a_stored_name_is_escaped_on_the_public_certificate(world, client):
    certificate = HoursCertificateFactory(
        volunteer__center=world.a, volunteer_name=MARKUP, issued_on=date(2026, 7, 1)
    )
    page = client.get(f"/volunteers/certificate/{certificate.number}/")
    assert page.status_code == 200
    assert MARKUP not in page.text
    assert "&lt;script&gt;" in page.text
