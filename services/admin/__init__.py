"""The services app's admin, one module per part of the domain (each registers
its models on import)."""

from services.admin import bookings, projects, repairs  # noqa: F401
