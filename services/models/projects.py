"""服务项目: social-work projects, most of them bought by the government from an
organization (政府购买服务), e.g. the 41 city and district projects of Jiulong, or
the Xuzhou incubator's 7 packaged and 4 introduced projects of which 9 landed.

Where a project came from (packaged here or introduced from elsewhere) and how
far it is (preparing, landed, closed) are two things: the article counts both.
Money spent is what was recorded against it: expenses and the subsidies of its
unit-priced outputs (e.g. census records verified at 1 yuan, kept in the
volunteers app as paid work units).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centers.models import Center, Community, SocialOrganization
from centers.scoping import ScopedQuerySet
from services.models.people import TargetGroup
from volunteers.models import PaidWorkItem

# Budgets run to millions of yuan.
MONEY = {"max_digits": 12, "decimal_places": 2}


class ProjectLevel(models.TextChoices):
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    STREET = "street", _("street")


class ProjectFunding(models.TextChoices):
    GOVERNMENT_PURCHASE = "government_purchase", _("government purchase of services")
    VENTURE_PHILANTHROPY = "venture_philanthropy", _("venture philanthropy")
    OWN = "own", _("own funds")


class ProjectOrigin(models.TextChoices):
    PACKAGED = "packaged", _("packaged here")
    INTRODUCED = "introduced", _("introduced (a mature project)")


class ProjectStatus(models.TextChoices):
    PREPARING = "preparing", _("in preparation")
    LANDED = "landed", _("landed (running)")
    CLOSED = "closed", pgettext_lazy("project status", "closed")


class ServiceProject(models.Model):
    center = models.ForeignKey(
        Center,
        models.PROTECT,
        related_name="projects",
        verbose_name=_("keeping center"),
        help_text=_("The center that follows the project and keeps its record."),
    )
    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=ProjectLevel.choices)
    funding = models.CharField(
        _("funding"),
        max_length=25,
        choices=ProjectFunding.choices,
        default=ProjectFunding.GOVERNMENT_PURCHASE,
    )
    origin = models.CharField(_("origin"), max_length=15, choices=ProjectOrigin.choices)
    status = models.CharField(
        _("status"), max_length=15, choices=ProjectStatus.choices, default=ProjectStatus.PREPARING
    )
    purchaser = models.CharField(
        _("purchaser"), max_length=100, blank=True, help_text=_("E.g. the civil affairs bureau.")
    )
    contractor = models.ForeignKey(
        SocialOrganization,
        models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
        verbose_name=_("contractor"),
        help_text=_("The organization that carries the project out."),
    )
    budget = models.DecimalField(
        _("budget (yuan)"), validators=[MinValueValidator(Decimal(0))], **MONEY
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    communities = models.ManyToManyField(
        Community, blank=True, related_name="projects", verbose_name=_("communities covered")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="projects", verbose_name=_("target groups")
    )
    beneficiaries_target = models.PositiveIntegerField(_("people to reach"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[communities, target_groups])

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("service project")
        verbose_name_plural = _("service projects")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="project_unique_name"),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="project_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gte=F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("The end is before the start."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end is before the start.")})


class ProjectDeliverable(models.Model):
    """What the project must deliver by when, and its acceptance (验收)."""

    project = models.ForeignKey(
        ServiceProject, models.CASCADE, related_name="deliverables", verbose_name=_("project")
    )
    name = models.CharField(_("deliverable"), max_length=200)
    due_on = models.DateField(_("due on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("project__center",)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["project", "due_on"]

    def __str__(self):
        return self.name


class ProjectOutput(models.Model):
    """A unit-priced output of the project, paid through a paid work item of the
    volunteers app (e.g. 1 yuan per census record verified)."""

    project = models.ForeignKey(
        ServiceProject, models.CASCADE, related_name="outputs", verbose_name=_("project")
    )
    item = models.OneToOneField(
        PaidWorkItem,
        models.PROTECT,
        related_name="project_output",
        verbose_name=_("paid work item"),
    )
    target_units = models.PositiveIntegerField(_("units to deliver"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("project__center",)

    class Meta:
        verbose_name = _("unit-priced output")
        verbose_name_plural = _("unit-priced outputs")

    def __str__(self):
        return str(self.item)

    def clean(self):
        # The project's center pays the subsidy: the item must be one it keeps.
        # (The project may be unsaved yet, as in the admin's add page.)
        project = getattr(self, "project", None)
        if self.item_id and project and self.item.center_id != project.center_id:
            raise ValidationError(
                {"item": _("This paid work item belongs to another center than the project.")}
            )


class ProjectExpense(models.Model):
    project = models.ForeignKey(
        ServiceProject, models.CASCADE, related_name="expenses", verbose_name=_("project")
    )
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (yuan)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    description = models.CharField(_("what for"), max_length=200)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("project__center",)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["project", "-spent_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="projectexpense_amount_positive",
                violation_error_message=_("An expense is more than 0."),
            ),
        ]

    def __str__(self):
        return f"{self.spent_on:%Y-%m-%d} {self.description}"
