"""The services app's admin, one module per part of the domain (each registers
its models on import)."""

from services.admin import bookings, cases, projects, repairs, residents, shifts  # noqa: F401
