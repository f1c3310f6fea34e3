"""The public repair form: a valid order gets a tracking code; bad input, wrong
photos and too many orders are refused with a clear message, storing nothing."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from services.models import RepairChannel, RepairEvent, RepairOrder
from tests.factories import CommunityFactory, HouseholdFactory, RepairServiceFactory


def image_bytes(format="JPEG", size=(64, 48), **save):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=format, **save)
    return buffer.getvalue()


def form(service, **overrides):
    return {
        "name": "苏女士",
        "phone": "13812341234",
        "community": service.communities.get().pk,
        "address": "5栋1单元302",
        "category": "door_lock",
        "description": "卫生间的门坏了，关不上。",
        "preferred_time": "",
        "consent": "on",
        **overrides,
    }


def stored_photos(settings):
    return [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


def test_the_form_offers_the_communities_served(service, client):
    CommunityFactory(name="没有维修服务的社区")
    response = client.get("/repairs/new/")
    assert response.status_code == 200
    assert "预约维修" in response.text
    assert service.communities.get().name in response.text
    assert "没有维修服务的社区" not in response.text
    assert "0831-6000009" in response.text  # the hotline


def test_the_form_is_in_english_under_en(service, client):
    response = client.get("/en/repairs/new/")
    assert "Book a repair" in response.text
    assert "doors and locks" in response.text


def test_an_order_gets_a_tracking_page(service, client):
    response = client.post("/repairs/new/", form(service))
    order = RepairOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/repairs/{order.tracking_code}/"
    assert len(order.tracking_code) >= 22  # ≥ 128 random bits
    assert (order.channel, order.status, order.service) == (RepairChannel.WEB, "submitted", service)
    assert order.consented_at == order.submitted_at
    assert RepairEvent.objects.get(order=order).status == "submitted"


def test_tracking_codes_differ(service, client):
    for _ in range(3):
        client.post("/repairs/new/", form(service))
    assert len(set(RepairOrder.objects.values_list("tracking_code", flat=True))) == 3


def test_an_order_is_linked_to_the_household_with_that_phone(service, client):
    household = HouseholdFactory(service=service, phone="13812341234")
    client.post("/repairs/new/", form(service))
    assert RepairOrder.objects.get().household == household


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "这个字段是必填项。"),
        ("phone", "12345", "请输入 11 位手机号码"),
        ("category", "roof", "选择一个有效的选项"),
        ("community", "999999", "选择一个有效的选项"),
        ("description", "", "这个字段是必填项。"),
        ("consent", "", "这个字段是必填项。"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_stored(
    service, client, field, value, message
):
    response = client.post("/repairs/new/", form(service, **{field: value}))
    assert response.status_code == 200
    assert message in response.text
    assert 'class="form-summary"' in response.text
    assert "卫生间的门坏了" in response.text or field == "description"  # values kept
    assert not RepairOrder.objects.exists()


def test_bad_input_is_explained_in_english_too(service, client):
    response = client.post("/en/repairs/new/", form(service, phone="12345"))
    assert "Enter an 11-digit mobile number" in response.text
    assert not RepairOrder.objects.exists()


def test_a_community_no_longer_served_is_refused(service, client):
    service.is_active = False
    service.save()
    response = client.post("/repairs/new/", form(service))
    assert response.status_code == 200
    assert not RepairOrder.objects.exists()


def test_a_photo_is_re_encoded_under_a_random_name_outside_media(service, client, settings):
    upload = SimpleUploadedFile("我家的门.png", image_bytes("PNG"), content_type="image/png")
    client.post("/repairs/new/", {**form(service), "photo": upload})
    order = RepairOrder.objects.get()
    [stored] = stored_photos(settings)
    assert order.photo.name == f"repairs/{stored.name}"
    assert stored.suffix == ".jpg" and "门" not in stored.name and len(stored.stem) == 32
    assert Image.open(stored).format == "JPEG"
    assert not Path(settings.MEDIA_ROOT).exists()


def test_the_photo_loses_its_exif_data(service, client, settings):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 45.0, 0.0)}  # GPS position
    photo = image_bytes(exif=exif.tobytes())
    assert Image.open(BytesIO(photo)).getexif()
    upload = SimpleUploadedFile("p.jpg", photo, content_type="image/jpeg")
    client.post("/repairs/new/", {**form(service), "photo": upload})
    [stored] = stored_photos(settings)
    assert not Image.open(stored).getexif()


@pytest.mark.parametrize(
    "content",
    [
        b"#!/bin/sh\necho not a photo\n",
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.4\n" + b"0" * 500,
        image_bytes("PNG")[:60],  # a truncated image
    ],
    ids=["script", "html", "pdf", "truncated"],
)
def test_a_file_that_is_not_an_image_is_refused(service, client, settings, content):
    # Named and typed as a photo: only the content counts.
    upload = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")
    response = client.post("/repairs/new/", {**form(service), "photo": upload})
    assert response.status_code == 200
    assert "该文件不是照片" in response.text
    assert not RepairOrder.objects.exists()
    assert stored_photos(settings) == []


def test_an_oversized_photo_is_refused(service, client, settings):
    settings.REPAIR_PHOTO_MAX_BYTES = 2000
    big = image_bytes("PNG", size=(400, 400), compress_level=0)
    assert len(big) > 2000
    upload = SimpleUploadedFile("big.png", big, content_type="image/png")
    response = client.post("/en/repairs/new/", {**form(service), "photo": upload})
    assert response.status_code == 200
    assert "The photo is too large" in response.text
    assert not RepairOrder.objects.exists()
    assert stored_photos(settings) == []


def test_too_many_orders_from_one_address_get_the_429_page(service, client, settings):
    for _ in range(settings.REPAIR_ORDERS_PER_HOUR):
        assert client.post("/repairs/new/", form(service)).status_code == 302
    refused = client.post("/repairs/new/", form(service))
    assert refused.status_code == 429
    assert RepairOrder.objects.count() == settings.REPAIR_ORDERS_PER_HOUR


def test_the_form_page_runs_one_query(service, client, django_assert_num_queries):
    RepairServiceFactory(center=service.center)  # more services, more communities
    # 1 the communities served; 2 the hotlines
    with django_assert_num_queries(2):
        client.get("/repairs/new/")
