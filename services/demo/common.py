"""What the services demo's parts share: local times, how far back the records
go at a DEMO_SCALE, and the made-up people who sign up.

DEMO_SCALE shortens the history, not the schedules: every activity, project and
schedule is the same at any scale, but the records of the past (attendance,
visits) reach back only that share of the time since each began, and never less
than a floor (a year of haircuts and first Fridays; five weeks of the rest), so
that the tests' small scale stays quick and still shows every kind of record.
"""

import random
import time as clock
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from members.demo import SURNAMES


def local(day: date, at: time = time(0)) -> datetime:
    return datetime.combine(day, at, timezone.get_current_timezone())


def today() -> date:
    return timezone.localdate()


def start_of_today() -> datetime:
    """Records before it are past (attendance taken, shifts served), occurrences
    from tomorrow on are to come: a second run on the same day finds the same."""
    return local(today())


def scale() -> float:
    return settings.DEMO_SCALE


def history_start(first: date, *, floor_days: int) -> date:
    """The first day whose records the demo makes, for a schedule that began on
    `first`: the DEMO_SCALE share of the days since, at least `floor_days`."""
    days = (today() - first).days
    depth = max(floor_days, round(days * scale()))
    return max(first, today() - timedelta(days=depth))


def scaled(count: int, *, least: int) -> int:
    return max(least, round(count * scale()))


def person(index: int) -> tuple[str, str]:
    """A made-up resident who signs up for activities: a name like 王某3001 (not
    a volunteer's 王某00001 nor a worker's 王某001) and a mobile number of the
    demo's own range."""
    return f"{SURNAMES[index % len(SURNAMES)]}某{index:04d}", f"136{index:08d}"


def rng_for(*parts) -> random.Random:
    """A random generator fixed by what it is for, so a run finds the same."""
    return random.Random("-".join(str(part) for part in parts))


class Stopwatch:
    """Seconds per step for a part's line of output: wall clock, and the CPU time
    (what the step costs on a machine that other work does not share)."""

    def __init__(self):
        self.last = (clock.monotonic(), clock.process_time())
        self.laps: list[tuple[str, float, float]] = []

    def lap(self, name: str) -> None:
        now = (clock.monotonic(), clock.process_time())
        self.laps.append((name, now[0] - self.last[0], now[1] - self.last[1]))
        self.last = now

    def __str__(self) -> str:
        return ", ".join(f"{name} {wall:.1f} s (CPU {cpu:.1f} s)" for name, wall, cpu in self.laps)
