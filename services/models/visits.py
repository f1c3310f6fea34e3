"""上门关爱: staff and volunteers visit residents (above all elderly people living
alone) at home or call them. One visit is one person-time served."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centers.scoping import ScopedQuerySet
from members.models import Member
from services.models.people import Resident
from volunteers.models import Volunteer


class HomeVisit(models.Model):
    class Mode(models.TextChoices):
        VISIT = "visit", _("home visit")
        PHONE = "phone", _("phone call")

    resident = models.ForeignKey(
        Resident, models.PROTECT, related_name="visits", verbose_name=_("resident")
    )
    visited_on = models.DateField(_("date"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.VISIT)
    members = models.ManyToManyField(
        Member, blank=True, related_name="home_visits", verbose_name=_("staff who visited")
    )
    volunteers = models.ManyToManyField(
        Volunteer, blank=True, related_name="home_visits", verbose_name=_("volunteers who visited")
    )
    findings = models.TextField(pgettext_lazy("home visit", "findings"), blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    follow_up_by = models.DateField(_("follow up by"), null=True, blank=True)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords(m2m_fields=[members, volunteers])

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("resident__center",)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_needed=True) | Q(follow_up_by=None),
                name="homevisit_follow_up_date_needs_follow_up",
                violation_error_message=_("A follow-up date is for a visit that needs one."),
            ),
        ]
        indexes = [models.Index(fields=["resident", "visited_on"], name="homevisit_resident_day")]

    def __str__(self):
        return f"{self.resident} {self.visited_on:%Y-%m-%d}"

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_needed and self.followed_up_on is None

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.visited_on and self.visited_on > today:
            errors["visited_on"] = _("A visit cannot be recorded for a future date.")
        if self.follow_up_by and not self.follow_up_needed:
            errors["follow_up_by"] = _("A follow-up date is for a visit that needs one.")
        elif self.follow_up_needed and not self.follow_up_by:
            errors["follow_up_by"] = _("By when should someone follow up?")
        if self.follow_up_by and self.visited_on and self.follow_up_by < self.visited_on:
            errors["follow_up_by"] = _("The follow-up is due after the visit.")
        if self.followed_up_on:
            if not self.follow_up_needed:
                errors["followed_up_on"] = _("This visit needs no follow-up.")
            elif self.followed_up_on > today:
                errors["followed_up_on"] = _("A follow-up cannot be recorded for a future date.")
            elif self.visited_on and self.followed_up_on < self.visited_on:
                errors["followed_up_on"] = _("The follow-up came after the visit.")
        if errors:
            raise ValidationError(errors)
