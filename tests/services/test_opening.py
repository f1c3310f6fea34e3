"""Opening hours and free/taken segments (pure functions)."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from services.opening import is_open, open_periods, segments

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 12, 7)


@dataclass
class Hours:
    weekday: int
    opens: time
    closes: time


def at(hour, minute=0, day=MONDAY):
    return datetime.combine(day, time(hour, minute), TZ)


HOURS = [Hours(1, time(14), time(21)), Hours(1, time(8, 30), time(12)), Hours(2, time(9), time(17))]


def test_a_days_openings_are_in_order():
    assert open_periods(HOURS, MONDAY, TZ) == [(at(8, 30), at(12)), (at(14), at(21))]
    assert open_periods(HOURS, date(2026, 12, 9), TZ) == []  # Wednesday: closed


def test_touching_openings_are_merged():
    hours = [Hours(1, time(8), time(12)), Hours(1, time(12), time(18))]
    assert open_periods(hours, MONDAY, TZ) == [(at(8), at(18))]


def test_a_booking_must_fit_in_one_opening():
    assert is_open(HOURS, at(9), at(11), TZ)
    assert is_open(HOURS, at(8, 30), at(12), TZ)
    assert not is_open(HOURS, at(8), at(9), TZ)
    assert not is_open(HOURS, at(11), at(15), TZ)  # over the lunch break
    assert not is_open(HOURS, at(20), at(22), TZ)


def test_an_opening_is_cut_into_free_and_taken_segments():
    cut = segments((at(8, 30), at(20, 30)), [(at(14, 30), at(16, 30)), (at(9), at(10))])
    assert [(s.starts_at.time(), s.ends_at.time(), s.taken) for s in cut] == [
        (time(8, 30), time(9), False),
        (time(9), time(10), True),
        (time(10), time(14, 30), False),
        (time(14, 30), time(16, 30), True),
        (time(16, 30), time(20, 30), False),
    ]


def test_touching_and_overlapping_bookings_make_one_taken_segment():
    cut = segments((at(9), at(17)), [(at(9), at(11)), (at(11), at(12)), (at(11, 30), at(13))])
    assert [(s.starts_at.time(), s.ends_at.time(), s.taken) for s in cut] == [
        (time(9), time(13), True),
        (time(13), time(17), False),
    ]


def test_bookings_outside_the_opening_are_ignored_and_edges_clipped():
    cut = segments((at(9), at(12)), [(at(7), at(9, 30)), (at(13), at(14))])
    assert [(s.starts_at.time(), s.ends_at.time(), s.taken) for s in cut] == [
        (time(9), time(9, 30), True),
        (time(9, 30), time(12), False),
    ]


def test_a_free_segment_suggests_at_most_two_hours():
    [free] = segments((at(9), at(17)), [])
    assert free.suggested_end == at(11)
    [short] = segments((at(16), at(17)), [])
    assert short.suggested_end == at(17)
