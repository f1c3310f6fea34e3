"""Small value types for the workforce figures."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


@dataclass(frozen=True)
class CertificationRate:
    """持证率: certified active members over active members (103/137 → 75%)."""

    certified: int
    total: int

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        share = Decimal(self.certified * 100) / Decimal(self.total)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def __str__(self):
        if self.percent is None:
            return "—"
        return f"{self.certified}/{self.total} ({self.percent}%)"


@dataclass(frozen=True)
class Period:
    """A closed range of days."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def continuing_education_period(on: date) -> Period:
    """The 3-year continuing-education period that contains `on`.

    Periods start on 1 January of CONTINUING_EDUCATION_PERIOD_START_YEAR and of
    every third year before and after it (a local rule, hence a setting).
    """
    anchor = settings.CONTINUING_EDUCATION_PERIOD_START_YEAR
    first_year = on.year - (on.year - anchor) % 3
    return Period(date(first_year, 1, 1), date(first_year + 2, 12, 31))
