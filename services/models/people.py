"""Whom the services are for: the target groups (an editable list) and the
residents a center serves.

A resident's record is sensitive personal data (PIPL): only the staff of the
center that keeps it see it, the phone is masked unless the role needs it, and
street leaders read only the figures (see services/roles.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centers.models import Center, Community, LocalizedName
from centers.scoping import ScopedQuerySet
from centers.validators import validate_phone


class TargetGroup(LocalizedName):
    """服务对象类别: elderly, children, the disabled …; some have sub-groups, such as
    elderly people living alone (独居). The code names the groups the app itself
    needs (e.g. `elderly_alone` for the home-visit list); staff may add more."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        related_name="subgroups",
        null=True,
        blank=True,
        verbose_name=_("part of group"),
    )
    history = HistoricalRecords()

    # Codes the app relies on (created by migration 0004).
    ELDERLY_ALONE = "elderly_alone"

    class Meta(LocalizedName.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def clean(self):
        if self.parent_id and (self.parent_id == self.pk or self.parent.parent_id):
            raise ValidationError({"parent": _("A sub-group belongs to a main group.")})


class ResidentQuerySet(ScopedQuerySet):
    def in_group(self, code: str):
        return self.filter(target_groups__code=code)

    def living_alone(self):
        return self.in_group(TargetGroup.ELDERLY_ALONE)

    def not_visited_since(self, day):
        """Never visited, or last visited before that day."""
        return self.filter(Q(last_visited_on=None) | Q(last_visited_on__lt=day))

    def due_for_a_visit(self, today=None):
        """Residents living alone not visited in `RESIDENT_VISIT_INTERVAL_DAYS`."""
        today = today or timezone.localdate()
        interval = timezone.timedelta(days=settings.RESIDENT_VISIT_INTERVAL_DAYS)
        return self.living_alone().not_visited_since(today - interval)


class Resident(models.Model):
    """服务对象 / 居民: a person a center serves, with the groups they belong to."""

    class Gender(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    class ConsentBy(models.TextChoices):
        RESIDENT = "resident", _("the resident")
        GUARDIAN = "guardian", _("a guardian or relative")

    center = models.ForeignKey(
        Center, models.PROTECT, related_name="residents", verbose_name=_("keeping center")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    community = models.ForeignKey(
        Community, models.PROTECT, related_name="residents", verbose_name=_("community")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="residents", verbose_name=_("target groups")
    )
    consent_at = models.DateTimeField(
        _("consent given at"),
        help_text=_("When the resident (or a guardian) agreed that the center keeps this record."),
    )
    consent_by = models.CharField(
        pgettext_lazy("resident", "consent given by"),
        max_length=10,
        choices=ConsentBy.choices,
        default=ConsentBy.RESIDENT,
    )
    notes = models.TextField(_("notes"), blank=True)
    # Kept by the home-visit services (the date of the latest visit), so that the
    # list of residents due for a visit needs no scan of the visits.
    last_visited_on = models.DateField(_("last visited on"), null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[target_groups])

    objects = ResidentQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["community", "name"]
        indexes = [
            models.Index(fields=["center", "last_visited_on"], name="resident_center_visited"),
        ]

    def __str__(self):
        return self.name

    def age_in(self, year: int) -> int | None:
        return year - self.birth_year if self.birth_year else None

    def clean(self):
        if self.birth_year and self.birth_year > timezone.localdate().year:
            raise ValidationError({"birth_year": _("The year of birth is in the future.")})
        if (
            self.center_id
            and self.community_id
            and self.community.street_id != self.center.street_id
        ):
            raise ValidationError({"community": _("This community is not in the center's street.")})
