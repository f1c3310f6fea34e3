"""The services app's admin, one module per part of the domain (each registers
its models on import)."""

from services.admin import activities, bookings, repairs  # noqa: F401
