"""志愿服务记录: the hours ledger. Only confirmed hours count.

An entry names what was done and, if any, the activity as text. The services
app links its activities to entries with a model of its own (pointing at
ServiceHours), so this app never imports it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center, Community
from centers.scoping import ScopedQuerySet
from volunteers.models.volunteer import Volunteer

MAX_HOURS_PER_DAY = Decimal(24)


def format_hours(value) -> str:
    """2.5 and 6, not 2.50 and 6.00 (PostgreSQL sums keep the column's scale)."""
    return format(Decimal(value).normalize(), "f")


class ServiceHoursQuerySet(ScopedQuerySet):
    def confirmed(self):
        return self.filter(status=ServiceHours.Status.CONFIRMED)

    def counting_towards_the_day(self):
        """Entries that take up a volunteer's 24 hours of a day: all but rejected ones."""
        return self.exclude(status=ServiceHours.Status.REJECTED)


class ServiceHours(models.Model):
    class Status(models.TextChoices):
        RECORDED = "recorded", _("recorded, to be confirmed")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    volunteer = models.ForeignKey(
        Volunteer, models.PROTECT, related_name="service_hours", verbose_name=_("volunteer")
    )
    # The volunteer's center when the entry was made: it keeps and vouches for it
    # ("whoever records, certifies"), and lists are scoped by it without a join.
    center = models.ForeignKey(
        Center, models.PROTECT, related_name="service_hours", verbose_name=_("keeping center")
    )
    # The volunteer's community when the entry was made: where the service counts
    # in the figures (as `center` is who keeps it).
    community = models.ForeignKey(
        Community,
        models.PROTECT,
        related_name="service_hours",
        null=True,
        verbose_name=_("community"),
    )
    team = models.ForeignKey(
        "volunteers.Team",
        models.SET_NULL,
        related_name="service_hours",
        null=True,
        blank=True,
        verbose_name=_("team"),
        help_text=_("The team the volunteer served with, if any."),
    )
    served_on = models.DateField(_("date served"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_HOURS_PER_DAY)],
        help_text=_("Time actually served, without travel: more than 0 and at most 24."),
    )
    content = models.CharField(_("what was done"), max_length=200)
    activity = models.CharField(_("activity"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECORDED
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed or rejected by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed or rejected at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ServiceHoursQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")
        ordering = ["-served_on", "-id"]
        permissions = [
            ("confirm_servicehours", _("Can confirm or reject service hours")),
            ("backdate_servicehours", _("Can record hours older than the back-dating window")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=MAX_HOURS_PER_DAY),
                name="hours_in_range",
                violation_error_message=_("An entry has more than 0 and at most 24 hours."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="hours_rejection_has_reason",
                violation_error_message=_("Give a reason for the rejection."),
            ),
            models.CheckConstraint(
                condition=Q(status="recorded") | Q(confirmed_at__isnull=False),
                name="hours_decision_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["center", "served_on"], name="hours_center_day"),
            models.Index(fields=["volunteer", "served_on"], name="hours_volunteer_day"),
            models.Index(fields=["served_on", "id"], name="hours_day"),
            models.Index(fields=["status", "center"], name="hours_status_center"),
        ]

    def __str__(self):
        return f"{self.served_on:%Y-%m-%d} {self.volunteer} {format_hours(self.hours)} h"
