"""The response clock of repair orders: pure arithmetic, no database.

Response time = on site − submitted, counted only while the clock runs. By
default it always runs; a center may pause it outside business hours and on
holidays (settings REPAIR_CLOCK_HOURS and REPAIR_CLOCK_HOLIDAYS). Both the
time taken and the deadline are computed here and nowhere else.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from django.conf import settings
from django.utils import timezone

# The clock is computed day by day; a search for a deadline gives up after this
# many days (a year of holidays would be a mistake in the settings).
MAX_DAYS = 400


@dataclass(frozen=True)
class ResponseClock:
    """When the clock runs: between `opens` and `closes` local time (always, when
    both are None), except on `holidays`."""

    opens: time | None = None
    closes: time | None = None
    holidays: frozenset[date] = field(default_factory=frozenset)
    tz: tzinfo | None = None

    def __post_init__(self):
        if (self.opens is None) != (self.closes is None):
            raise ValueError("Give both business hours or neither.")
        if self.opens is not None and self.closes <= self.opens:
            raise ValueError("Business hours must close after they open.")

    @property
    def always_runs(self) -> bool:
        return self.opens is None and not self.holidays

    def running_time(self, start: datetime, end: datetime) -> timedelta:
        """How long the clock ran between two moments (zero if end is before start)."""
        if end <= start:
            return timedelta(0)
        if self.always_runs:
            return end - start
        total = timedelta(0)
        for window_start, window_end in self._windows(start):
            if window_start >= end:
                break
            total += min(window_end, end) - window_start
        return total

    def deadline(self, start: datetime, allowed: timedelta) -> datetime:
        """The moment the clock, started at `start`, has run for `allowed`."""
        if self.always_runs:
            return start + allowed
        left = allowed
        for window_start, window_end in self._windows(start):
            if window_end - window_start >= left:
                return window_start + left
            left -= window_end - window_start
        raise ValueError(f"The clock does not run within {MAX_DAYS} days of {start}.")

    def _windows(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The periods in which the clock runs, from `start` on, in order."""
        tz = self.tz or timezone.get_current_timezone()
        day = start.astimezone(tz).date()
        for _ in range(MAX_DAYS):
            if day not in self.holidays:
                if self.opens is None:
                    opens = datetime.combine(day, time(0), tz)
                    closes = datetime.combine(day + timedelta(days=1), time(0), tz)
                else:
                    opens = datetime.combine(day, self.opens, tz)
                    closes = datetime.combine(day, self.closes, tz)
                opens = max(opens, start)
                if closes > opens:
                    yield opens, closes
            day += timedelta(days=1)


def parse_hours(value: str) -> tuple[time | None, time | None]:
    """ "08:00-20:00" → (08:00, 20:00); "" → (None, None): the clock always runs."""
    if not value.strip():
        return None, None
    opens, closes = (time.fromisoformat(part.strip()) for part in value.split("-"))
    return opens, closes


def configured_clock() -> ResponseClock:
    """The clock the settings describe."""
    opens, closes = parse_hours(settings.REPAIR_CLOCK_HOURS)
    holidays = frozenset(date.fromisoformat(day) for day in settings.REPAIR_CLOCK_HOLIDAYS)
    return ResponseClock(opens=opens, closes=closes, holidays=holidays)


def response_target() -> timedelta:
    return timedelta(minutes=settings.REPAIR_RESPONSE_TARGET_MINUTES)
