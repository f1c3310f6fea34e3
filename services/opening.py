"""When a room is open, and which parts of an opening are free or taken: pure
functions over opening-hours rows and booked periods (no database)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

Period = tuple[datetime, datetime]
SUGGESTED_LENGTH = timedelta(hours=2)


def open_periods(hours: Iterable, day: date, tz: tzinfo) -> list[Period]:
    """The room's openings on `day` (rows with weekday, opens, closes), merged
    where one ends as the next begins, in order."""
    periods = sorted(
        (datetime.combine(day, row.opens, tz), datetime.combine(day, row.closes, tz))
        for row in hours
        if row.weekday == day.isoweekday()
    )
    merged: list[Period] = []
    for start, end in periods:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def is_open(hours: Iterable, starts_at: datetime, ends_at: datetime, tz: tzinfo) -> bool:
    """True when one opening of the room holds the whole period."""
    day = starts_at.astimezone(tz).date()
    return any(start <= starts_at and ends_at <= end for start, end in open_periods(hours, day, tz))


@dataclass(frozen=True)
class Segment:
    starts_at: datetime
    ends_at: datetime
    taken: bool

    @property
    def suggested_end(self) -> datetime:
        """What a request form proposes for a free segment: at most two hours."""
        return min(self.ends_at, self.starts_at + SUGGESTED_LENGTH)

    # Formatted here, not in the template: a page shows thousands of segments.
    # Their times are in the opening's zone, the local time.

    @property
    def span(self) -> str:
        """14:30–16:30"""
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    @property
    def query(self) -> str:
        """The request form's fields for this segment, as a query string."""
        starts = self.starts_at
        return f"day={starts:%Y-%m-%d}&starts={starts:%H:%M}&ends={self.suggested_end:%H:%M}"


def segments(opening: Period, booked: Iterable[Period]) -> list[Segment]:
    """Cut one opening into free and taken segments by the booked periods
    (segments keep the opening's time zone)."""
    start, end = opening
    tz = start.tzinfo
    booked = [(s.astimezone(tz), e.astimezone(tz)) for s, e in booked]
    cursor = start
    result: list[Segment] = []
    for booked_start, booked_end in sorted(booked):
        booked_start, booked_end = max(booked_start, start), min(booked_end, end)
        if booked_start >= booked_end or booked_end <= cursor:
            continue
        if booked_start > cursor:
            result.append(Segment(cursor, booked_start, taken=False))
        taken_from = max(booked_start, cursor)
        if result and result[-1].taken and result[-1].ends_at >= taken_from:
            result[-1] = Segment(result[-1].starts_at, booked_end, taken=True)
        else:
            result.append(Segment(taken_from, booked_end, taken=True))
        cursor = booked_end
    if cursor < end:
        result.append(Segment(cursor, end, taken=False))
    return result
