"""The services app's forms for tests/test_csrf.py: (who posts, where, what,
"did it take effect?")."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from services.models import (
    Case,
    HomeVisit,
    Occurrence,
    ProjectDeliverable,
    RepairOrder,
    RepairStatus,
    ShiftAssignment,
    Signup,
    VenueBooking,
)
from services.services.repairs import repair_order_move
from tests.admin_objects import OBJECTS
from tests.factories import (
    MemberFactory,
    OccurrenceFactory,
    ProjectDeliverableFactory,
    RepairOrderFactory,
    ResidentFactory,
    ShiftRoleFactory,
    SignupFactory,
    TechnicianFactory,
    VolunteerFactory,
)
from tests.services.bookings import open_room
from tests.services.shifts import haircut
from tests.services.test_repair_new import form as repair_form


def repair_new(world):
    order = RepairOrderFactory(service__center=world.a)  # a service covering a community
    return (
        None,
        "/repairs/new/",
        repair_form(order.service),
        lambda: RepairOrder.objects.count() > 1,
    )


def rating(world):
    order = RepairOrderFactory(service__center=world.a)
    technician = TechnicianFactory(service=order.service)
    for step in (RepairStatus.DISPATCHED, RepairStatus.ON_SITE, RepairStatus.DONE):
        order = repair_order_move(order=order, to=step, technician=technician)
    url = f"/repairs/{order.tracking_code}/"
    return None, url, {"rating": 5}, lambda: RepairOrder.objects.get().rating is not None


def booking_request(world):
    url = reverse("services:booking_new", args=[open_room(world.a).pk])
    return None, url, {"purpose": "合唱排练"}, VenueBooking.objects.exists


def move(world):
    order = RepairOrderFactory(service__center=world.a)
    url = reverse("admin:services_repairorder_move", args=[order.pk, "cancelled"])
    return world.staff_a, url, {}, lambda: RepairOrder.objects.get().status == "cancelled"


def staffing(world):
    occurrence = haircut(world.a, day=timezone.localdate() + timedelta(days=7))
    role = ShiftRoleFactory(activity=occurrence.activity)
    volunteer = VolunteerFactory(center=world.a)
    url = reverse("admin:services_occurrence_staffing", args=[occurrence.pk])
    return world.staff_a, url, {f"role_{role.pk}": [volunteer.pk]}, ShiftAssignment.objects.exists


def attendance(world):
    occurrence = haircut(world.a, day=timezone.localdate() - timedelta(days=1))
    signup = SignupFactory(occurrence=occurrence)
    url = reverse("admin:services_occurrence_attendance", args=[occurrence.pk])
    data = {
        f"signup_{signup.pk}": "attended",
        "walkin-TOTAL_FORMS": "0",
        "walkin-INITIAL_FORMS": "0",
    }
    return world.staff_a, url, data, lambda: Signup.objects.get().status == "attended"


def case_move(world):
    case = OBJECTS[Case].make(world.a)  # staff_a's case
    url = reverse("admin:services_case_move", args=[case.pk, "assessment"])
    return world.staff_a, url, {}, lambda: Case.objects.get().stage != "intake"


def due_visit_record(world):
    resident = ResidentFactory(center=world.a)
    url = reverse("admin:services_homevisit_add") + f"?resident={resident.pk}"
    data = {
        "resident": resident.pk,
        "visited_on": "2026-01-05",
        "mode": "visit",
        "members": [MemberFactory(center=world.a).pk],
    }
    return world.staff_a, url, data, HomeVisit.objects.exists


def accept_deliverable(world):
    deliverable = ProjectDeliverableFactory(project__center=world.a)
    url = reverse(
        "admin:services_serviceproject_accept", args=[deliverable.project_id, deliverable.pk]
    )
    return (
        world.staff_a,
        url,
        {},
        lambda: ProjectDeliverable.objects.get().accepted_on is not None,
    )


def activity_signup(world):
    occurrence = OccurrenceFactory(activity__center=world.a)
    data = {"name": "张大爷", "phone": "13812341234", "people": 1, "consent": "on"}
    return None, f"/activities/{occurrence.pk}/", data, Signup.objects.exists


def signup_cancel(world):
    signup = SignupFactory(occurrence__activity__center=world.a)
    url = f"/activities/signup/{signup.token}/"
    return None, url, {}, lambda: Signup.objects.get().status == "cancelled"


def occurrence_cancel(world):
    occurrence = OccurrenceFactory(activity__center=world.a)
    url = reverse("admin:services_occurrence_cancel", args=[occurrence.pk])
    data = {"note": "下雨"}
    return world.staff_a, url, data, lambda: Occurrence.objects.get().status == "cancelled"


def occurrence_move(world):
    occurrence = OccurrenceFactory(activity__center=world.a)
    url = reverse("admin:services_occurrence_move", args=[occurrence.pk])
    day = occurrence.rule_date.isoformat()
    data = {"starts_at_0": day, "starts_at_1": "14:00", "ends_at_0": day, "ends_at_1": "15:00"}

    def moved():
        return Occurrence.objects.get().starts_at != occurrence.starts_at

    return world.staff_a, url, data, moved


FORMS = {
    "repair order": repair_new,
    "repair rating": rating,
    "room request": booking_request,
    "repair status step": move,
    "staff the shifts": staffing,
    "attendance sheet": attendance,
    "case stage step": case_move,
    "home visit": due_visit_record,
    "deliverable acceptance": accept_deliverable,
    "activity sign-up": activity_signup,
    "sign-up cancel": signup_cancel,
    "occurrence cancel": occurrence_cancel,
    "occurrence move": occurrence_move,
}
