"""The centers' workers: certificates, training, education and honors."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centers.models import Center, SocialOrganization
from centers.scoping import ScopedQuerySet
from centers.validators import validate_phone
from members.figures import CertificationRate


class CertificateLevel(models.TextChoices):
    """社会工作者职业水平证书 levels."""

    ASSISTANT = "assistant", _("assistant social worker")
    INTERMEDIATE = "intermediate", _("social worker")
    SENIOR = "senior", _("senior social worker")


class MemberQuerySet(ScopedQuerySet):
    def active(self, on: date | None = None):
        """On the staff on that day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(joined_on__lte=on) | Q(joined_on=None)).filter(
            Q(left_on=None) | Q(left_on__gt=on)
        )

    def with_certified(self, on: date | None = None):
        """Annotate `is_certified`: holds a certificate issued by that day."""
        on = on or timezone.localdate()
        held = Certificate.objects.filter(member=OuterRef("pk"), issued_on__lte=on)
        return self.annotate(is_certified=Exists(held))

    def certified(self, on: date | None = None):
        return self.with_certified(on).filter(is_certified=True)

    def certification_rate(self, on: date | None = None) -> CertificationRate:
        """持证率: certified active members / active members, in one query."""
        on = on or timezone.localdate()
        counts = (
            self.active(on)
            .with_certified(on)
            .aggregate(
                total=models.Count("pk"),
                certified=models.Count("pk", filter=Q(is_certified=True)),
            )
        )
        return CertificationRate(certified=counts["certified"], total=counts["total"])


class Member(models.Model):
    """社区工作者 / 社工: a person on a center's staff; not every one is certified."""

    class Position(models.TextChoices):
        DIRECTOR = "director", _("director")
        DEPUTY_DIRECTOR = "deputy_director", _("deputy director")
        SOCIAL_WORKER = "social_worker", _("social worker")
        COMMUNITY_WORKER = "community_worker", _("community worker")
        OTHER = "other", _("other")

    class Gender(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    center = models.ForeignKey(
        Center, models.PROTECT, related_name="members", verbose_name=_("center")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.COMMUNITY_WORKER
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        related_name="member",
        null=True,
        blank=True,
        verbose_name=_("login"),
    )
    history = HistoricalRecords()

    objects = MemberQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("community worker")
        verbose_name_plural = _("community workers")
        ordering = ["center__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on=None)
                | Q(joined_on=None)
                | Q(left_on__gte=models.F("joined_on")),
                name="member_left_after_joined",
                violation_error_message=_("The leaving date is before the joining date."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("The leaving date is before the joining date.")})

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return (self.joined_on is None or self.joined_on <= today) and (
            self.left_on is None or self.left_on > today
        )


class Certificate(models.Model):
    """社会工作者职业水平证书: its registration is valid for 3 years."""

    member = models.ForeignKey(
        Member, models.CASCADE, related_name="certificates", verbose_name=_("community worker")
    )
    level = models.CharField(_("level"), max_length=20, choices=CertificateLevel.choices)
    number = models.CharField(_("certificate number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    registration_valid_until = models.DateField(
        _("registration valid until"),
        null=True,
        blank=True,
        help_text=_("Registration lasts 3 years; renew in its last 3 months."),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("member__center",)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "number"],
                name="certificate_unique_number",
                violation_error_message=_("A certificate of this level already has this number."),
            ),
            models.CheckConstraint(
                condition=Q(registration_valid_until=None)
                | Q(registration_valid_until__gt=models.F("issued_on")),
                name="certificate_registration_after_issue",
                violation_error_message=_(
                    "The registration ends before the certificate was issued."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.number}"

    def clean(self):
        if (
            self.issued_on
            and self.registration_valid_until
            and self.registration_valid_until <= self.issued_on
        ):
            raise ValidationError(
                {
                    "registration_valid_until": _(
                        "The registration ends before the certificate was issued."
                    )
                }
            )


class TrainingSession(models.Model):
    """学习充电: a weekly meeting, case discussion, Friday review, lecture or self-study."""

    class Kind(models.TextChoices):
        WEEKLY_MEETING = "weekly_meeting", _("weekly meeting")
        CASE_DISCUSSION = "case_discussion", _("case discussion")
        FRIDAY_REVIEW = "friday_review", _("Friday review")
        LECTURE = "lecture", _("lecture")
        SELF_STUDY = "self_study", _("self-study")
        OTHER = "other", _("other")

    center = models.ForeignKey(
        Center, models.PROTECT, related_name="training_sessions", verbose_name=_("center")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(
        pgettext_lazy("training", "hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    speaker = models.CharField(_("speaker"), max_length=100, blank=True)
    attendees = models.ManyToManyField(
        Member,
        through="TrainingAttendance",
        related_name="training_sessions",
        verbose_name=_("attendees"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24),
                name="training_hours_in_range",
                violation_error_message=_("A session lasts more than 0 and at most 24 hours."),
            ),
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class TrainingAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        models.CASCADE,
        related_name="attendance",
        verbose_name=_("training session"),
    )
    member = models.ForeignKey(
        Member,
        models.CASCADE,
        related_name="training_attendance",
        verbose_name=_("community worker"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("session__center",)

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once"),
        ]

    def __str__(self):
        return f"{self.member} · {self.session}"

    def clean(self):
        if self.session_id and self.member_id and self.session.center_id != self.member.center_id:
            raise ValidationError(
                {"member": _("This worker belongs to another center than the session.")}
            )


class EducationEnrollment(models.Model):
    """学历教育: e.g. a 2-year Open University social-work course."""

    member = models.ForeignKey(
        Member, models.CASCADE, related_name="enrollments", verbose_name=_("community worker")
    )
    institution = models.CharField(_("institution"), max_length=100)
    program = models.CharField(_("program"), max_length=100)
    is_social_work = models.BooleanField(
        _("social-work degree"),
        default=True,
        help_text=_("Finishing a social-work degree counts 90 hours of continuing education."),
    )
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("member__center",)

    class Meta:
        verbose_name = _("education enrollment")
        verbose_name_plural = _("education enrollments")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on=None) | Q(completed_on__gte=models.F("started_on")),
                name="enrollment_completed_after_start",
                violation_error_message=_("The completion date is before the start."),
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.program}"

    def clean(self):
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            raise ValidationError({"completed_on": _("The completion date is before the start.")})


class Honor(models.Model):
    """荣誉: given to exactly one of an organization, a center or a worker."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCIAL = "provincial", _("provincial")
        CITY = "city", _("city")
        DISTRICT = "district", _("district")
        STREET = "street", _("street")

    title = models.CharField(_("title"), max_length=150)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    awarded_by = models.CharField(_("awarded by"), max_length=100, blank=True)
    organization = models.ForeignKey(
        SocialOrganization,
        models.CASCADE,
        related_name="honors",
        null=True,
        blank=True,
        verbose_name=_("organization"),
    )
    center = models.ForeignKey(
        Center,
        models.CASCADE,
        related_name="honors",
        null=True,
        blank=True,
        verbose_name=_("center"),
    )
    member = models.ForeignKey(
        Member,
        models.CASCADE,
        related_name="honors",
        null=True,
        blank=True,
        verbose_name=_("community worker"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center", "organization__center", "member__center")

    RECIPIENT_FIELDS = ("organization", "center", "member")

    class Meta:
        verbose_name = _("honor")
        verbose_name_plural = _("honors")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, center=None, member=None)
                | Q(organization=None, center__isnull=False, member=None)
                | Q(organization=None, center=None, member__isnull=False),
                name="honor_exactly_one_recipient",
                violation_error_message=_(
                    "An honor goes to exactly one organization, center or worker."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.title} · {self.recipient}"

    @property
    def recipient(self):
        return self.organization or self.center or self.member

    def clean(self):
        given = [name for name in self.RECIPIENT_FIELDS if getattr(self, f"{name}_id")]
        if len(given) != 1:
            raise ValidationError(_("An honor goes to exactly one organization, center or worker."))
