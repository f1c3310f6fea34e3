"""The services app's models, one module per part of the domain, re-exported here."""

from services.models.bookings import BookingStatus, VenueBooking
from services.models.repair_services import Household, HouseholdPlan, RepairService, Technician
from services.models.repairs import (
    TRANSITIONS,
    WAITING,
    RepairCategory,
    RepairChannel,
    RepairEvent,
    RepairOrder,
    RepairPart,
    RepairStatus,
)
from services.models.tallies import RepairMonth, RepairResponseMinutes

__all__ = [
    "TRANSITIONS",
    "WAITING",
    "BookingStatus",
    "Household",
    "HouseholdPlan",
    "RepairCategory",
    "RepairChannel",
    "RepairEvent",
    "RepairMonth",
    "RepairOrder",
    "RepairPart",
    "RepairResponseMinutes",
    "RepairService",
    "RepairStatus",
    "Technician",
    "VenueBooking",
]
