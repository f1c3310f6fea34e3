"""Activities and their occurrences, the residents' sign-ups and what they are told.

An activity repeats by an RFC 5545 recurrence rule (`rrule`, read with
python-dateutil in `services/recurrence.py`), e.g. the free haircut on the last
Wednesday of each month (``FREQ=MONTHLY;BYDAY=-1WE``). Its occurrences are
materialised for a rolling window by `manage.py materialize_occurrences`: one row
per date the rule gives (`rule_date`), so running it again changes nothing, and
a cancelled or moved occurrence keeps its sign-ups.

Capacity is counted in people (a sign-up may bring a companion) under a lock on
the occurrence's row: see `services/services/signups.py`.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centers.models import Center, Community, SocialOrganization, Venue
from centers.scoping import ScopedQuerySet
from centers.validators import validate_phone
from services.models.people import Resident, TargetGroup
from volunteers.models import Team


def new_signup_token() -> str:
    """The secret in a sign-up's link (status and cancel): 144 random bits."""
    return secrets.token_urlsafe(18)


# One sign-up brings at most this many people (the resident and companions).
MAX_PEOPLE_PER_SIGNUP = 6
# One occurrence is one session, at most a day long (a camp over days has one a day).
# The bound lets "not yet over" read only the last day's starts, not every one since
# the activity began.
MAX_OCCURRENCE_LENGTH = timedelta(hours=24)
TOO_LONG = _("An occurrence lasts at most 24 hours: give an activity over several days one a day.")

# Sign-up references: no 0/O, 1/I/L, so that they can be read out on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_signup_reference() -> str:
    return "BM" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class ActivityQuerySet(ScopedQuerySet):
    def public(self):
        return self.filter(is_public=True)


class Activity(models.Model):
    """活动: a service that takes place once or again and again, e.g. the free
    haircut, the grassroots-star team's first-Friday desks, a traffic post."""

    center = models.ForeignKey(
        Center,
        models.PROTECT,
        related_name="activities",
        verbose_name=_("organizing center"),
        help_text=_("The center that runs the activity and keeps its records."),
    )
    organization = models.ForeignKey(
        SocialOrganization,
        models.PROTECT,
        related_name="activities",
        null=True,
        blank=True,
        verbose_name=_("organizing organization"),
    )
    team = models.ForeignKey(
        Team,
        models.PROTECT,
        related_name="activities",
        null=True,
        blank=True,
        verbose_name=_("organizing volunteer team"),
    )
    project = models.ForeignKey(
        "services.ServiceProject",
        models.PROTECT,
        related_name="activities",
        null=True,
        blank=True,
        verbose_name=_("service project"),
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    community = models.ForeignKey(
        Community,
        models.PROTECT,
        related_name="activities",
        verbose_name=_("community"),
        help_text=_("Where it takes place; the people served count for this community."),
    )
    venue = models.ForeignKey(
        Venue,
        models.PROTECT,
        related_name="activities",
        null=True,
        blank=True,
        verbose_name=_("activity room"),
    )
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Where, when not in a room: e.g. a crossroads."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="activities", verbose_name=_("target groups")
    )
    is_public = models.BooleanField(
        _("shown on the public site"),
        default=True,
        help_text=_("Unticked: for staff and volunteers only."),
    )
    signup_required = models.BooleanField(
        _("sign-up needed"), default=True, help_text=_("Unticked: walk in, no sign-up.")
    )
    capacity = models.PositiveIntegerField(
        _("places per occurrence"),
        null=True,
        blank=True,
        help_text=_("How many people can come each time (needed when sign-up is needed)."),
    )
    waitlist = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When full, further sign-ups wait and move up when someone cancels."),
    )
    # The schedule: the first date and the times of day, and the rule that
    # repeats them (empty: once).
    first_date = models.DateField(_("first date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=200,
        blank=True,
        help_text=_("RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=-1WE; empty for a one-off."),
    )
    until = models.DateField(_("repeats until"), null=True, blank=True)
    count = models.PositiveIntegerField(
        _("number of times"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords(m2m_fields=[target_groups])

    objects = ActivityQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("An activity ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity=None) | Q(capacity__gt=0),
                name="activity_capacity_positive",
                violation_error_message=_("An activity has at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(signup_required=False) | Q(capacity__isnull=False),
                name="activity_signup_has_capacity",
                violation_error_message=_("Give the number of places when sign-up is needed."),
            ),
            models.CheckConstraint(
                condition=Q(until=None) | Q(count=None),
                name="activity_until_or_count",
                violation_error_message=_("Give an end date or a number of times, not both."),
            ),
            models.CheckConstraint(
                condition=Q(until=None) | Q(until__gte=F("first_date")),
                name="activity_until_after_first",
                violation_error_message=_("The activity repeats until a date after its first."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def organizer(self):
        """Who runs it, as the residents see it: the team, else the organization,
        else the center."""
        return self.team or self.organization or self.center

    @property
    def where(self) -> str:
        return str(self.venue) if self.venue_id else self.place

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An activity ends after it starts.")
        if self.signup_required and not self.capacity:
            errors["capacity"] = _("Give the number of places when sign-up is needed.")
        if self.until and self.count:
            errors["count"] = _("Give an end date or a number of times, not both.")
        if self.until and self.first_date and self.until < self.first_date:
            errors["until"] = _("The activity repeats until a date after its first.")
        if self.venue_id and self.center_id and self.venue.center_id != self.center_id:
            errors["venue"] = _("This room belongs to another center.")
        if self.project_id and self.center_id and self.project.center_id != self.center_id:
            errors["project"] = _("This project is kept by another center.")
        if self.team_id and self.center_id:
            team_center = self.team.center_id or self.team.organization.center_id
            if team_center != self.center_id:
                errors["team"] = _("This team belongs to another center.")
        if self.venue_id and self.capacity and self.capacity > self.venue.capacity:
            errors["capacity"] = _("The room holds at most %(capacity)d people.") % {
                "capacity": self.venue.capacity
            }
        if errors:
            raise ValidationError(errors)


class ActivityException(models.Model):
    """A date the rule gives on which the activity does not take place (EXDATE)."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="exceptions", verbose_name=_("activity")
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("why"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("activity__center",)

    class Meta:
        verbose_name = _("date left out")
        verbose_name_plural = _("dates left out")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "date"], name="activityexception_once"),
        ]

    def __str__(self):
        return f"{self.activity} {self.date:%Y-%m-%d}"


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")


# Sign-ups that hold places: confirmed ones and, after the event, those who came
# or did not come (their place was kept for them).
HOLDING_PLACES = (SignupStatus.CONFIRMED, SignupStatus.ATTENDED, SignupStatus.NO_SHOW)
# Sign-ups that are still "on": one phone number has at most one per occurrence.
LIVE = (*HOLDING_PLACES, SignupStatus.WAITLISTED)


class OccurrenceQuerySet(ScopedQuerySet):
    def scheduled(self):
        return self.filter(status=OccurrenceStatus.SCHEDULED)

    def upcoming(self, now=None):
        """Scheduled and not yet over (so started less than a day ago)."""
        now = now or timezone.now()
        return self.scheduled().filter(ends_at__gt=now, starts_at__gt=now - MAX_OCCURRENCE_LENGTH)

    def public(self):
        return self.filter(activity__is_public=True)

    def with_places_taken(self):
        """Annotate `places_taken`: people of the sign-ups holding places."""
        return self.annotate(
            places_taken=Coalesce(
                Sum("signups__people", filter=Q(signups__status__in=HOLDING_PLACES)), 0
            )
        )


class Occurrence(models.Model):
    """场次: one time an activity takes place. `rule_date` is the date its rule
    gave; `starts_at` may differ when staff move it."""

    activity = models.ForeignKey(
        Activity, models.PROTECT, related_name="occurrences", verbose_name=_("activity")
    )
    rule_date = models.DateField(_("date in the schedule"), editable=False)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Copied from the activity; may be changed for this occurrence."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.SCHEDULED,
        editable=False,
    )
    note = models.CharField(
        _("note to those signed up"),
        max_length=200,
        blank=True,
        help_text=_("E.g. why it was cancelled or moved."),
    )
    history = HistoricalRecords()

    objects = OccurrenceQuerySet.as_manager()
    center_lookups = ("activity__center",)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "rule_date"], name="occurrence_once_per_rule_date"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="occurrence_ends_after_start",
                violation_error_message=_("An occurrence ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity=None) | Q(capacity__gt=0),
                name="occurrence_capacity_positive",
                violation_error_message=_("An occurrence has at least one place."),
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="occurrence_status_start")]

    def __str__(self):
        return f"{self.activity} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == OccurrenceStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()

    def clean(self):
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                raise ValidationError({"ends_at": _("An occurrence ends after it starts.")})
            if self.ends_at - self.starts_at > MAX_OCCURRENCE_LENGTH:
                raise ValidationError({"ends_at": TOO_LONG})


class SignupChannel(models.TextChoices):
    ONLINE = "online", pgettext_lazy("sign-up", "online")
    STAFF = "staff", _("entered by staff")
    WALK_IN = "walk_in", _("walked in")


class SignupQuerySet(ScopedQuerySet):
    def holding_places(self):
        return self.filter(status__in=HOLDING_PLACES)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=SignupStatus.WAITLISTED).order_by("created_at", "pk")


class Signup(models.Model):
    """报名: a resident's place at one occurrence (or on its waiting list)."""

    occurrence = models.ForeignKey(
        Occurrence, models.PROTECT, related_name="signups", verbose_name=_("occurrence")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    people = models.PositiveSmallIntegerField(
        _("number of people"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE_PER_SIGNUP)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SignupStatus.choices, editable=False
    )
    channel = models.CharField(
        _("how"), max_length=10, choices=SignupChannel.choices, default=SignupChannel.ONLINE
    )
    resident = models.ForeignKey(
        Resident,
        models.SET_NULL,
        related_name="signups",
        null=True,
        blank=True,
        verbose_name=_("resident on record"),
    )
    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_signup_reference, editable=False
    )
    token = models.CharField(max_length=32, unique=True, default=new_signup_token, editable=False)
    consented_at = models.DateTimeField(_("consent given at"), null=True, editable=False)
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now, editable=False)
    changed_at = models.DateTimeField(_("status changed at"), default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["token"])

    objects = SignupQuerySet.as_manager()
    center_lookups = ("occurrence__activity__center",)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["occurrence", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "phone"],
                condition=Q(status__in=LIVE) & ~Q(phone=""),
                name="signup_once_per_phone",
                violation_error_message=_("This phone number is already signed up for it."),
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1),
                name="signup_people_positive",
                violation_error_message=_("A sign-up is for at least one person."),
            ),
            models.CheckConstraint(
                condition=Q(channel="walk_in") | ~Q(phone=""),
                name="signup_has_phone",
                violation_error_message=_("A sign-up needs a phone number."),
            ),
        ]
        indexes = [
            models.Index(fields=["occurrence", "status"], name="signup_occurrence_status"),
        ]

    def __str__(self):
        return f"{self.reference} {self.occurrence}"


class SignupNotice(models.Model):
    """Something a person signed up must be told: the occurrence was cancelled or
    moved, or they moved up from the waiting list. Shown on their sign-up page,
    and listed for staff to pass on by phone until marked done."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("cancelled")
        MOVED = "moved", _("moved")
        PROMOTED = "promoted", _("moved up from the waiting list")

    signup = models.ForeignKey(
        Signup, models.CASCADE, related_name="notices", verbose_name=_("sign-up")
    )
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind.choices)
    old_starts_at = models.DateTimeField(_("was at"), null=True, blank=True)
    new_starts_at = models.DateTimeField(_("is now at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    passed_on_at = models.DateTimeField(_("passed on at"), null=True, blank=True)
    passed_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("passed on by"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("signup__occurrence__activity__center",)

    class Meta:
        verbose_name = _("notice to a person signed up")
        verbose_name_plural = _("notices to people signed up")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.signup.reference} {self.get_kind_display()}"
