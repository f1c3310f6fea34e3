"""Repairs ("E修就好"), the orders residents book, their parts and status history.

An order's status changes only through `services.services.repairs.repair_order_move`,
which follows `TRANSITIONS` (the one place that says which step may follow
which) and writes a time-stamped `RepairEvent` for each step.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Community
from centers.scoping import ScopedQuerySet
from centers.validators import validate_phone
from services.models.repair_services import (
    MONEY,
    Household,
    HouseholdPlan,
    RepairService,
    Technician,
)
from services.storage import private_storage


def new_tracking_code() -> str:
    """24 URL-safe characters: 144 random bits, not guessable."""
    return secrets.token_urlsafe(18)


def photo_path(instance, filename) -> str:
    """A random name: the resident's file name is never used."""
    return f"repairs/{secrets.token_hex(16)}.jpg"


# --- Orders -----------------------------------------------------------------


class RepairCategory(models.TextChoices):
    DOOR_LOCK = "door_lock", _("doors and locks")
    PLUMBING = "plumbing", _("plumbing")
    ELECTRICAL = "electrical", _("electrical")
    APPLIANCE = "appliance", _("appliance")
    OTHER = "other", _("other")


class RepairChannel(models.TextChoices):
    WEB = "web", _("online")
    PHONE = "phone", _("phone call")
    WECHAT = "wechat", _("WeChat")


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    DISPATCHED = "dispatched", _("technician on the way")
    ON_SITE = "on_site", _("technician on site")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


# The state machine: which status may follow which. Dispatching again while
# dispatched hands the order to another technician. Done and cancelled are final.
TRANSITIONS = {
    RepairStatus.SUBMITTED: (RepairStatus.DISPATCHED, RepairStatus.CANCELLED),
    RepairStatus.DISPATCHED: (
        RepairStatus.DISPATCHED,
        RepairStatus.ON_SITE,
        RepairStatus.CANCELLED,
    ),
    RepairStatus.ON_SITE: (RepairStatus.DONE, RepairStatus.CANCELLED),
    RepairStatus.DONE: (),
    RepairStatus.CANCELLED: (),
}
# No technician on site yet: the response clock is running.
WAITING = (RepairStatus.SUBMITTED, RepairStatus.DISPATCHED)


class RepairOrderQuerySet(ScopedQuerySet):
    def waiting(self):
        return self.filter(status__in=WAITING)

    def with_fee(self):
        """Annotate `fee`: the sum of the parts' prices (0 when no parts were used)."""
        parts = (
            RepairPart.objects.filter(order=OuterRef("pk"))
            .values("order")
            .annotate(total=Sum(F("quantity") * F("unit_price")))
            .values("total")
        )
        money = models.DecimalField(**MONEY)
        return self.annotate(
            fee=Coalesce(Subquery(parts, output_field=money), Decimal(0), output_field=money)
        )

    def with_plan_status(self):
        """Annotate `plan_valid`: the household had a valid plan the day it ordered."""
        valid = HouseholdPlan.objects.filter(
            household=OuterRef("household"),
            starts_on__lte=OuterRef("submitted_on"),
            ends_on__gte=OuterRef("submitted_on"),
        )
        return self.annotate(submitted_on=TruncDate("submitted_at")).annotate(
            plan_valid=Exists(valid)
        )


class RepairOrder(models.Model):
    """报修: one repair a resident asked for, by web, phone or WeChat."""

    service = models.ForeignKey(
        RepairService, models.PROTECT, related_name="orders", verbose_name=_("repair service")
    )
    channel = models.CharField(
        _("booked by"), max_length=10, choices=RepairChannel.choices, default=RepairChannel.WEB
    )
    tracking_code = models.CharField(
        _("tracking code"), max_length=40, unique=True, default=new_tracking_code, editable=False
    )
    name = models.CharField(_("contact person"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    community = models.ForeignKey(
        Community, models.PROTECT, related_name="repair_orders", verbose_name=_("community")
    )
    address = models.CharField(
        _("address"), max_length=200, help_text=_("Building, unit and flat, e.g. 3-2-501.")
    )
    household = models.ForeignKey(
        Household,
        models.SET_NULL,
        related_name="orders",
        null=True,
        blank=True,
        verbose_name=_("household"),
        help_text=_("Found by the phone number when the order is made."),
    )
    category = models.CharField(_("what needs repair"), max_length=20, choices=RepairCategory)
    description = models.TextField(_("problem"))
    preferred_time = models.CharField(
        _("preferred time"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty for as soon as possible."),
    )
    photo = models.FileField(
        _("photo"), storage=private_storage, upload_to=photo_path, blank=True, editable=False
    )
    consented_at = models.DateTimeField(_("consent given at"), null=True, editable=False)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RepairStatus,
        default=RepairStatus.SUBMITTED,
        editable=False,
    )
    technician = models.ForeignKey(
        Technician,
        models.PROTECT,
        related_name="orders",
        null=True,
        editable=False,
        verbose_name=_("technician"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    respond_by = models.DateTimeField(
        _("respond by"),
        editable=False,
        help_text=_("When the response target is missed (the clock may pause, see settings)."),
    )
    on_site_at = models.DateTimeField(_("on site at"), null=True, editable=False)
    response_seconds = models.PositiveIntegerField(
        _("response time (seconds)"), null=True, editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, editable=False)

    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("comment"), blank=True, editable=False)
    rated_at = models.DateTimeField(_("rated at"), null=True, editable=False)
    history = HistoricalRecords()

    objects = RepairOrderQuerySet.as_manager()
    center_lookups = ("service__center",)

    class Meta:
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "respond_by"], name="repairorder_waiting"),
            models.Index(fields=["submitted_at"], name="repairorder_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating=None) | Q(rating__gte=1, rating__lte=5),
                name="repairorder_rating_1_to_5",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(rating=None) | Q(status="done"),
                name="repairorder_rated_when_done",
                violation_error_message=_("Only a finished repair can be rated."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["dispatched", "on_site", "done"])
                | Q(technician__isnull=False),
                name="repairorder_dispatched_has_technician",
                violation_error_message=_("A dispatched order has a technician."),
            ),
            models.CheckConstraint(
                condition=Q(on_site_at=None, response_seconds=None)
                | Q(on_site_at__gte=F("submitted_at"), response_seconds__isnull=False),
                name="repairorder_on_site_after_submitted",
                violation_error_message=_("The technician arrives after the order is made."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["on_site", "done"]) | Q(on_site_at__isnull=False),
                name="repairorder_on_site_has_time",
                violation_error_message=_("An order on site has its arrival time."),
            ),
        ]

    def __str__(self):
        return _("Repair order %(number)s") % {"number": self.number}

    @property
    def number(self) -> str:
        return f"#{self.pk}" if self.pk else "#—"

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING

    @property
    def is_closed(self) -> bool:
        return not TRANSITIONS[self.status]

    def allowed_moves(self) -> tuple[str, ...]:
        return TRANSITIONS[self.status]

    @property
    def within_target(self) -> bool | None:
        """True/False once on site; None while waiting with time left or when
        cancelled before anyone came."""
        if self.on_site_at is not None:
            return self.on_site_at <= self.respond_by
        if self.is_waiting and timezone.now() > self.respond_by:
            return False
        return None

    @property
    def response_minutes(self) -> int | None:
        return None if self.response_seconds is None else round(self.response_seconds / 60)

    @property
    def may_be_rated(self) -> bool:
        return self.status == RepairStatus.DONE and self.rating is None


class RepairPart(models.Model):
    """A part used on a repair, with its price: the order's fee is their sum."""

    order = models.ForeignKey(
        RepairOrder, models.CASCADE, related_name="parts", verbose_name=_("repair order")
    )
    name = models.CharField(_("part"), max_length=100)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    unit_price = models.DecimalField(_("unit price (yuan)"), **MONEY)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("order__service__center",)

    class Meta:
        verbose_name = _("part used")
        verbose_name_plural = _("parts used")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="repairpart_quantity_positive",
                violation_error_message=_("Use at least one of a part."),
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0),
                name="repairpart_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def total(self) -> Decimal:
        return (self.quantity or 0) * (self.unit_price or Decimal(0))


class RepairEvent(models.Model):
    """One step of an order, time-stamped by the system when it happened."""

    order = models.ForeignKey(
        RepairOrder, models.CASCADE, related_name="events", verbose_name=_("repair order")
    )
    status = models.CharField(_("status"), max_length=20, choices=RepairStatus)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    technician = models.ForeignKey(
        Technician,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("technician"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("order__service__center",)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_status_display()} {self.at:%Y-%m-%d %H:%M}"
