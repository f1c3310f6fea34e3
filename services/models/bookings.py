"""Room booking: a resident or an organization asks for an activity room; staff
approve or decline.

Two approved bookings of one room never overlap. `services.services.bookings`
checks it under a lock on the room on every database; on PostgreSQL an exclusion
constraint (migration 0002) refuses it as well, whatever writes the rows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import SocialOrganization, Venue
from centers.scoping import ScopedQuerySet
from centers.validators import validate_phone


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")


class VenueBookingQuerySet(ScopedQuerySet):
    def approved(self):
        return self.filter(status=BookingStatus.APPROVED)

    def overlapping(self, starts_at, ends_at):
        """Bookings that share some time with [starts_at, ends_at)."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class VenueBooking(models.Model):
    """场地预约: one use of an activity room, from start to end.

    A weekly series (e.g. a choir's practice) is one booking per week sharing
    a `series` id; each week is checked on its own.
    """

    venue = models.ForeignKey(
        Venue, models.PROTECT, related_name="bookings", verbose_name=_("activity room")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=BookingStatus,
        default=BookingStatus.REQUESTED,
        editable=False,
    )
    series = models.UUIDField(
        _("weekly series"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Bookings made together, one per week."),
    )
    name = models.CharField(_("contact person"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    organization_name = models.CharField(
        _("group or organization"),
        max_length=150,
        blank=True,
        help_text=_("If you book for a group, e.g. a choir."),
    )
    organization = models.ForeignKey(
        SocialOrganization,
        models.SET_NULL,
        related_name="venue_bookings",
        null=True,
        blank=True,
        verbose_name=_("organization on record"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    people = models.PositiveIntegerField(_("number of people"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    consented_at = models.DateTimeField(_("consent given at"), null=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("decided by"),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("E.g. why a request was declined.")
    )
    history = HistoricalRecords()

    objects = VenueBookingQuerySet.as_manager()
    center_lookups = ("venue__center",)

    class Meta:
        verbose_name = _("room booking")
        verbose_name_plural = _("room bookings")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["venue", "starts_at"], name="venuebooking_venue_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="venuebooking_ends_after_start",
                violation_error_message=_("A booking ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1),
                name="venuebooking_people_positive",
                violation_error_message=_("A booking is for at least one person."),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.venue.name} {local:%Y-%m-%d %H:%M}–{timezone.localtime(self.ends_at):%H:%M}"

    @property
    def who(self) -> str:
        return self.organization_name or self.name

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A booking ends after it starts.")
        if self.venue_id and self.people and self.people > self.venue.capacity:
            errors["people"] = _("This room holds at most %(capacity)d people.") % {
                "capacity": self.venue.capacity
            }
        if errors:
            raise ValidationError(errors)
