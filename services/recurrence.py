"""Activities' schedules: RFC 5545 recurrence rules (read with python-dateutil),
the common patterns staff choose in words, and the dates a schedule gives.

A schedule is a first date, a rule (empty: once), an end (a date or a number of
times, not both) and the dates left out. The rule gives dates only, at most one
a day: the time of day is the activity's. The first date is where the rule
starts counting; when it does not fit the rule (a Monday for "every last
Wednesday"), the first date given is the next one that does. A number of times
counts the rule's dates from the first date, dates left out included (as
RFC 5545 counts COUNT before EXDATE).

"每个月最后一周的星期三" (the free haircut) is taken as the last Wednesday of the
month, ``FREQ=MONTHLY;BYDAY=-1WE``: when a month ends on a Monday or Tuesday,
that Wednesday falls in the week before the month's last (partial) week. The
admin says so wherever "last" is chosen.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SCHOOL_DAYS = WEEKDAY_CODES[:5]
# The nth weekday of a month the patterns offer; -1 is the last.
ORDINALS = {
    1: pgettext_lazy("the nth weekday of a month", "first"),
    2: pgettext_lazy("the nth weekday of a month", "second"),
    3: pgettext_lazy("the nth weekday of a month", "third"),
    4: pgettext_lazy("the nth weekday of a month", "fourth"),
    -1: pgettext_lazy("the nth weekday of a month", "last"),
}
# A rule must give a date within this many years of its first date.
SEARCH_YEARS = 10
# Rule parts staff may not put in the rule: the end and the start have fields
# of their own, and the time of day is the activity's.
FORBIDDEN_PARTS = {"UNTIL", "COUNT", "DTSTART", "BYHOUR", "BYMINUTE", "BYSECOND"}
TOO_OFTEN = {"HOURLY", "MINUTELY", "SECONDLY"}
PART = re.compile(r"^[A-Z]+=[A-Z0-9,+-]+$")
MONTHLY_DAY = re.compile(r"^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$")


class Pattern(models.TextChoices):
    """The schedules staff choose in words; CUSTOM takes any RRULE."""

    ONCE = "once", _("once")
    WEEKLY = "weekly", _("every week, on the days ticked")
    SCHOOL_DAYS = "school_days", _("every school day (Monday to Friday)")
    MONTHLY = "monthly", _("every month, on one weekday (e.g. the first Friday)")
    CUSTOM = "custom", _("another rule (RFC 5545 RRULE, for experts)")


def weekday_name(code: str) -> str:
    return str(WEEKDAYS[WEEKDAY_CODES.index(code)])


def separator() -> str:
    return pgettext("between the items of a list", ", ")


def parts_of(rule: str) -> dict[str, str]:
    """The rule's parts, e.g. {"FREQ": "MONTHLY", "BYDAY": "-1WE"} (no checks)."""
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def build_rule(
    pattern: str,
    *,
    weekdays: Iterable[str] = (),
    ordinal: int | None = None,
    weekday: str | None = None,
    custom: str = "",
) -> str:
    """The RRULE of a pattern in words (empty for once)."""
    match pattern:
        case Pattern.ONCE:
            return ""
        case Pattern.SCHOOL_DAYS:
            return "FREQ=WEEKLY;BYDAY=" + ",".join(SCHOOL_DAYS)
        case Pattern.WEEKLY:
            days = [code for code in WEEKDAY_CODES if code in set(weekdays)]
            return "FREQ=WEEKLY;BYDAY=" + ",".join(days)
        case Pattern.MONTHLY:
            return f"FREQ=MONTHLY;BYDAY={ordinal}{weekday}"
    return clean_rule(custom)


@dataclass(frozen=True)
class PatternChoice:
    """A rule read back as the pattern that makes it (for the admin form)."""

    pattern: str
    weekdays: list[str] = field(default_factory=list)
    ordinal: int | None = None
    weekday: str | None = None
    custom: str = ""


def pattern_of(rule: str) -> PatternChoice:
    if not rule:
        return PatternChoice(Pattern.ONCE)
    parts = parts_of(rule)
    days = parts.get("BYDAY", "").split(",")
    if set(parts) == {"FREQ", "BYDAY"} and parts["FREQ"] == "WEEKLY":
        if days == SCHOOL_DAYS:
            return PatternChoice(Pattern.SCHOOL_DAYS)
        if days and all(day in WEEKDAY_CODES for day in days):
            return PatternChoice(Pattern.WEEKLY, weekdays=days)
    if set(parts) == {"FREQ", "BYDAY"} and parts["FREQ"] == "MONTHLY" and len(days) == 1:
        found = MONTHLY_DAY.match(days[0])
        if found:
            return PatternChoice(
                Pattern.MONTHLY, ordinal=int(found[1]), weekday=found[2], custom=rule
            )
    return PatternChoice(Pattern.CUSTOM, custom=rule)


def clean_rule(text: str) -> str:
    """A staff member's RRULE, normalised (upper case, no "RRULE:", no spaces), or a
    ValidationError that says what is wrong."""
    rule = re.sub(r"\s+", "", text).upper().removeprefix("RRULE:").strip(";")
    if not rule:
        raise ValidationError(
            _("Enter a rule, e.g. FREQ=MONTHLY;BYDAY=-1WE (the last Wednesday of each month)."),
            code="rule_empty",
        )
    pieces = rule.split(";")
    if not all(PART.match(piece) for piece in pieces):
        raise ValidationError(
            _("A rule is a list of NAME=VALUE parts separated by “;”, e.g. FREQ=WEEKLY;BYDAY=MO."),
            code="rule_syntax",
        )
    parts = parts_of(rule)
    if len(parts) != len(pieces):
        raise ValidationError(_("Each part of the rule may appear once."), code="rule_repeated")
    if "FREQ" not in parts:
        raise ValidationError(
            _("The rule needs FREQ=, e.g. FREQ=WEEKLY or FREQ=MONTHLY."), code="rule_freq"
        )
    if parts["FREQ"] in TOO_OFTEN:
        raise ValidationError(
            _("An activity takes place at most once a day: use DAILY, WEEKLY, MONTHLY or YEARLY."),
            code="rule_too_often",
        )
    forbidden = sorted(FORBIDDEN_PARTS & set(parts))
    if forbidden:
        raise ValidationError(
            _(
                "Leave %(parts)s out of the rule: the first date, the end (a date or a number "
                "of times) and the times of day have fields of their own."
            )
            % {"parts": separator().join(forbidden)},
            code="rule_forbidden_part",
        )
    if "INTERVAL" in parts and (not parts["INTERVAL"].isdigit() or int(parts["INTERVAL"]) < 1):
        raise ValidationError(_("INTERVAL is a whole number of at least 1."), code="rule_interval")
    start = datetime(2000, 1, 1)
    try:
        parsed = rrulestr(rule, dtstart=start)
        first = next(iter(parsed.replace(until=start.replace(year=2000 + SEARCH_YEARS))), None)
    except (ValueError, TypeError, IndexError, KeyError, OverflowError) as error:
        raise ValidationError(
            _("This is not a valid RFC 5545 recurrence rule (%(reason)s).")
            % {"reason": str(error) or error.__class__.__name__},
            code="rule_invalid",
        ) from error
    if first is None:
        raise ValidationError(
            _("This rule gives no date in %(years)d years.") % {"years": SEARCH_YEARS},
            code="rule_no_date",
        )
    return rule


@dataclass(frozen=True)
class Schedule:
    """The dates of an activity: see the module's docstring."""

    first_date: date
    rrule: str = ""
    until: date | None = None
    count: int | None = None
    exceptions: frozenset[date] = frozenset()

    @classmethod
    def of(cls, activity, exceptions: Iterable[date] | None = None) -> "Schedule":
        """The activity's schedule; its dates left out are read unless given."""
        if exceptions is None:
            exceptions = [e.date for e in activity.exceptions.all()] if activity.pk else []
        return cls(
            first_date=activity.first_date,
            rrule=activity.rrule,
            until=activity.until,
            count=activity.count,
            exceptions=frozenset(exceptions),
        )

    def _rule_dates(self, end: date) -> Iterator[date]:
        """Every date the rule gives up to `end`, dates left out included."""
        if not self.rrule:
            if self.first_date <= end:
                yield self.first_date
            return
        last = min(end, self.until) if self.until else end
        if last < self.first_date:
            return
        # dateutil stops at `until` even when nothing matches (an impossible rule
        # would otherwise be searched up to the year 9999); the count is ours.
        start = datetime.combine(self.first_date, time())
        rule = rrulestr(self.rrule, dtstart=start).replace(until=datetime.combine(last, time()))
        dates = (moment.date() for moment in rule)
        yield from islice(dates, self.count) if self.count else dates

    def dates(self, start: date, end: date) -> list[date]:
        """The dates from `start` to `end` (both included), without those left out."""
        return [day for day in self._rule_dates(end) if day >= start and day not in self.exceptions]

    def next_dates(self, start: date, number: int) -> list[date]:
        """The first `number` dates from `start` on (searched up to SEARCH_YEARS)."""
        end = start + timedelta(days=366 * SEARCH_YEARS)
        found = (
            day for day in self._rule_dates(end) if day >= start and day not in self.exceptions
        )
        return list(islice(found, number))


def describe(rule: str) -> str:
    """The rule in words, in the current language, e.g. "every month on the last
    Wednesday"; a custom rule is shown as it is."""
    choice = pattern_of(rule)
    match choice.pattern:
        case Pattern.ONCE:
            return gettext("once")
        case Pattern.SCHOOL_DAYS:
            return gettext("every school day (Monday to Friday)")
        case Pattern.WEEKLY:
            days = separator().join(weekday_name(code) for code in choice.weekdays)
            return gettext("every week on %(days)s") % {"days": days}
        case Pattern.MONTHLY:
            return gettext("every month on the %(nth)s %(weekday)s") % {
                "nth": ORDINALS[choice.ordinal],
                "weekday": weekday_name(choice.weekday),
            }
    return gettext("by the rule %(rule)s") % {"rule": rule}


def last_weekday_note(rule: str) -> str:
    """For a "last weekday of the month" rule, what "last" means; else empty."""
    choice = pattern_of(rule)
    if choice.pattern != Pattern.MONTHLY or choice.ordinal != -1:
        return ""
    return gettext(
        "“Last” means the last %(weekday)s of the month: when a month ends before its "
        "last week reaches a %(weekday)s, it is the %(weekday)s of the week before. "
        "(“The Wednesday of each month's last week” is taken as the last Wednesday of "
        "the month.)"
    ) % {"weekday": weekday_name(choice.weekday)}
