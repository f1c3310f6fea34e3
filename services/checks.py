"""Settings of the services app that `manage.py check` (and every start) verifies,
so a wrong value fails loudly at deploy time rather than at the first order."""

from django.core.checks import Error, register

from services.clock import configured_clock


@register
def check_repair_clock(app_configs=None, **kwargs):
    try:
        configured_clock()
    except ValueError as error:
        return [
            Error(
                f"REPAIR_CLOCK_HOURS or REPAIR_CLOCK_HOLIDAYS is not valid: {error}",
                hint="Use e.g. REPAIR_CLOCK_HOURS=08:00-20:00 and "
                "REPAIR_CLOCK_HOLIDAYS=2026-10-01,2026-10-02, or leave both empty.",
                id="services.E001",
            )
        ]
    return []
