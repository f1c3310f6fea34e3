"""The response clock: time taken and deadlines, always running or paused
outside business hours and on holidays (pure arithmetic)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.clock import ResponseClock, configured_clock, parse_hours

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOUR = timedelta(hours=1)


def at(day, hour, minute=0):
    return datetime(2026, 9, day, hour, minute, tzinfo=SHANGHAI)


ALWAYS = ResponseClock(tz=SHANGHAI)
DAYTIME = ResponseClock(opens=time(8), closes=time(20), tz=SHANGHAI)
NATIONAL_DAY = ResponseClock(
    opens=time(8), closes=time(20), holidays=frozenset({date(2026, 10, 1)}), tz=SHANGHAI
)


def test_an_always_running_clock_counts_across_midnight():
    assert ALWAYS.running_time(at(10, 23, 40), at(11, 0, 25)) == timedelta(minutes=45)
    assert ALWAYS.deadline(at(10, 23, 40), HOUR) == at(11, 0, 40)


def test_the_clock_pauses_at_night():
    # 19:50 → 20:00 (10 min), paused overnight, 08:00 → 08:20 (20 min).
    assert DAYTIME.running_time(at(10, 19, 50), at(11, 8, 20)) == timedelta(minutes=30)
    assert DAYTIME.deadline(at(10, 19, 50), HOUR) == at(11, 8, 50)


def test_an_order_made_at_night_starts_counting_when_the_day_begins():
    assert DAYTIME.running_time(at(10, 23, 0), at(11, 8, 45)) == timedelta(minutes=45)
    assert DAYTIME.deadline(at(10, 23, 0), HOUR) == at(11, 9, 0)
    assert DAYTIME.deadline(at(11, 3, 0), HOUR) == at(11, 9, 0)


def test_the_clock_pauses_on_a_holiday():
    start = at(30, 19, 50)  # 30 September; 1 October is a holiday
    arrived = datetime(2026, 10, 2, 8, 20, tzinfo=SHANGHAI)
    assert NATIONAL_DAY.running_time(start, arrived) == timedelta(minutes=30)
    assert NATIONAL_DAY.deadline(start, HOUR) == datetime(2026, 10, 2, 8, 50, tzinfo=SHANGHAI)


def test_holidays_alone_pause_whole_days():
    clock = ResponseClock(holidays=frozenset({date(2026, 9, 11)}), tz=SHANGHAI)
    assert clock.running_time(at(10, 23, 30), at(12, 0, 30)) == HOUR
    assert clock.deadline(at(10, 23, 30), HOUR) == at(12, 0, 30)


def test_no_time_passes_backwards():
    assert DAYTIME.running_time(at(11, 9), at(10, 9)) == timedelta(0)


def test_times_in_another_zone_are_read_in_local_time():
    utc_evening = datetime(2026, 9, 10, 11, 50, tzinfo=ZoneInfo("UTC"))  # 19:50 in Shanghai
    assert DAYTIME.running_time(utc_evening, at(11, 8, 20)) == timedelta(minutes=30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", (None, None)), ("08:00-20:00", (time(8), time(20))), (" 8:30 - 18:00 ", None)],
)
def test_business_hours_are_read_from_the_setting(value, expected):
    if expected is None:
        with pytest.raises(ValueError):
            parse_hours(value)
    else:
        assert parse_hours(value) == expected


def test_hours_that_close_before_they_open_are_refused():
    with pytest.raises(ValueError):
        ResponseClock(opens=time(20), closes=time(8))


def test_the_settings_make_the_clock(settings):
    settings.REPAIR_CLOCK_HOURS = "08:00-20:00"
    settings.REPAIR_CLOCK_HOLIDAYS = ["2026-10-01"]
    clock = configured_clock()
    assert (clock.opens, clock.closes, clock.holidays) == (
        time(8),
        time(20),
        frozenset({date(2026, 10, 1)}),
    )
    settings.REPAIR_CLOCK_HOURS = ""
    settings.REPAIR_CLOCK_HOLIDAYS = []
    assert configured_clock().always_runs


moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(SHANGHAI)
)


@given(start=moments, minutes=st.integers(min_value=0, max_value=3000))
def test_the_deadline_is_when_the_clock_has_run_the_allowed_time(start, minutes):
    allowed = timedelta(minutes=minutes)
    for clock in (ALWAYS, DAYTIME, NATIONAL_DAY):
        deadline = clock.deadline(start, allowed)
        assert clock.running_time(start, deadline) == allowed
        assert deadline >= start
