"""The real-name volunteer record, its numbers and the log of full views."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center, Community, LocalizedName
from centers.privacy import mask_id_number, mask_phone
from centers.scoping import ScopedQuerySet
from centers.validators import validate_phone
from volunteers import crypto, stars
from volunteers.identity import Gender, IdType, age_on


class Skill(LocalizedName):
    """What a volunteer can do (an editable list): nursing, legal advice, music …"""

    history = HistoricalRecords()

    class Meta(LocalizedName.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class NumberSequence(models.Model):
    """A counter per kind of number and year, locked while numbers are handed out."""

    name = models.CharField(max_length=40, primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self):
        return f"{self.name}: {self.last}"

    @classmethod
    def allocate(cls, name: str, count: int = 1) -> range:
        """`count` consecutive serials, never handed out twice (the row stays
        locked until the caller's transaction ends)."""
        with transaction.atomic():
            cls.objects.get_or_create(name=name)
            sequence = cls.objects.select_for_update().get(name=name)
            first = sequence.last + 1
            sequence.last += count
            sequence.save(update_fields=["last"])
        return range(first, first + count)


def volunteer_numbers(count: int, *, year: int | None = None) -> list[str]:
    """志愿者编号: "ZY", the year of registration and a 7-digit serial in that year,
    e.g. ZY20260000123 — uniform, shown wherever a key is needed instead of the ID."""
    year = year or timezone.localdate().year
    return [
        f"ZY{year}{serial:07d}" for serial in NumberSequence.allocate(f"volunteer:{year}", count)
    ]


class VolunteerQuerySet(ScopedQuerySet):
    def with_id_number(self, id_type: str, number: str):
        """Exact lookup by document, through the keyed hash (nothing is decrypted)."""
        return self.filter(id_number_digest=crypto.digest(id_type, number))

    def active(self):
        return self.filter(status=Volunteer.Status.ACTIVE)

    def with_stars(self, level: int):
        low, high = stars.hours_range(level)
        queryset = self.filter(confirmed_hours__gte=low)
        return queryset if high is None else queryset.filter(confirmed_hours__lt=high)


class Volunteer(models.Model):
    """志愿者 (实名注册): a real-name registered volunteer.

    The ID number is never stored in clear: `id_number_sealed` (Fernet),
    `id_number_digest` (keyed hash, unique) and `id_number_masked` (for display).
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied, waiting for approval")
        ACTIVE = "active", _("registered")
        REJECTED = "rejected", _("rejected")
        SUSPENDED = "suspended", _("suspended")
        LEFT = "left", _("left")

    class ConsentSource(models.TextChoices):
        ONLINE = "online", _("online application")
        PAPER = "paper", _("signed paper form")

    volunteer_no = models.CharField(_("volunteer number"), max_length=16, unique=True)
    name = models.CharField(_("real name"), max_length=50)
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number_sealed = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_digest = models.CharField(_("ID number (keyed hash)"), max_length=64, editable=False)
    # Editable (though no form offers it) so that the history shows its changes.
    id_number_masked = models.CharField(_("ID number"), max_length=32)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    community = models.ForeignKey(
        Community, models.PROTECT, related_name="volunteers", verbose_name=_("community")
    )
    center = models.ForeignKey(
        Center,
        models.PROTECT,
        related_name="volunteers",
        verbose_name=_("keeping center"),
        help_text=_("The center that approves and keeps this volunteer's record."),
    )
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="volunteers", verbose_name=_("skills")
    )
    weekday_mornings = models.BooleanField(_("weekday mornings"), default=False)
    weekday_afternoons = models.BooleanField(_("weekday afternoons"), default=False)
    weekday_evenings = models.BooleanField(_("weekday evenings"), default=False)
    weekends = models.BooleanField(_("weekends"), default=False)
    consent_source = models.CharField(
        _("consent given by"), max_length=10, choices=ConsentSource.choices
    )
    consent_at = models.DateTimeField(_("consent given at"))
    consent_text = models.TextField(_("consent text shown"))
    guardian_name = models.CharField(_("guardian's name"), max_length=50, blank=True)
    guardian_phone = models.CharField(
        _("guardian's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    guardian_consent_at = models.DateTimeField(
        _("guardian's consent given at"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the application was rejected or suspended.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Kept by the hours services in the same transaction as the ledger; checked
    # and rebuilt by `manage.py recompute_confirmed_hours`.
    confirmed_hours = models.DecimalField(
        _("confirmed hours"), max_digits=9, decimal_places=2, default=0, editable=False
    )
    # The last day of confirmed service, kept with confirmed_hours.
    last_served_on = models.DateField(_("last served on"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The history never holds the encrypted number or its hash; the masked
    # number shows what changed. Confirmed hours are derived from the ledger.
    history = HistoricalRecords(
        excluded_fields=[
            "id_number_sealed",
            "id_number_digest",
            "confirmed_hours",
            "last_served_on",
        ],
        m2m_fields=[skills],
    )

    objects = VolunteerQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-volunteer_no"]
        permissions = [
            ("view_full_personal_data", _("Can view full ID numbers and phone numbers")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_digest"],
                name="volunteer_unique_id_number",
                violation_error_message=_("A volunteer with this ID number is already registered."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "suspended"]) | ~Q(status_reason=""),
                name="volunteer_reason_given",
                violation_error_message=_("Give a reason for the rejection or suspension."),
            ),
            models.CheckConstraint(
                condition=~Q(status="left") | Q(left_on__isnull=False),
                name="volunteer_left_has_date",
                violation_error_message=_("A volunteer who left has a leaving date."),
            ),
            models.CheckConstraint(
                condition=Q(confirmed_hours__gte=0), name="volunteer_confirmed_hours_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "center"], name="volunteer_status_center"),
            models.Index(fields=["confirmed_hours"], name="volunteer_confirmed_hours"),
            models.Index(fields=["phone"], name="volunteer_phone"),
            # Name search is a prefix search (Chinese has no case); on PostgreSQL
            # LIKE 'x%' uses this index only with the pattern operator class.
            models.Index(fields=["name"], name="volunteer_name", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.volunteer_no} {self.name}"

    def set_id_number(self, id_type: str, number: str) -> None:
        """Store a validated, normalized document number: encrypted, hashed, masked."""
        self.id_type = id_type
        self.id_number_sealed = crypto.seal(number)
        self.id_number_digest = crypto.digest(id_type, number)
        self.id_number_masked = mask_id_number(number)

    def reveal_id_number(self) -> str:
        """The number in clear. Callers log the view (volunteers.services.personal_data_reveal)."""
        return crypto.unseal(self.id_number_sealed)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def guardian_phone_masked(self) -> str:
        return mask_phone(self.guardian_phone)

    @property
    def age(self) -> int:
        return age_on(self.birth_date, timezone.localdate())

    @property
    def stars(self) -> int:
        return stars.star_level(self.confirmed_hours)

    @property
    def availability(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in AVAILABILITY_FIELDS
            if getattr(self, name)
        ]


AVAILABILITY_FIELDS = ("weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends")


class PersonalDataAccessLog(models.Model):
    """Who saw which personal data of which volunteer in full, and when — never the value."""

    class Field(models.TextChoices):
        ID_NUMBER = "id_number", _("ID number")
        PHONE = "phone", _("phone")
        GUARDIAN_PHONE = "guardian_phone", _("guardian's phone")

    class Purpose(models.TextChoices):
        VIEW = "view", _("viewed in the admin")
        EXPORT = "export", _("exported")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    volunteer = models.ForeignKey(
        Volunteer,
        models.SET_NULL,
        null=True,
        related_name="access_log",
        verbose_name=_("volunteer"),
    )
    volunteer_no = models.CharField(_("volunteer number"), max_length=16)
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("volunteer__center",)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} → {self.volunteer_no}"
