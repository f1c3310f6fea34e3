"""The services app's admin, one module per part of the domain (each registers
its models on import)."""

from services.admin import (  # noqa: F401
    activities,
    bookings,
    cases,
    projects,
    repairs,
    residents,
    shifts,
    signups,
)
