"""志愿服务队: volunteer teams, their sub-teams and who serves in them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center, SocialOrganization
from centers.scoping import ScopedQuerySet
from volunteers.models.volunteer import Volunteer


class Team(models.Model):
    """A team belongs to a center or to a social organization (then it is seen by
    whoever sees the organization's center). A sub-team has the same owner as its
    team; sub-teams have no sub-teams of their own."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        related_name="subteams",
        null=True,
        blank=True,
        verbose_name=_("part of team"),
    )
    center = models.ForeignKey(
        Center,
        models.PROTECT,
        related_name="volunteer_teams",
        null=True,
        blank=True,
        verbose_name=_("center"),
    )
    organization = models.ForeignKey(
        SocialOrganization,
        models.PROTECT,
        related_name="volunteer_teams",
        null=True,
        blank=True,
        verbose_name=_("organization"),
    )
    description = models.TextField(_("what it does"), blank=True)
    serves = models.CharField(
        _("when it serves"),
        max_length=100,
        blank=True,
        help_text=_("e.g. the first Friday morning of each month"),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("center", "organization__center")

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(center__isnull=False, organization=None)
                | Q(center=None, organization__isnull=False),
                name="team_one_owner",
                violation_error_message=_("A team belongs to either a center or an organization."),
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} · {self.name}" if self.parent_id else self.name

    @property
    def owner(self):
        return self.center or self.organization

    def clean(self):
        if bool(self.center_id) == bool(self.organization_id):
            raise ValidationError(_("A team belongs to either a center or an organization."))
        if not self.parent_id:
            return
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A team cannot be part of itself.")})
        if self.parent.parent_id:
            raise ValidationError({"parent": _("A sub-team cannot have sub-teams.")})
        if (self.parent.center_id, self.parent.organization_id) != (
            self.center_id,
            self.organization_id,
        ):
            raise ValidationError(
                {"parent": _("A sub-team belongs to the same center or organization as its team.")}
            )


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("leader")
        MEMBER = "member", _("member")

    team = models.ForeignKey(
        Team, models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    volunteer = models.ForeignKey(
        Volunteer, models.CASCADE, related_name="memberships", verbose_name=_("volunteer")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    center_lookups = ("team__center", "team__organization__center")

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["team", "role", "joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on=None) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message=_("The leaving date is before the joining date."),
            ),
            models.UniqueConstraint(
                fields=["team", "volunteer"],
                condition=Q(left_on=None),
                name="membership_once_at_a_time",
                violation_error_message=_("This volunteer is already in this team."),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.team}"

    def clean(self):
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("The leaving date is before the joining date.")})
