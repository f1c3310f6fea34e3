"""补贴: work paid per unit, e.g. 1 yuan for each census record a volunteer verifies.

A paid work item stands alone for now; the services app can later tie it to a
ServiceProject with a link of its own.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center, SocialOrganization
from centers.scoping import ScopedQuerySet
from volunteers.models.volunteer import Volunteer


class PaidWorkItem(models.Model):
    name = models.CharField(_("name"), max_length=100)
    center = models.ForeignKey(
        Center, models.PROTECT, related_name="paid_work_items", verbose_name=_("center")
    )
    organization = models.ForeignKey(
        SocialOrganization,
        models.PROTECT,
        related_name="paid_work_items",
        null=True,
        blank=True,
        verbose_name=_("organization doing the work"),
    )
    unit = models.CharField(
        _("unit"), max_length=20, help_text=_("What one unit is, e.g. one record verified.")
    )
    unit_price = models.DecimalField(
        _("subsidy per unit (yuan)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("paid work item")
        verbose_name_plural = _("paid work items")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="paid_work_unique_name"),
            models.CheckConstraint(
                condition=Q(unit_price__gt=0),
                name="paid_work_price_positive",
                violation_error_message=_("The subsidy per unit is more than 0."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gte=models.F("starts_on")),
                name="paid_work_ends_after_start",
                violation_error_message=_("The end is before the start."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({format(self.unit_price.normalize(), 'f')} / {self.unit})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end is before the start.")})


class PaidWorkUnits(models.Model):
    """Units one volunteer did on one day for one item; paid once `paid_on` is set."""

    item = models.ForeignKey(
        PaidWorkItem, models.PROTECT, related_name="units", verbose_name=_("paid work item")
    )
    volunteer = models.ForeignKey(
        Volunteer, models.PROTECT, related_name="paid_work_units", verbose_name=_("volunteer")
    )
    worked_on = models.DateField(_("date"))
    units = models.PositiveIntegerField(_("units"), validators=[MinValueValidator(1)])
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("item__center",)

    class Meta:
        verbose_name = _("paid work units")
        verbose_name_plural = _("paid work units")
        ordering = ["-worked_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "volunteer", "worked_on"],
                name="paid_work_units_once_a_day",
                violation_error_message=_(
                    "Units of this volunteer for this item and day are already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=Q(units__gt=0),
                name="paid_work_units_positive",
                violation_error_message=_("Record at least one unit."),
            ),
        ]

    def __str__(self):
        return f"{self.worked_on:%Y-%m-%d} {self.volunteer} × {self.units}"

    @property
    def amount(self) -> Decimal:
        return self.units * self.item.unit_price

    def clean(self):
        if self.item_id and self.worked_on:
            item = self.item
            if self.worked_on < item.starts_on or (item.ends_on and self.worked_on > item.ends_on):
                raise ValidationError({"worked_on": _("This date is outside the item's period.")})
