"""The tracking page: status and history for whoever holds the code, the phone
masked; unknown codes answer 404 and, past a limit per address, 429; the rating
is asked once the repair is done, and taken once."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from services.models import RepairOrder, RepairStatus
from services.services.repairs import repair_order_move
from tests.factories import RepairOrderFactory
from tests.services.test_repair_new import form, image_bytes

S = RepairStatus


@pytest.fixture
def order(service):
    return RepairOrderFactory(service=service, name="苏女士", phone="13812341234")


def done(order, technician):
    for step in (S.DISPATCHED, S.ON_SITE, S.DONE):
        order = repair_order_move(order=order, to=step, technician=technician)
    return order


def url(order):
    return f"/repairs/{order.tracking_code}/"


def test_it_shows_the_status_and_history_with_the_phone_masked(order, technician, client):
    repair_order_move(order=order, to=S.DISPATCHED, technician=technician)
    response = client.get(url(order))
    assert response.status_code == 200
    assert "师傅已出发" in response.text and "王某601" in response.text
    assert "138****1234" in response.text
    assert "13812341234" not in response.text
    assert "苏**" in response.text and "苏女士" not in response.text
    assert order.address not in response.text
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert '<meta name="robots" content="noindex">' in response.text


def test_it_speaks_english_under_en(order, client):
    response = client.get(f"/en{url(order)}")
    assert "Your repair order" in response.text and "submitted" in response.text


def test_unknown_codes_are_not_found(order, client):
    assert client.get("/repairs/" + "A" * 24 + "/").status_code == 404
    assert client.get(url(order)[:-3] + "/").status_code == 404


def test_guessing_codes_is_refused_after_the_limit_even_for_a_right_code(order, client, settings):
    settings.REPAIR_TRACKING_MISSES_PER_HOUR = 5
    for guess in range(5):
        assert client.get(f"/repairs/guess{guess:020d}/").status_code == 404
    assert client.get("/repairs/guess00000000000000000099/").status_code == 429
    # A right code does not tell the guesser anything while the limit holds…
    assert client.get(url(order)).status_code == 429
    # …but another address is not affected.
    assert client.get(url(order), REMOTE_ADDR="10.1.1.1").status_code == 200


def test_looking_up_ones_own_order_does_not_count(order, client, settings):
    settings.REPAIR_TRACKING_MISSES_PER_HOUR = 2
    for _ in range(10):
        assert client.get(url(order)).status_code == 200


def test_its_query_count_is_fixed(order, technician, client, django_assert_num_queries):
    order = done(order, technician)
    order.parts.create(name="合页", quantity=2, unit_price="8.00")
    order.parts.create(name="锁芯", quantity=1, unit_price="45.00")
    # 1 the order with its community, technician and service; 2 its events with
    # their technicians; 3 its parts
    with django_assert_num_queries(3):
        response = client.get(url(order))
    assert "配件费 61.00 元" in response.text


def test_a_done_repair_without_parts_is_free(order, technician, client):
    response = client.get(url(done(order, technician)))
    assert "免费：没有更换配件。" in response.text


def test_the_rating_is_asked_only_once_the_repair_is_done(order, technician, client):
    assert "评价这次维修" not in client.get(url(order)).text
    response = client.post(url(order), {"rating": 5})
    assert response.status_code == 302
    assert RepairOrder.objects.get().rating is None
    order = done(order, technician)
    assert "评价这次维修" in client.get(url(order)).text


def test_the_rating_is_taken_once(order, technician, client):
    order = done(order, technician)
    response = client.post(url(order), {"rating": 4, "comment": "师傅很专业"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.rating, order.rating_comment) == (4, "师傅很专业")
    assert order.rated_at is not None
    page = client.get(url(order)).text
    assert "★★★★☆" in page and "评价这次维修" not in page
    second = client.post(url(order), {"rating": 1, "comment": "改主意了"}, follow=True)
    assert "这次维修现在不能评价" in second.text
    order.refresh_from_db()
    assert (order.rating, order.rating_comment) == (4, "师傅很专业")


@pytest.mark.parametrize("rating", ["0", "6", "five", ""])
def test_a_bad_rating_is_refused_beside_the_field(order, technician, client, rating):
    order = done(order, technician)
    response = client.post(url(order), {"rating": rating, "comment": "好"})
    assert response.status_code == 200
    assert 'class="form-summary"' in response.text
    assert RepairOrder.objects.get().rating is None


def test_the_photo_is_served_only_with_the_code(service, client):
    upload = SimpleUploadedFile("door.jpg", image_bytes(), content_type="image/jpeg")
    client.post("/repairs/new/", {**form(service), "photo": upload})
    order = RepairOrder.objects.get()
    page = client.get(url(order)).text
    assert f"/repairs/{order.tracking_code}/photo/" in page
    photo = client.get(f"/repairs/{order.tracking_code}/photo/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo["Cache-Control"] == "private, no-store"
    assert b"".join(photo.streaming_content)[:2] == b"\xff\xd8"
    assert client.get("/repairs/" + "B" * 24 + "/photo/").status_code == 404
    assert order.photo.name not in page  # the stored name is never shown


def test_an_order_without_a_photo_has_no_photo_page(order, client):
    assert client.get(f"{url(order)}photo/").status_code == 404


def test_the_response_is_shown_once_on_site(order, technician, client):
    repair_order_move(order=order, to=S.DISPATCHED, technician=technician)
    repair_order_move(order=order, to=S.ON_SITE, at=order.submitted_at + timedelta(minutes=38))
    assert "下单后 38 分钟上门" in client.get(url(order)).text
