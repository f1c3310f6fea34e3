"""Asking for a room on the public form: a valid request (or weekly series) is
stored for staff to approve; bad input and clashes are refused with the dates,
storing nothing."""

from datetime import timedelta

import pytest

from services.models import BookingStatus, VenueBooking
from tests.factories import VenueBookingFactory, VenueFactory
from tests.services.bookings import MONDAY, at

TUESDAY = MONDAY + timedelta(days=1)


pytestmark = pytest.mark.usefixtures("monday")


def url(room):
    return f"/venues/{room.pk}/book/"


def request_form(**overrides):
    return {
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
        **overrides,
    }


def approved(room, day, start, end):
    return VenueBookingFactory(
        venue=room, starts_at=at(day, *start), ends_at=at(day, *end), status="approved"
    )


def test_the_form_speaks_the_readers_language(room, client):
    assert "最多 12 周" in client.get(url(room)).text
    english = client.get(f"/en{url(room)}").text
    assert "up to 12 weeks" in english and "最多" not in english


def test_the_form_is_prefilled_from_a_free_time(room, client):
    response = client.get(url(room), {"day": "2026-12-08", "starts": "16:30", "ends": "18:30"})
    assert response.status_code == 200
    assert 'value="2026-12-08"' in response.text and 'value="16:30"' in response.text
    assert "申请使用声乐室" in response.text


def test_a_request_is_stored_for_staff_to_approve(room, client):
    response = client.post(url(room), request_form())
    assert response.status_code == 302
    assert response["Location"] == "/venues/"
    booking = VenueBooking.objects.get()
    assert (booking.status, booking.series) == (BookingStatus.REQUESTED, None)
    assert (booking.starts_at, booking.ends_at) == (at(TUESDAY, 14, 30), at(TUESDAY, 16, 30))
    assert booking.consented_at is not None
    page = client.get("/venues/").text
    assert "139****9999" in page and "14:30–16:30 已预约" not in page


def test_a_weekly_series_is_one_request_per_week(room, client):
    client.post(url(room), request_form(weeks="8"))
    bookings = list(VenueBooking.objects.order_by("starts_at"))
    assert len(bookings) == 8
    assert len({b.series for b in bookings}) == 1 and bookings[0].series is not None
    assert [b.starts_at for b in bookings] == [
        at(TUESDAY + timedelta(weeks=w), 14, 30) for w in range(8)
    ]


def test_a_series_clashing_with_approved_bookings_is_refused_with_the_dates(room, client):
    approved(room, TUESDAY + timedelta(weeks=2), (15, 0), (17, 0))
    approved(room, TUESDAY + timedelta(weeks=5), (13, 0), (14, 45))
    response = client.post(url(room), request_form(weeks="8"))
    assert response.status_code == 200
    assert "以下日期该时段已被预约：2026年12月22日、2027年1月12日。" in response.text
    assert VenueBooking.objects.count() == 2


def test_the_clash_is_explained_in_english(room, client):
    approved(room, TUESDAY, (16, 0), (17, 0))
    response = client.post(f"/en{url(room)}", request_form())
    assert "The room is already booked at this time on: 12/08/2026." in response.text
    assert VenueBooking.objects.count() == 1


def test_touching_bookings_do_not_clash(room, client):
    approved(room, TUESDAY, (12, 30), (14, 30))
    approved(room, TUESDAY, (16, 30), (18, 0))
    assert client.post(url(room), request_form()).status_code == 302


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"people": "26"}, "该活动室最多容纳 25 人"),
        ({"people": "0"}, "确保该值大于或等于1"),
        ({"ends": "14:00"}, "结束时间应晚于开始时间"),
        ({"starts": "07:00"}, "以下日期活动室在所选时段内不全开放：2026年12月8日"),
        ({"ends": "21:00"}, "以下日期活动室在所选时段内不全开放"),
        ({"day": "2026-12-06"}, "请选择今天到 2026-12-20 之间的日期"),
        ({"day": "2026-12-21"}, "请选择今天到 2026-12-20 之间的日期"),
        ({"day": "2026-12-07", "starts": "08:30"}, "这些日期已经过去：2026年12月7日"),
        ({"weeks": "13"}, "确保该值小于或等于12"),
        ({"phone": "1234"}, "请输入 11 位手机号码"),
        ({"day": "明天"}, "输入一个有效的日期"),
        ({"purpose": ""}, "这个字段是必填项"),
        ({"consent": ""}, "这个字段是必填项"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(room, client, change, message):
    response = client.post(url(room), request_form(**change))
    assert response.status_code == 200
    assert message in response.text
    assert 'class="form-summary"' in response.text
    assert "合唱排练" in response.text  # what was typed is kept
    assert not VenueBooking.objects.exists()


def test_a_room_without_opening_hours_cannot_be_asked_for(world, client):
    room = VenueFactory(center=world.a)
    assert client.get(url(room)).status_code == 404
    assert client.post(url(room), request_form()).status_code == 404


def test_too_many_requests_from_one_address_get_the_429_page(room, client, settings):
    for hour in range(settings.VENUE_BOOKING_REQUESTS_PER_HOUR):
        client.post(url(room), request_form(starts=f"{9 + hour:02d}:00", ends=f"{9 + hour:02d}:30"))
    assert client.post(url(room), request_form()).status_code == 429
