"""志愿服务记录证明: a service-hours certificate anyone can verify by its number.

What it certifies is copied onto it when it is issued (name, masked ID, hours,
content, issuer), so later changes to the volunteer or the ledger do not alter
it. It is never edited; it can only be revoked.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center
from centers.scoping import ScopedQuerySet
from volunteers.models.volunteer import NumberSequence, Volunteer

# No 0/O, 1/I/L: the suffix is read off paper.
SUFFIX_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def certificate_number(year: int) -> str:
    """ZM2026-000123-K7QX: the year, a serial and 4 random characters, so that
    numbers cannot be guessed one after another on the public page."""
    (serial,) = NumberSequence.allocate(f"certificate:{year}")
    suffix = "".join(secrets.choice(SUFFIX_ALPHABET) for _ in range(4))
    return f"ZM{year}-{serial:06d}-{suffix}"


def normalize_certificate_number(value: str) -> str:
    """What a person types (any case, with or without dashes) → the stored form."""
    compact = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(compact) != 16 or not compact.startswith("ZM"):
        return compact
    return f"{compact[:6]}-{compact[6:12]}-{compact[12:]}"


class HoursCertificate(models.Model):
    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    volunteer = models.ForeignKey(
        Volunteer, models.PROTECT, related_name="certificates", verbose_name=_("volunteer")
    )
    center = models.ForeignKey(
        Center,
        models.PROTECT,
        related_name="hours_certificates",
        verbose_name=_("issuing center"),
        help_text=_("Whoever records, certifies: the center's confirmed hours are counted."),
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    hours = models.DecimalField(_("hours"), max_digits=9, decimal_places=2)
    content = models.TextField(_("service content"))
    volunteer_name = models.CharField(_("volunteer's name"), max_length=50)
    id_number_masked = models.CharField(_("ID number"), max_length=32)
    issuer = models.CharField(_("issuer"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.CharField(_("reason for revocation"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("service-hours certificate")
        verbose_name_plural = _("service-hours certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="certificate_period_in_order",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="certificate_has_hours",
                violation_error_message=_("A certificate certifies more than 0 hours."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at=None) | ~Q(revocation_reason=""),
                name="certificate_revocation_has_reason",
                violation_error_message=_("Give a reason for the revocation."),
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
