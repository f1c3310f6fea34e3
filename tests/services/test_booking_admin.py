"""Staff approve or decline requests and enter bookings (a weekly series in one
go); two approved bookings of one room never overlap, whatever the order of
approvals, and on PostgreSQL the database refuses them too."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from services.models import BookingStatus, VenueBooking
from services.services.bookings import booking_approve, booking_decline
from tests.conftest import client_for
from tests.factories import VenueBookingFactory
from tests.services.bookings import MONDAY, at, open_room

LIST = reverse("admin:services_venuebooking_changelist")
ADD = reverse("admin:services_venuebooking_add")
TUESDAY = MONDAY + timedelta(days=1)


pytestmark = pytest.mark.usefixtures("monday")


def requested(room, day=TUESDAY, start=(14, 30), end=(16, 30), **fields):
    return VenueBookingFactory(
        venue=room, starts_at=at(day, *start), ends_at=at(day, *end), **fields
    )


def act(user, action, bookings):
    return client_for(user).post(
        LIST, {"action": action, "_selected_action": [b.pk for b in bookings]}, follow=True
    )


def test_staff_approve_a_request(world, room):
    booking = requested(room)
    response = act(world.staff_a, "approve", [booking])
    assert "已批准 1 个预约" in response.text
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by) == (BookingStatus.APPROVED, world.staff_a)
    assert booking.history.latest().history_user == world.staff_a


def test_approving_a_clashing_request_is_refused_with_the_date(world, room):
    first, second = requested(room), requested(room, start=(15, 30), end=(17, 0))
    act(world.staff_a, "approve", [first])
    response = act(world.staff_a, "approve", [second])
    assert "在以下日期该时段已被预约：2026年12月8日" in response.text
    second.refresh_from_db()
    assert second.status == BookingStatus.REQUESTED


def test_two_clashing_requests_are_not_approved_together(world, room):
    both = [requested(room), requested(room, start=(16, 0), end=(18, 0))]
    act(world.staff_a, "approve", both)
    assert not VenueBooking.objects.approved().exists()


def test_a_weekly_series_is_approved_whole_or_not_at_all(world, room):
    series = [
        requested(
            room, day=TUESDAY + timedelta(weeks=w), series="5b2c1f9e-0000-4000-8000-000000000001"
        )
        for w in range(4)
    ]
    blocker = requested(room, day=TUESDAY + timedelta(weeks=2), start=(16, 0), end=(17, 0))
    act(world.staff_a, "approve", [blocker])
    response = act(world.staff_a, "approve", series[:1])  # one row stands for its series
    assert "2026年12月22日" in response.text
    assert VenueBooking.objects.approved().count() == 1
    act(world.staff_a, "decline", [blocker])
    act(world.staff_a, "approve", series[:1])
    assert VenueBooking.objects.approved().count() == 4


def test_declining_frees_the_room_and_cancelling_an_approved_one_too(world, room):
    request, booking = requested(room), requested(room, day=TUESDAY + timedelta(days=1))
    booking_approve(bookings=[booking], by=world.staff_a)
    act(world.staff_a, "decline", [request, booking])
    statuses = dict(VenueBooking.objects.values_list("pk", "status"))
    assert statuses == {request.pk: BookingStatus.DECLINED, booking.pk: BookingStatus.CANCELLED}
    with pytest.raises(ValidationError):
        booking_decline(bookings=[request], by=world.staff_a)
    with pytest.raises(ValidationError):
        booking_approve(bookings=[request], by=world.staff_a)


def test_a_declined_booking_is_read_only(world, room):
    booking = requested(room, status=BookingStatus.DECLINED)
    url = reverse("admin:services_venuebooking_change", args=[booking.pk])
    assert client_for(world.staff_a).post(url, {"purpose": "x"}).status_code == 403


def test_leaders_see_the_phone_masked_and_the_log_says_who_saw_it_in_full(world, room, caplog):
    booking = requested(room, phone="13912345678")
    url = reverse("admin:services_venuebooking_change", args=[booking.pk])
    leader = client_for(world.leader_s1).get(url).text
    assert "139****5678" in leader and "13912345678" not in leader
    with caplog.at_level("INFO", logger="sanshe.personal_data"):
        assert "13912345678" in client_for(world.staff_a).get(url).text
    assert f"services.VenueBooking {booking.pk} shown with the full phone to staff_a" in caplog.text
    assert "13912345678" not in caplog.text


def test_leaders_may_not_approve_and_other_centers_see_nothing(world, room):
    booking = requested(room)
    act(world.leader_s1, "approve", [booking])
    act(world.staff_b, "approve", [booking])
    assert VenueBooking.objects.get().status == BookingStatus.REQUESTED


def staff_form(room, **overrides):
    return {
        "venue": room.pk,
        "starts_at_0": "2026-12-08",
        "starts_at_1": "14:30",
        "ends_at_0": "2026-12-08",
        "ends_at_1": "16:30",
        "name": "王某902",
        "phone": "13900008888",
        "organization_name": "彩云湖社区艺术团合唱队",
        "purpose": "合唱排练",
        "people": "20",
        "weeks": "12",
        "approve": "on",
        **overrides,
    }


def test_staff_book_a_weekly_series_in_one_go(world, room):
    page = client_for(world.staff_a).get(ADD).text
    assert 'name="weeks"' in page and 'name="approve"' in page
    response = client_for(world.staff_a).post(ADD, staff_form(room))
    assert response.status_code == 302
    bookings = VenueBooking.objects.order_by("starts_at")
    assert bookings.count() == 12
    assert {b.status for b in bookings} == {BookingStatus.APPROVED}
    assert bookings.last().starts_at == at(TUESDAY + timedelta(weeks=11), 14, 30)
    assert {b.decided_by for b in bookings} == {world.staff_a}


def test_a_staff_series_with_clashes_is_refused_with_the_dates(world, room):
    requested(room, day=TUESDAY + timedelta(weeks=3), status=BookingStatus.APPROVED)
    response = client_for(world.staff_a).post(ADD, staff_form(room))
    assert response.status_code == 200
    assert "以下日期该时段已被预约：2026年12月29日" in response.text
    assert VenueBooking.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"people": "26"}, "该活动室最多容纳 25 人"),
        ({"ends_at_1": "14:00"}, "预约的结束时间应晚于开始时间"),
        ({"starts_at_1": "06:00"}, "活动室在所选时段内不全开放"),
        ({"weeks": "0"}, "确保该值大于或等于1"),
    ],
)
def test_bad_staff_bookings_are_refused(world, room, change, message):
    response = client_for(world.staff_a).post(ADD, staff_form(room, **change))
    assert response.status_code == 200
    assert message in response.text
    assert not VenueBooking.objects.exists()


def test_moving_a_request_onto_an_approved_booking_is_refused(world, room):
    requested(room, status=BookingStatus.APPROVED)
    other = requested(room, start=(17, 0), end=(18, 0))
    url = reverse("admin:services_venuebooking_change", args=[other.pk])
    data = {**staff_form(room), "starts_at_1": "16:00"}
    del data["weeks"], data["approve"]
    response = client_for(world.staff_a).post(url, data)
    assert "以下日期该时段已被预约" in response.text
    other.refresh_from_db()
    assert other.starts_at == at(TUESDAY, 17)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's"
)
def test_postgresql_refuses_overlapping_approved_bookings_written_past_the_checks(room):
    requested(room, status=BookingStatus.APPROVED)
    second = requested(room, start=(16, 0), end=(17, 0))
    with pytest.raises(IntegrityError, match="venuebooking_no_overlap"), transaction.atomic():
        VenueBooking.objects.filter(pk=second.pk).update(status=BookingStatus.APPROVED)
    # Requests may overlap; so may bookings of other rooms.
    requested(room, start=(16, 0), end=(17, 0))
    other_room = open_room(room.center)
    requested(other_room, status=BookingStatus.APPROVED)


def test_a_clash_is_explained_in_english_in_the_admin(world, room):
    first, second = requested(room), requested(room, start=(15, 30), end=(17, 0))
    booking_approve(bookings=[first], by=world.staff_a)
    response = client_for(world.staff_a).post(
        f"/en{LIST}", {"action": "approve", "_selected_action": [second.pk]}, follow=True
    )
    assert "is already booked at this time on: 12/08/2026." in response.text
    assert VenueBooking.objects.get(pk=second.pk).status == BookingStatus.REQUESTED
