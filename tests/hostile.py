"""Hypothesis strategies for hostile input: any text (very long, emoji, CJK, control
characters, SQL and HTML metacharacters), numbers out of range, dates far away.

`hostile_form(valid)` takes a form's valid data and replaces some of its fields
with hostile values, so that each example mixes good fields with bad ones (a
form refused on its first field would never reach the others' checks).
"""

from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Marked up so that an unescaped copy on a page is easy to find.
MARKUP = "<script>alert('x')</script>"
METACHARACTERS = [
    MARKUP,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE volunteers_volunteer; --",
    "1 OR 1=1",
    "%s %d %(name)s {0} {{ x }} {% now 'Y' %}",
    "../../../etc/passwd",
    "\x00",
    "\u202e\u200b\ufeff",
    "😀👨‍👩‍👧‍👦🏳️‍🌈" * 20,
    "𠀀𪚥龘" * 40,
    "\r\n\t\x0b\x0c\x1b[31m",
    " ",
]

hostile_text = st.one_of(
    st.sampled_from(METACHARACTERS),
    st.text(max_size=60),
    st.text(min_size=2000, max_size=6000),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "So", "Lo"]), max_size=80
    ),
)
hostile_number = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.sampled_from(["", "-1", "0", "1e309", "NaN", "inf", "１２", "0x10", "9" * 40]),
)
hostile_date = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["0000-00-00", "2026-02-30", "9999-99-99", "-2026-01-01", "昨天"]),
)
hostile_value = st.one_of(hostile_text, hostile_number, hostile_date)

# Each example makes a few requests against the test database: no deadline, and
# function-scoped fixtures (the personas) are set up once for all examples.
fuzz = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def hostile_form(valid: dict, *, fields=None):
    """The valid data with some of `fields` (default: all) made hostile."""
    names = list(fields or valid)
    return st.fixed_dictionaries(
        {name: st.one_of(st.just(valid[name]), hostile_value) for name in names}
    ).map(lambda changed: {**valid, **changed})


def refused_or_done(response) -> bool:
    """A clear answer: the form again (200), done (302), or rate-limited (429)."""
    return response.status_code in (200, 302, 429)
