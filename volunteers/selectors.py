"""Reads for the volunteers' pages and reports."""

from decimal import Decimal

from django.db import models
from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from volunteers.models import HoursCertificate, PaidWorkUnits
from volunteers.models.certificate import normalize_certificate_number

MONEY = DecimalField(max_digits=12, decimal_places=2)


def certificate_for_verification(number: str) -> HoursCertificate | None:
    """The certificate with this number as typed or scanned, or None (one query)."""
    return (
        HoursCertificate.objects.filter(number=normalize_certificate_number(number))
        .only(
            "number",
            "volunteer_name",
            "id_number_masked",
            "hours",
            "period_start",
            "period_end",
            "content",
            "issuer",
            "issued_on",
            "revoked_at",
        )
        .first()
    )


def owed_per_volunteer(units: models.QuerySet) -> models.QuerySet:
    """Per volunteer of these units: units, amount earned, amount paid and owed
    (in yuan), most owed first. One query."""
    amount = ExpressionWrapper(F("units") * F("item__unit_price"), output_field=MONEY)
    zero = Value(Decimal(0), output_field=MONEY)
    return (
        units.order_by()
        .values("volunteer", "volunteer__volunteer_no", "volunteer__name")
        .annotate(
            units_total=Sum("units"),
            earned=Coalesce(Sum(amount), zero),
            owed=Coalesce(Sum(amount, filter=Q(paid_on=None)), zero),
        )
        .annotate(paid=F("earned") - F("owed"))
        .order_by("-owed", "volunteer__volunteer_no")
    )


def owed_to(volunteer) -> Decimal:
    """What the unpaid units of one volunteer come to, across items."""
    return owed_per_volunteer(PaidWorkUnits.objects.filter(volunteer=volunteer)).values_list(
        "owed", flat=True
    ).first() or Decimal(0)
