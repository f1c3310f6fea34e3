"""Volunteer shifts: the roles an activity needs filled each time (3 barbers and
2 helpers at the haircut; 4 volunteers at a crossroads from 7:30 to 9:00) and who
holds which slot at which occurrence.

Slots are never over-filled and a volunteer never holds two overlapping shifts:
`services/services/shifts.py` checks both under a lock; on PostgreSQL an
exclusion constraint refuses overlapping shifts of one volunteer as well.
An assignment keeps its planned times (for the overlap check) and, once served,
the actual ones, from which the hours entry is drafted.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centers.scoping import ScopedQuerySet
from services.models.activities import Activity, Occurrence
from volunteers.models import ServiceHours, Skill, Team, Volunteer


class ShiftRole(models.Model):
    """A role with a number of slots, at every occurrence of the activity."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="shift_roles", verbose_name=_("activity")
    )
    name = models.CharField(
        pgettext_lazy("volunteer shift", "role"),
        max_length=100,
        help_text=_("E.g. barber, helper."),
    )
    slots = models.PositiveSmallIntegerField(_("volunteers needed"))
    starts_at = models.TimeField(
        _("from"), null=True, blank=True, help_text=_("Empty: when the activity starts.")
    )
    ends_at = models.TimeField(
        _("until"), null=True, blank=True, help_text=_("Empty: when the activity ends.")
    )
    team = models.ForeignKey(
        Team,
        models.SET_NULL,
        related_name="shift_roles",
        null=True,
        blank=True,
        verbose_name=_("from the team"),
        help_text=_("Volunteers of this team (or its sub-teams) are proposed first."),
    )
    skill = models.ForeignKey(
        Skill,
        models.SET_NULL,
        related_name="shift_roles",
        null=True,
        blank=True,
        verbose_name=_("skill needed"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("activity__center",)

    class Meta:
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        ordering = ["activity", "starts_at", "name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "name"], name="shiftrole_unique_name"),
            models.CheckConstraint(
                condition=Q(slots__gt=0),
                name="shiftrole_slots_positive",
                violation_error_message=_("A role needs at least one volunteer."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at=None) | Q(ends_at=None) | Q(ends_at__gt=F("starts_at")),
                name="shiftrole_ends_after_start",
                violation_error_message=_("A shift ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.activity} · {self.name}"

    def period_at(self, occurrence: Occurrence) -> tuple[datetime, datetime]:
        """The shift's planned start and end at that occurrence (local time)."""
        tz = timezone.get_current_timezone()
        day = timezone.localtime(occurrence.starts_at).date()
        start = (
            datetime.combine(day, self.starts_at, tz) if self.starts_at else occurrence.starts_at
        )
        end = datetime.combine(day, self.ends_at, tz) if self.ends_at else occurrence.ends_at
        return start, end

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A shift ends after it starts.")})


class ShiftStatus(models.TextChoices):
    ASSIGNED = "assigned", _("assigned")
    SERVED = "served", _("served")
    ABSENT = "absent", _("absent")


class ShiftAssignmentQuerySet(ScopedQuerySet):
    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class ShiftAssignment(models.Model):
    """One volunteer in one slot of a role at one occurrence."""

    role = models.ForeignKey(
        ShiftRole,
        models.PROTECT,
        related_name="assignments",
        verbose_name=pgettext_lazy("volunteer shift", "role"),
    )
    occurrence = models.ForeignKey(
        Occurrence, models.PROTECT, related_name="shift_assignments", verbose_name=_("occurrence")
    )
    volunteer = models.ForeignKey(
        Volunteer, models.PROTECT, related_name="shift_assignments", verbose_name=_("volunteer")
    )
    starts_at = models.DateTimeField(_("planned from"), editable=False)
    ends_at = models.DateTimeField(_("planned until"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ShiftStatus.choices,
        default=ShiftStatus.ASSIGNED,
        editable=False,
    )
    served_from = models.DateTimeField(_("actually from"), null=True, blank=True)
    served_until = models.DateTimeField(_("actually until"), null=True, blank=True)
    hours_entry = models.OneToOneField(
        ServiceHours,
        models.SET_NULL,
        related_name="shift",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("hours entry"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    history = HistoricalRecords()

    objects = ShiftAssignmentQuerySet.as_manager()
    center_lookups = ("occurrence__activity__center",)

    class Meta:
        verbose_name = _("volunteer shift")
        verbose_name_plural = _("volunteer shifts")
        ordering = ["occurrence", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "volunteer"],
                name="shift_once_per_occurrence",
                violation_error_message=_("This volunteer already has a shift at this occurrence."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="shift_ends_after_start",
                violation_error_message=_("A shift ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(served_from=None)
                | Q(served_until=None)
                | Q(served_until__gt=F("served_from")),
                name="shift_served_until_after_from",
                violation_error_message=_("The actual end is after the actual start."),
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "starts_at"], name="shift_volunteer_start"),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.role.name} · {self.occurrence}"

    def clean(self):
        if self.served_from and self.served_until and self.served_until <= self.served_from:
            raise ValidationError({"served_until": _("The actual end is after the actual start.")})
