"""Repairs ("E修就好"), the set-up: a repair service run at a center for some
communities, its technicians, and the households on a yearly plan."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centers.models import Center, Community
from centers.scoping import ScopedQuerySet
from centers.validators import validate_phone

MONEY = {"max_digits": 8, "decimal_places": 2}


def default_plan_fee() -> Decimal:
    return Decimal(settings.REPAIR_PLAN_YEARLY_FEE)


class RepairService(models.Model):
    """A repair service (e.g. the "E修就好" platform) run at a center for the
    communities it covers; residents of those communities book it online."""

    center = models.ForeignKey(
        Center, models.PROTECT, related_name="repair_services", verbose_name=_("center")
    )
    name = models.CharField(_("name"), max_length=100)
    communities = models.ManyToManyField(
        Community, related_name="repair_services", verbose_name=_("communities covered")
    )
    hotline = models.CharField(
        _("repair hotline"), max_length=20, blank=True, validators=[validate_phone]
    )
    is_active = models.BooleanField(_("taking orders"), default=True)
    history = HistoricalRecords(m2m_fields=[communities])

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("repair service")
        verbose_name_plural = _("repair services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="repairservice_unique_name"),
        ]

    def __str__(self):
        return self.name


class Technician(models.Model):
    """A repair worker of a service, to whom orders are dispatched."""

    service = models.ForeignKey(
        RepairService, models.PROTECT, related_name="technicians", verbose_name=_("repair service")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    is_active = models.BooleanField(_("working"), default=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("service__center",)

    class Meta:
        verbose_name = _("technician")
        verbose_name_plural = _("technicians")
        ordering = ["name"]

    def __str__(self):
        return self.name


# --- Household plans --------------------------------------------------------


class HouseholdQuerySet(ScopedQuerySet):
    def with_paid_until(self):
        """Annotate `paid_until`: the end of the household's latest plan (None: never paid)."""
        latest = HouseholdPlan.objects.filter(household=OuterRef("pk")).order_by("-ends_on")
        return self.annotate(paid_until=Subquery(latest.values("ends_on")[:1]))


class Household(models.Model):
    """A household of a covered community, known by the phone it registered with."""

    service = models.ForeignKey(
        RepairService, models.PROTECT, related_name="households", verbose_name=_("repair service")
    )
    community = models.ForeignKey(
        Community, models.PROTECT, related_name="households", verbose_name=_("community")
    )
    address = models.CharField(_("address"), max_length=200)
    name = models.CharField(_("contact person"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    history = HistoricalRecords()

    objects = HouseholdQuerySet.as_manager()
    center_lookups = ("service__center",)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["community", "address"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "phone"],
                name="household_unique_phone",
                violation_error_message=_("Another household of this service has this phone."),
            ),
        ]

    def __str__(self):
        return f"{self.community} {self.address}"

    def clean(self):
        if (
            self.service_id
            and self.community_id
            and not self.service.communities.filter(pk=self.community_id).exists()
        ):
            raise ValidationError(
                {
                    "community": _("%(service)s does not serve this community.")
                    % {"service": self.service}
                }
            )


class HouseholdPlan(models.Model):
    """One paid year (or other period) of a household's repair plan."""

    household = models.ForeignKey(
        Household, models.CASCADE, related_name="plans", verbose_name=_("household")
    )
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("paid until"))
    fee = models.DecimalField(_("fee (yuan)"), default=default_plan_fee, **MONEY)
    paid_on = models.DateField(pgettext_lazy("repair plan", "paid on"), default=timezone.localdate)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("household__service__center",)

    class Meta:
        verbose_name = _("household plan")
        verbose_name_plural = _("household plans")
        ordering = ["-ends_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="householdplan_ends_after_start",
                violation_error_message=_("A plan ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(fee__gte=0),
                name="householdplan_fee_not_negative",
                violation_error_message=_("A fee cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"

    @staticmethod
    def year_from(starts_on: date) -> date:
        """The last day of a one-year plan starting that day."""
        try:
            return starts_on.replace(year=starts_on.year + 1) - timedelta(days=1)
        except ValueError:  # 29 February
            return starts_on.replace(year=starts_on.year + 1, day=28)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A plan ends after it starts.")})
        if self.household_id and self.starts_on and self.ends_on:
            overlapping = HouseholdPlan.objects.filter(
                household=self.household_id,
                starts_on__lte=self.ends_on,
                ends_on__gte=self.starts_on,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    _("This household already has a plan for part of this period.")
                )
