"""Schedules: the dates the common patterns give (the haircut's last Wednesday,
the team's first Friday, weekly days, school days), ends, dates left out, the
checks on a typed rule, and the words the admin shows."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from services.recurrence import (
    Pattern,
    Schedule,
    build_rule,
    clean_rule,
    describe,
    last_weekday_note,
    pattern_of,
)

HAIRCUT = build_rule(Pattern.MONTHLY, ordinal=-1, weekday="WE")
FIRST_FRIDAY = build_rule(Pattern.MONTHLY, ordinal=1, weekday="FR")

# The last Wednesday of every month of 2027 and 2028, read off a calendar.
LAST_WEDNESDAYS = [
    date(2027, 1, 27),
    date(2027, 2, 24),
    date(2027, 3, 31),
    date(2027, 4, 28),
    date(2027, 5, 26),  # May 2027 ends on a Monday
    date(2027, 6, 30),
    date(2027, 7, 28),
    date(2027, 8, 25),  # ends on a Tuesday
    date(2027, 9, 29),
    date(2027, 10, 27),
    date(2027, 11, 24),  # ends on a Tuesday
    date(2027, 12, 29),
    date(2028, 1, 26),  # ends on a Monday
    date(2028, 2, 23),  # a leap February, ends on Tuesday the 29th
    date(2028, 3, 29),
    date(2028, 4, 26),
    date(2028, 5, 31),
    date(2028, 6, 28),
    date(2028, 7, 26),  # ends on a Monday
    date(2028, 8, 30),
    date(2028, 9, 27),
    date(2028, 10, 25),  # ends on a Tuesday
    date(2028, 11, 29),
    date(2028, 12, 27),
]


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def test_the_haircut_is_on_the_last_wednesday_of_each_month_for_two_years():
    schedule = Schedule(first_date=date(2027, 1, 1), rrule=HAIRCUT)
    assert HAIRCUT == "FREQ=MONTHLY;BYDAY=-1WE"
    assert schedule.dates(date(2027, 1, 1), date(2028, 12, 31)) == LAST_WEDNESDAYS


def test_when_a_month_ends_on_a_monday_or_tuesday_the_haircut_is_in_the_week_before():
    dates = Schedule(first_date=date(2027, 1, 1), rrule=HAIRCUT).dates(
        date(2027, 1, 1), date(2028, 12, 31)
    )
    short_last_weeks = [day for day in dates if month_end(day).weekday() in (0, 1)]
    assert len(short_last_weeks) == 7
    for day in short_last_weeks:
        end = month_end(day)
        # The month's last (Monday-to-Sunday) week has no Wednesday of that month…
        assert day.isocalendar().week != end.isocalendar().week
        # …so the haircut is the Wednesday of the week before, not a later one.
        assert day.weekday() == 2 and 5 <= (end - day).days <= 6
    # In the other months it is in the month's last week.
    for day in set(dates) - set(short_last_weeks):
        assert day.isocalendar().week == month_end(day).isocalendar().week


def test_the_grassroots_star_team_serves_on_the_first_friday_of_each_month():
    dates = Schedule(first_date=date(2027, 1, 1), rrule=FIRST_FRIDAY).dates(
        date(2027, 1, 1), date(2027, 12, 31)
    )
    assert len(dates) == 12
    assert dates[:3] == [date(2027, 1, 1), date(2027, 2, 5), date(2027, 3, 5)]
    assert all(day.weekday() == 4 and day.day <= 7 for day in dates)


def test_weekly_on_the_days_ticked():
    rule = build_rule(Pattern.WEEKLY, weekdays=["WE", "MO"])
    assert rule == "FREQ=WEEKLY;BYDAY=MO,WE"  # in weekday order, whatever the ticking order
    dates = Schedule(first_date=date(2026, 12, 7), rrule=rule).dates(
        date(2026, 12, 7), date(2026, 12, 20)
    )
    assert dates == [date(2026, 12, 7), date(2026, 12, 9), date(2026, 12, 14), date(2026, 12, 16)]


def test_school_days_are_monday_to_friday():
    rule = build_rule(Pattern.SCHOOL_DAYS)
    dates = Schedule(first_date=date(2026, 12, 7), rrule=rule).dates(
        date(2026, 12, 7), date(2026, 12, 20)
    )
    assert len(dates) == 10
    assert {day.weekday() for day in dates} == {0, 1, 2, 3, 4}


def test_a_one_off_is_its_first_date_only():
    schedule = Schedule(first_date=date(2026, 12, 9))
    assert schedule.dates(date(2026, 12, 1), date(2027, 12, 31)) == [date(2026, 12, 9)]
    assert schedule.dates(date(2026, 12, 10), date(2027, 12, 31)) == []


def test_dates_left_out_are_not_given():
    schedule = Schedule(
        first_date=date(2027, 1, 1),
        rrule=HAIRCUT,
        exceptions=frozenset({date(2027, 2, 24), date(2027, 3, 30)}),  # the second is no haircut
    )
    assert schedule.dates(date(2027, 1, 1), date(2027, 4, 30)) == [
        date(2027, 1, 27),
        date(2027, 3, 31),
        date(2027, 4, 28),
    ]


def test_a_number_of_times_counts_from_the_first_date_dates_left_out_included():
    schedule = Schedule(
        first_date=date(2027, 1, 1),
        rrule=HAIRCUT,
        count=3,
        exceptions=frozenset({date(2027, 2, 24)}),
    )
    assert schedule.dates(date(2027, 1, 1), date(2028, 12, 31)) == [
        date(2027, 1, 27),
        date(2027, 3, 31),
    ]
    # Counting starts at the first date even when the window starts later.
    assert schedule.dates(date(2027, 3, 1), date(2028, 12, 31)) == [date(2027, 3, 31)]


def test_an_end_date_is_included():
    schedule = Schedule(first_date=date(2027, 1, 1), rrule=HAIRCUT, until=date(2027, 3, 31))
    assert schedule.dates(date(2027, 1, 1), date(2028, 12, 31))[-1] == date(2027, 3, 31)


def test_a_first_date_that_does_not_fit_starts_at_the_next_date_that_does():
    schedule = Schedule(first_date=date(2026, 12, 7), rrule=HAIRCUT)  # a Monday
    assert schedule.next_dates(date(2026, 12, 7), 2) == [date(2026, 12, 30), date(2027, 1, 27)]


def test_next_dates_gives_as_many_as_asked_from_a_day_on():
    schedule = Schedule(first_date=date(2026, 1, 1), rrule=FIRST_FRIDAY)
    assert schedule.next_dates(date(2026, 12, 7), 3) == [
        date(2027, 1, 1),
        date(2027, 2, 5),
        date(2027, 3, 5),
    ]


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("FREQ=MONTHLY;BYDAY=-1WE", "FREQ=MONTHLY;BYDAY=-1WE"),
        ("rrule:freq=weekly; interval=2; byday=sa", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"),
        ("FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1;", "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1"),
    ],
)
def test_a_typed_rule_is_normalised(text, normalised):
    assert clean_rule(text) == normalised


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "rule_empty"),
        ("every wednesday", "rule_syntax"),
        ("BYDAY=MO", "rule_freq"),
        ("FREQ=WEEKLY;BYDAY=MO;BYDAY=TU", "rule_repeated"),
        ("FREQ=HOURLY", "rule_too_often"),
        ("FREQ=DAILY;BYHOUR=9", "rule_forbidden_part"),
        ("FREQ=WEEKLY;COUNT=5", "rule_forbidden_part"),
        ("FREQ=WEEKLY;UNTIL=20271231", "rule_forbidden_part"),
        ("FREQ=WEEKLY;INTERVAL=0", "rule_interval"),
        ("FREQ=FORTNIGHTLY", "rule_invalid"),
        ("FREQ=WEEKLY;BYDAY=XX", "rule_invalid"),
        ("FREQ=WEEKLY;COLOR=RED", "rule_invalid"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "rule_no_date"),
    ],
)
def test_a_bad_typed_rule_is_refused_with_a_reason(text, code):
    with pytest.raises(ValidationError) as refused:
        clean_rule(text)
    assert refused.value.code == code
    assert refused.value.messages[0]


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("", Pattern.ONCE),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", Pattern.SCHOOL_DAYS),
        ("FREQ=WEEKLY;BYDAY=MO,WE", Pattern.WEEKLY),
        ("FREQ=MONTHLY;BYDAY=-1WE", Pattern.MONTHLY),
        ("FREQ=MONTHLY;BYDAY=1FR", Pattern.MONTHLY),
        ("FREQ=MONTHLY;BYDAY=-2WE", Pattern.CUSTOM),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", Pattern.CUSTOM),
    ],
)
def test_a_rule_reads_back_as_the_pattern_that_makes_it(rule, pattern):
    choice = pattern_of(rule)
    assert choice.pattern == pattern
    rebuilt = build_rule(
        choice.pattern,
        weekdays=choice.weekdays,
        ordinal=choice.ordinal,
        weekday=choice.weekday,
        custom=choice.custom,
    )
    assert rebuilt == rule


def test_the_rules_are_said_in_words_in_english():
    with translation.override("en"):
        assert describe(HAIRCUT) == "every month on the last Wednesday"
        assert describe(FIRST_FRIDAY) == "every month on the first Friday"
        assert describe("FREQ=WEEKLY;BYDAY=MO,WE") == "every week on Monday, Wednesday"
        assert describe("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR").startswith("every school day")
        assert describe("") == "once"
        assert describe("FREQ=DAILY;INTERVAL=3") == "by the rule FREQ=DAILY;INTERVAL=3"


def test_last_says_what_it_means_and_only_for_last():
    with translation.override("en"):
        note = last_weekday_note(HAIRCUT)
    assert "last Wednesday of the month" in note and "week before" in note
    assert last_weekday_note(FIRST_FRIDAY) == ""
    assert last_weekday_note("") == ""
