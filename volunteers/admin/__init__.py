"""The volunteers' admin, one module per part (registration happens on import)."""

from volunteers.admin import (  # noqa: F401
    access_log,
    certificates,
    hours,
    subsidies,
    teams,
    volunteers,
)
