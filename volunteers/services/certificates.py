"""Issuing and revoking service-hours certificates."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.models import Center
from volunteers.models import HoursCertificate, ServiceHours, Volunteer
from volunteers.models.certificate import certificate_number
from volunteers.models.hours import format_hours

# How many kinds of service the generated content names before "…".
CONTENT_KINDS = 5


@dataclass(frozen=True)
class CertifiableHours:
    hours: Decimal
    entries: int
    content: str


def certifiable_hours(
    *, volunteer: Volunteer, center: Center, period_start: date, period_end: date
) -> CertifiableHours:
    """The confirmed hours the center keeps for the volunteer in the period, and a
    summary of what was done (the most frequent kinds of service first)."""
    entries = ServiceHours.objects.confirmed().filter(
        volunteer=volunteer, center=center, served_on__range=(period_start, period_end)
    )
    totals = entries.aggregate(hours=Sum("hours"), entries=Count("pk"))
    kinds = list(
        entries.values("content")
        .annotate(hours=Sum("hours"))
        .order_by("-hours", "content")
        .values_list("content", "hours")[: CONTENT_KINDS + 1]
    )
    content = "；".join(
        f"{kind}（{format_hours(hours)}小时）" for kind, hours in kinds[:CONTENT_KINDS]
    )
    if len(kinds) > CONTENT_KINDS:
        content += "；等"
    return CertifiableHours(
        hours=totals["hours"] or Decimal(0), entries=totals["entries"], content=content
    )


@transaction.atomic
def certificate_issue(*, certificate: HoursCertificate, user: AbstractBaseUser) -> HoursCertificate:
    """Issue a certificate for the volunteer, center and period set on it: it
    certifies the confirmed hours the center keeps for the volunteer in the
    period. An empty `content` is filled with the kinds of service in the ledger."""
    volunteer, center = certificate.volunteer, certificate.center
    start, end = certificate.period_start, certificate.period_end
    if end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    today = timezone.localdate()
    if end > today:
        raise ValidationError({"period_end": _("The period cannot end in the future.")})
    found = certifiable_hours(
        volunteer=volunteer, center=center, period_start=start, period_end=end
    )
    if not found.hours:
        raise ValidationError(
            _("%(center)s has no confirmed hours of this volunteer in this period.")
            % {"center": center}
        )
    certificate.number = certificate_number(today.year)
    certificate.hours = found.hours
    certificate.content = certificate.content.strip() or found.content
    certificate.volunteer_name = volunteer.name
    certificate.id_number_masked = volunteer.id_number_masked
    certificate.issuer = center.name
    certificate.issued_on = today
    certificate.issued_by = user
    certificate._history_user = user
    certificate.full_clean()
    certificate.save()
    return certificate


@transaction.atomic
def certificate_revoke(
    *, certificate: HoursCertificate, reason: str, user: AbstractBaseUser
) -> HoursCertificate:
    certificate = HoursCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate is already revoked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = user
    certificate.revocation_reason = reason.strip()
    certificate._history_user = user
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    return certificate
