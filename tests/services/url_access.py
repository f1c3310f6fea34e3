"""What each persona gets from the services app's URLs other than its models'
own admin pages (those run through the persona matrix): URL name -> world ->
[(persona, method, path, status)], merged into tests/url_access.py."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from services.models import Case
from tests.admin_objects import OBJECTS
from tests.factories import (
    ActivityFactory,
    OccurrenceFactory,
    ProjectDeliverableFactory,
    RepairOrderFactory,
    SignupFactory,
    VenueFactory,
)
from tests.personas import STAFF, everyone
from tests.services.bookings import open_room
from tests.services.shifts import haircut


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


def occurrence_page(name):
    """Staff of the center read and save; leaders of its street read (403 on a
    save); others get 404. The occurrence is over, so its sheet is open."""

    def checks(world):
        occurrence = haircut(world.a, day=timezone.localdate() - timedelta(days=1))
        path = reverse(f"admin:services_occurrence_{name}", args=[occurrence.pk])
        return [
            ("anonymous", "GET", path, 302),
            ("staff_a", "GET", path, 200),
            ("director_a", "GET", path, 200),
            ("staff_b", "GET", path, 404),
            ("leader_s1", "GET", path, 200),  # reads it
            ("leader_s1", "POST", path, 403),  # may not save it
            ("leader_s2", "GET", path, 404),
            ("staff_b", "POST", path, 404),
        ]

    return checks


def due_visits(world):
    path = reverse("admin:services_resident_due")
    return [
        ("anonymous", "GET", path, 302),
        ("staff_a", "GET", path, 200),
        ("director_a", "GET", path, 200),
        ("staff_b", "GET", path, 200),  # their own center's residents (none)
        ("leader_s1", "GET", path, 403),  # leaders read figures, never residents
        ("leader_s2", "GET", path, 403),
    ]


def case_move(world):
    # A case of staff_a's (tests/admin_objects.py): its worker and the director.
    case = OBJECTS[Case].make(world.a)
    path = reverse("admin:services_case_move", args=[case.pk, "assessment"])
    return [
        ("anonymous", "GET", path, 302),
        ("staff_a", "GET", path, 200),
        ("director_a", "GET", path, 200),
        ("staff_b", "GET", path, 404),
        ("leader_s1", "GET", path, 403),
        ("leader_s2", "GET", path, 403),
    ]


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


def occurrence_change_page(view):
    """Cancel or move: staff and directors of the center; leaders see the
    occurrence but may not change it."""

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


def accept_deliverable(world):
    deliverable = ProjectDeliverableFactory(project__center=world.a)
    path = reverse(
        "admin:services_serviceproject_accept", args=[deliverable.project_id, deliverable.pk]
    )
    return [
        ("anonymous", "GET", path, 302),
        ("staff_a", "GET", path, 200),
        ("director_a", "GET", path, 200),
        ("staff_b", "GET", path, 404),
        ("leader_s1", "GET", path, 403),  # sees the project, may not accept for it
        ("leader_s2", "GET", path, 404),
    ]


ACCESS = {
    # The residents' site: the home page and the services by need.
    "services:home": lambda world: everyone("GET", "/", 200) + everyone("GET", "/en/", 200),
    "services:service_guide": lambda world: (
        everyone("GET", "/services/", 200) + everyone("GET", "/en/services/", 200)
    ),
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
    "admin:services_occurrence_staffing": occurrence_page("staffing"),
    "admin:services_occurrence_attendance": occurrence_page("attendance"),
    "admin:services_resident_due": due_visits,
    "admin:services_case_move": case_move,
    "admin:services_serviceproject_accept": accept_deliverable,
    "services:activity_list": lambda world: (
        everyone("GET", "/activities/", 200) + everyone("GET", "/en/activities/", 200)
    ),
    "services:activity_detail": activity_detail,
    "services:signup_detail": signup_page,
    "admin:services_occurrence_cancel": occurrence_change_page("cancel"),
    "admin:services_occurrence_move": occurrence_change_page("move"),
}
