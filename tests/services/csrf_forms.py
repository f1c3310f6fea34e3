"""The services app's forms for tests/test_csrf.py: (who posts, where, what,
"did it take effect?")."""

from django.urls import reverse

from services.models import ProjectDeliverable, RepairOrder, RepairStatus, VenueBooking
from services.services.repairs import repair_order_move
from tests.factories import ProjectDeliverableFactory, RepairOrderFactory, TechnicianFactory
from tests.services.bookings import open_room
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


FORMS = {
    "repair order": repair_new,
    "repair rating": rating,
    "room request": booking_request,
    "repair status step": move,
    "deliverable acceptance": accept_deliverable,
}
