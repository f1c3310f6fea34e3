"""Places, the centers that serve them and the social organizations they host.

This is the ground floor (STYLE.md): every other app stands on it, and it
imports none of them. Who may see which center is decided in `scoping.py`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.scoping import ScopedQuerySet, visible_centers
from centers.validators import validate_phone, validate_uscc


class LocalizedName(models.Model):
    """An entry of an editable list, named in Chinese with an optional English name."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


# --- Places -----------------------------------------------------------------


class DistrictQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_superuser and user.is_active:
            return self
        return self.filter(pk__in=visible_centers(user).values("street__district"))


class District(models.Model):
    """区: 九龙坡区 (Chongqing), 叙州区 (Yibin)."""

    city = models.CharField(_("city"), max_length=50)
    name = models.CharField(_("name"), max_length=50)
    history = HistoricalRecords()

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["city", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="district_unique_name"),
        ]

    def __str__(self):
        return f"{self.city}{self.name}"


class StreetQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_superuser and user.is_active:
            return self
        return self.filter(pk__in=visible_centers(user).values("street"))


class Street(models.Model):
    """街道: the unit a street-office leader oversees."""

    district = models.ForeignKey(
        District, models.PROTECT, related_name="streets", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=50)
    history = HistoricalRecords()

    objects = StreetQuerySet.as_manager()

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["district__city", "district__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="street_unique_name"),
        ]

    def __str__(self):
        return self.name


class CommunityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every community of a street in which the user has a center."""
        if user.is_superuser and user.is_active:
            return self
        return self.filter(street__in=visible_centers(user).values("street"))


class Community(models.Model):
    """社区: belongs to one street."""

    street = models.ForeignKey(
        Street, models.PROTECT, related_name="communities", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=50)
    history = HistoricalRecords()

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["street__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="community_unique_name"),
        ]

    def __str__(self):
        return self.name


# --- Centers ----------------------------------------------------------------


class Center(models.Model):
    """A service point: the street's social-work center, a community's social-work
    room, an incubator of organizations, a service hall or a volunteer station."""

    class Kind(models.TextChoices):
        STREET_CENTER = "street_center", _("street social-work service center")
        COMMUNITY_ROOM = "community_room", _("community social-work room")
        INCUBATOR = "incubator", _("social organization incubation center")
        SERVICE_HALL = "service_hall", _("party and public service center")
        VOLUNTEER_STATION = "volunteer_station", _("volunteer service station")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    street = models.ForeignKey(
        Street, models.PROTECT, related_name="centers", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community,
        models.PROTECT,
        related_name="centers",
        null=True,
        blank=True,
        verbose_name=_("community"),
        help_text=_("Required for a community social-work room."),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("pk",)

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        ordering = ["street__name", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="community_room") | Q(community__isnull=False),
                name="center_room_has_community",
                violation_error_message=_("A community social-work room belongs to a community."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.community_id and self.street_id and self.community.street_id != self.street_id:
            raise ValidationError({"community": _("This community belongs to another street.")})
        if self.kind == self.Kind.COMMUNITY_ROOM and not self.community_id:
            raise ValidationError(
                {"community": _("A community social-work room belongs to a community.")}
            )


class StaffAssignment(models.Model):
    """Where a staff login works: one center, or (for a street leader) a whole street.

    What the user may do there comes from their role (group); what they may see
    comes from here.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="assignments",
        verbose_name=_("user"),
    )
    center = models.ForeignKey(
        Center,
        models.CASCADE,
        related_name="assignments",
        null=True,
        blank=True,
        verbose_name=_("center"),
    )
    street = models.ForeignKey(
        Street,
        models.CASCADE,
        related_name="assignments",
        null=True,
        blank=True,
        verbose_name=_("street"),
        help_text=_("For a street leader: every center of the street."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(center__isnull=False, street__isnull=True)
                | Q(center__isnull=True, street__isnull=False),
                name="assignment_center_or_street",
                violation_error_message=_("Choose either a center or a street, not both."),
            ),
            models.UniqueConstraint(fields=["user", "center"], name="assignment_unique_center"),
            models.UniqueConstraint(fields=["user", "street"], name="assignment_unique_street"),
        ]

    def __str__(self):
        return f"{self.user} → {self.center or self.street}"


class Venue(models.Model):
    """活动室: a room inside a center (reading, singing, calligraphy, tea …)."""

    class Kind(models.TextChoices):
        READING = "reading", _("reading room")
        SINGING = "singing", _("singing room")
        CALLIGRAPHY = "calligraphy", _("calligraphy and painting room")
        TEA = "tea", _("tea room")
        MEETING = "meeting", _("meeting room")
        OTHER = "other", _("other room")

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="venues", verbose_name=_("center")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("activity room")
        verbose_name_plural = _("activity rooms")
        ordering = ["center__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="venue_unique_name"),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="venue_capacity_positive",
                violation_error_message=_("A room holds at least one person."),
            ),
        ]

    def __str__(self):
        return f"{self.center} · {self.name}"


class VenueOpeningHours(models.Model):
    """When a room may be booked: one row per weekday and opening (a day may have two,
    e.g. a morning and an evening opening)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")
        SUNDAY = 7, _("Sunday")

    venue = models.ForeignKey(
        Venue, models.CASCADE, related_name="opening_hours", verbose_name=_("activity room")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("venue__center",)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["venue", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")),
                name="venue_hours_close_after_open",
                violation_error_message=_("A room closes after it opens."),
            ),
            models.UniqueConstraint(
                fields=["venue", "weekday", "opens"], name="venue_hours_unique_opening"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("A room closes after it opens.")})


# --- Social organizations ---------------------------------------------------


class IncubationStage(LocalizedName):
    """萌芽型 / 初创型 / 成长型 / 成熟型: a local classification, kept editable."""

    history = HistoricalRecords()

    class Meta(LocalizedName.Meta):
        verbose_name = _("incubation stage")
        verbose_name_plural = _("incubation stages")


class ServiceField(LocalizedName):
    """What an organization works on: community corrections, disability support …"""

    history = HistoricalRecords()

    class Meta(LocalizedName.Meta):
        verbose_name = _("service field")
        verbose_name_plural = _("service fields")


class SocialOrganization(models.Model):
    """社会组织: a social group, a social service agency, a foundation, or a
    community group filed with the street instead of registered."""

    class LegalForm(models.TextChoices):
        SOCIAL_GROUP = "social_group", _("social group")
        SOCIAL_SERVICE_AGENCY = "social_service_agency", _("social service agency")
        FOUNDATION = "foundation", _("foundation")
        COMMUNITY_GROUP = "community_group", _("community social organization")

    class RegistrationStatus(models.TextChoices):
        REGISTERED = "registered", _("registered with civil affairs")
        FILED = "filed", _("filed with the street")

    class Level(models.TextChoices):
        CITY = "city", _("city")
        DISTRICT = "district", _("district")
        STREET = "street", _("street")

    # Position 2 of a civil-affairs USCC (position 1 = "5") gives the legal form.
    USCC_FORM_CODES = {"1": "social_group", "2": "social_service_agency", "3": "foundation"}

    name = models.CharField(_("name"), max_length=150)
    center = models.ForeignKey(
        Center,
        models.PROTECT,
        related_name="organizations",
        verbose_name=_("keeping center"),
        help_text=_("The center that keeps this organization's record."),
    )
    community = models.ForeignKey(
        Community,
        models.PROTECT,
        related_name="organizations",
        null=True,
        blank=True,
        verbose_name=_("community"),
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        related_name="teams",
        null=True,
        blank=True,
        verbose_name=_("parent organization"),
        help_text=_("For a team of a larger organization, e.g. the choir of an art troupe."),
    )
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_("18 characters (GB 32100-2015). Required once registered."),
    )
    registration_status = models.CharField(
        _("registration status"), max_length=20, choices=RegistrationStatus.choices
    )
    registration_level = models.CharField(
        _("registration level"), max_length=20, choices=Level.choices
    )
    stage = models.ForeignKey(
        IncubationStage,
        models.PROTECT,
        related_name="organizations",
        null=True,
        blank=True,
        verbose_name=_("incubation stage"),
    )
    is_hub = models.BooleanField(
        _("hub organization"),
        default=False,
        help_text=_("An umbrella organization that supports others."),
    )
    service_fields = models.ManyToManyField(
        ServiceField, blank=True, related_name="organizations", verbose_name=_("service fields")
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    description = models.TextField(_("what it does"), blank=True)
    meets = models.CharField(_("when it meets"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("shown on the public site"),
        default=False,
        help_text=_("Only organizations marked public appear in the residents' directory."),
    )
    history = HistoricalRecords(m2m_fields=[service_fields])

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("social organization")
        verbose_name_plural = _("social organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~Q(uscc=""),
                name="organization_unique_uscc",
                violation_error_message=_(
                    "Another organization already has this unified social credit code."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(registration_status="registered") | ~Q(uscc=""),
                name="organization_registered_has_uscc",
                violation_error_message=_(
                    "A registered organization needs its unified social credit code."
                ),
            ),
            models.CheckConstraint(
                condition=Q(registration_status="filed", registration_level="street")
                | Q(registration_status="registered", registration_level__in=["city", "district"]),
                name="organization_level_matches_status",
                violation_error_message=_(
                    "Filed organizations are filed with the street; registered ones at "
                    "city or district level."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        self.uscc = self.uscc.upper()
        if self.registration_status == self.RegistrationStatus.REGISTERED and not self.uscc:
            errors["uscc"] = _("A registered organization needs its unified social credit code.")
        if self.registration_status == self.RegistrationStatus.FILED:
            if self.registration_level != self.Level.STREET:
                errors["registration_level"] = _(
                    "An organization filed with the street has street level."
                )
        elif self.registration_level == self.Level.STREET:
            errors["registration_level"] = _(
                "A registered organization is registered at city or district level."
            )
        form_code = self.uscc[1:2] if self.uscc.startswith("5") else ""
        expected = self.USCC_FORM_CODES.get(form_code)
        if expected and expected != self.legal_form:
            errors["legal_form"] = _("The credit code says this organization is a %(form)s.") % {
                "form": self.LegalForm(expected).label
            }
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An organization cannot be its own parent.")
        if errors:
            raise ValidationError(errors)


class Residency(models.Model):
    """入驻: an organization hosted at a center, from move-in to move-out."""

    organization = models.ForeignKey(
        SocialOrganization,
        models.CASCADE,
        related_name="residencies",
        verbose_name=_("organization"),
    )
    center = models.ForeignKey(
        Center, models.PROTECT, related_name="residencies", verbose_name=_("host center")
    )
    moved_in = models.DateField(_("moved in"))
    moved_out = models.DateField(_("moved out"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        ordering = ["-moved_in"]
        constraints = [
            models.CheckConstraint(
                condition=Q(moved_out__isnull=True) | Q(moved_out__gte=models.F("moved_in")),
                name="residency_out_after_in",
                violation_error_message=_("The move-out date is before the move-in date."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} @ {self.center}"

    def clean(self):
        if self.moved_in and self.moved_out and self.moved_out < self.moved_in:
            raise ValidationError({"moved_out": _("The move-out date is before the move-in date.")})


class FollowUpVisit(models.Model):
    """回访: a center's visit back to an organization it fostered or registered."""

    organization = models.ForeignKey(
        SocialOrganization,
        models.CASCADE,
        related_name="follow_up_visits",
        verbose_name=_("organization"),
    )
    center = models.ForeignKey(
        Center, models.PROTECT, related_name="follow_up_visits", verbose_name=_("visiting center")
    )
    visited_on = models.DateField(_("visited on"))
    visitor = models.CharField(_("visited by"), max_length=100)
    findings = models.TextField(_("findings"), blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["-visited_on"]

    def __str__(self):
        return f"{self.organization} {self.visited_on:%Y-%m-%d}"


class PartnerUnit(models.Model):
    """共建单位: a hospital, bank, law firm or judicial office giving free services."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("hospital")
        BANK = "bank", _("bank")
        LAW_FIRM = "law_firm", _("law firm")
        JUDICIAL_OFFICE = "judicial_office", _("judicial office")
        ENTERPRISE = "enterprise", _("enterprise")
        SCHOOL = "school", _("school")
        OTHER = "other", _("other")

    center = models.ForeignKey(
        Center, models.PROTECT, related_name="partner_units", verbose_name=_("center")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("partner unit")
        verbose_name_plural = _("partner units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="partner_unique_name"),
        ]

    def __str__(self):
        return self.name


class PartnerService(models.Model):
    """One free service a partner unit gives: drug advice, anti-fraud talks …"""

    partner = models.ForeignKey(
        PartnerUnit, models.CASCADE, related_name="services", verbose_name=_("partner unit")
    )
    name = models.CharField(_("service"), max_length=100)
    schedule = models.CharField(_("when"), max_length=100, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("partner__center",)

    class Meta:
        verbose_name = _("free service")
        verbose_name_plural = _("free services")
        ordering = ["partner", "name"]

    def __str__(self):
        return self.name
