"""Star volunteers (星级志愿者): the level follows cumulative confirmed hours.

The thresholds are a local rule, so a setting (VOLUNTEER_STAR_THRESHOLDS,
default 100/300/600/1000/1500 h for 1 to 5 stars).
"""

from decimal import Decimal

from django.conf import settings


def thresholds() -> list[int]:
    return list(settings.VOLUNTEER_STAR_THRESHOLDS)


def star_level(confirmed_hours: Decimal | int) -> int:
    return sum(1 for hours in thresholds() if confirmed_hours >= hours)


def hours_range(stars: int) -> tuple[int, int | None]:
    """The confirmed hours [low, high) of a level; high is None for the top level."""
    bounds = [0, *thresholds()]
    high = bounds[stars + 1] if stars + 1 < len(bounds) else None
    return bounds[stars], high


def display(stars: int) -> str:
    return "★" * stars if stars else "—"
