from datetime import date

from reports.periods import period_from

TODAY = date(2026, 11, 28)


def test_this_month_runs_from_the_first_to_today():
    period = period_from({"period": "month"}, today=TODAY)
    assert (period.start, period.end) == (date(2026, 11, 1), TODAY)


def test_this_year_is_the_default():
    period = period_from({}, today=TODAY)
    assert (period.key, period.start, period.end) == ("year", date(2026, 1, 1), TODAY)


def test_the_last_12_months_start_on_a_first_of_month():
    period = period_from({"period": "12m"}, today=TODAY)
    assert period.start == date(2025, 12, 1)
    assert len(period.months()) == 12
    assert period_from({"period": "12m"}, today=date(2026, 12, 5)).start == date(2026, 1, 1)


def test_a_custom_range():
    period = period_from({"period": "custom", "start": "2025-03-01", "end": "2025-05-31"}, TODAY)
    assert (period.start, period.end, period.days) == (date(2025, 3, 1), date(2025, 5, 31), 92)
    assert period.query() == {"period": "custom", "start": "2025-03-01", "end": "2025-05-31"}


def test_a_bad_custom_range_falls_back_to_this_year():
    for params in (
        {"period": "custom", "start": "2025-05-31", "end": "2025-03-01"},
        {"period": "custom", "start": "2025-02-30", "end": "2025-03-01"},
        {"period": "custom", "start": "yesterday", "end": ""},
        {"period": "custom", "start": "2025-01-01", "end": "2027-01-01"},
        {"period": "custom", "start": "1900-01-01", "end": "2025-01-01"},
        {"period": "decade"},
    ):
        assert period_from(params, today=TODAY).key == "year", params
