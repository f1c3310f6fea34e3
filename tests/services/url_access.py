"""What each persona gets from the services app's URLs other than its models'
own admin pages (those run through the persona matrix): URL name -> world ->
[(persona, method, path, status)], merged into tests/url_access.py."""

from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    OccurrenceFactory,
    RepairOrderFactory,
    SignupFactory,
    VenueFactory,
)
from tests.personas import STAFF, everyone
from tests.services.bookings import open_room


def own_order(world):
    return RepairOrderFactory(service__center=world.a)


def tracking(world):
    order = own_order(world)
    return everyone("GET", f"/repairs/{order.tracking_code}/", 200) + everyone(
        "GET", "/repairs/" + "x" * 24 + "/", 404
    )


def booking_form(world):
    return everyone("GET", reverse("services:booking_new", args=[open_room(world.a).pk]), 200) + (
        # A room without opening hours cannot be booked.
        everyone(
            "GET", reverse("services:booking_new", args=[VenueFactory(center=world.a).pk]), 404
        )
    )


def move(world):
    path = reverse("admin:services_repairorder_move", args=[own_order(world).pk, "cancelled"])
    return [
        ("anonymous", "GET", path, 302),
        ("staff_a", "GET", path, 200),
        ("director_a", "GET", path, 200),
        ("staff_b", "GET", path, 404),
        ("leader_s1", "GET", path, 403),  # sees the order, may not move it
        ("leader_s2", "GET", path, 404),
    ]


def admin_photo(world):
    # An order without a photo: nothing to show to anyone (with one, see
    # test_repair_admin.test_staff_see_the_photo_of_their_centers_orders_only).
    path = reverse("admin:services_repairorder_photo", args=[own_order(world).pk])
    return [("anonymous", "GET", path, 302)] + [(p, "GET", path, 404) for p in STAFF]


def activity_detail(world):
    public = OccurrenceFactory(activity__center=world.a)
    staff_only = OccurrenceFactory(activity=ActivityFactory(center=world.a, is_public=False))
    return (
        everyone("GET", f"/activities/{public.pk}/", 200)
        + everyone("GET", f"/en/activities/{public.pk}/", 200)
        + everyone("GET", f"/activities/{staff_only.pk}/", 404)
    )


def signup_page(world):
    signup = SignupFactory(occurrence__activity__center=world.a)
    return everyone("GET", f"/activities/signup/{signup.token}/", 200) + everyone(
        "GET", "/activities/signup/" + "x" * 24 + "/", 404
    )


def occurrence_page(view):
    def checks(world):
        occurrence = OccurrenceFactory(activity__center=world.a)
        path = reverse(f"admin:services_occurrence_{view}", args=[occurrence.pk])
        return [
            ("anonymous", "GET", path, 302),
            ("staff_a", "GET", path, 200),
            ("director_a", "GET", path, 200),
            ("staff_b", "GET", path, 404),
            ("leader_s1", "GET", path, 403),  # sees the occurrence, may not change it
            ("leader_s2", "GET", path, 404),
        ]

    return checks


ACCESS = {
    "services:repair_new": lambda world: (
        everyone("GET", "/repairs/new/", 200) + everyone("GET", "/en/repairs/new/", 200)
    ),
    "services:repair_detail": tracking,
    "services:repair_photo": lambda world: everyone(
        "GET", f"/repairs/{own_order(world).tracking_code}/photo/", 404
    ),
    "services:venue_list": lambda world: (
        everyone("GET", "/venues/", 200) + everyone("GET", "/en/venues/", 200)
    ),
    "services:booking_new": booking_form,
    "admin:services_repairorder_move": move,
    "admin:services_repairorder_photo": admin_photo,
    "services:activity_list": lambda world: (
        everyone("GET", "/activities/", 200) + everyone("GET", "/en/activities/", 200)
    ),
    "services:activity_detail": activity_detail,
    "services:signup_detail": signup_page,
    "admin:services_occurrence_cancel": occurrence_page("cancel"),
    "admin:services_occurrence_move": occurrence_page("move"),
}
