"""What every step of the build shares: the scale, today, and the places made first."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone

# The 1x figures (DOMAIN.md: Yibin city) and the proportions chosen around them.
FULL = {
    "volunteers": 376_000,
    "hours": 3_782_000,  # hours entries (ServiceHours rows)
    "certified": 807,  # certified workers on the staff today
    "workers": 1_076,  # workers on the staff today (807 / 1076 = 75%)
    "workers_left": 60,
    "organizations": 150,
    "honors": 100,
    "follow_up_visits": 200,
    "enrollments": 40,
    "teams": 100,
    "memberships": 30_000,
    "hours_certificates": 800,
    "census_volunteers": 30,
    "households": 6_500,
    "repair_orders": 90_000,
    "residents": 12_000,
    "visits": 80_000,
    "cases": 2_400,
    "projects": 80,
    "activities": 320,
    "signups": 400_000,
    "bookings": 20_000,
}


def scaled(full: int, scale: float) -> int:
    return max(1, round(full * scale))


@dataclass
class Context:
    scale: float
    today: date = field(default_factory=timezone.localdate)
    tz: str = settings.TIME_ZONE
    # Filled by the places step.
    streets: list = field(default_factory=list)
    communities: list = field(default_factory=list)
    agencies: list = field(default_factory=list)  # the 13 centers other than rooms
    rooms: list = field(default_factory=list)  # one community social-work room per community
    incubator: object = None
    rebuilt: list = field(default_factory=list)  # (app, seconds) of the tally rebuild

    def n(self, key: str) -> int:
        return scaled(FULL[key], self.scale)

    @property
    def centers(self) -> list:
        return [*self.agencies, *self.rooms]

    def local(self, day_sql: str, time_sql: str) -> str:
        """SQL for a timestamptz: a local day and time of day in the site's time zone."""
        return f"((({day_sql})::date + ({time_sql})::time) AT TIME ZONE '{self.tz}')"
