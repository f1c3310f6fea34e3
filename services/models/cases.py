"""个案: casework, dispute mediation, legal consultation and psychological support
for one resident, through the stages intake → assessment → plan → intervention →
evaluation → closed, with dated notes per stage.

Confidential: a case is seen by its worker, the directors of its center and
superusers — not by other staff, not by street leaders (who read only counts).
`CaseQuerySet.visible_to` is the one place that says so.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centers.models import Center
from centers.scoping import ScopedQuerySet, visible_centers
from members.models import Member
from services.models.people import Resident


class CaseKind(models.TextChoices):
    CASEWORK = "casework", _("casework")
    MEDIATION = "mediation", _("dispute mediation")
    LEGAL = "legal", _("legal consultation")
    PSYCHOLOGICAL = "psychological", _("psychological support")


class CaseStage(models.TextChoices):
    # In context: "plan" and "closed" mean other things elsewhere (a repair plan,
    # a room closed).
    INTAKE = "intake", pgettext_lazy("case stage", "intake")
    ASSESSMENT = "assessment", pgettext_lazy("case stage", "assessment")
    PLAN = "plan", pgettext_lazy("case stage", "plan")
    INTERVENTION = "intervention", pgettext_lazy("case stage", "intervention")
    EVALUATION = "evaluation", pgettext_lazy("case stage", "evaluation")
    CLOSED = "closed", pgettext_lazy("case stage", "closed")


# The stages in order; a case moves to the next one (or is closed early, e.g.
# when the resident withdraws). Closed is final.
STAGE_ORDER = list(CaseStage)


class CaseQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self
        mine = Q(worker__user=user, center__in=visible_centers(user))
        if user.has_perm("services.view_all_cases"):
            return self.filter(mine | Q(center__in=visible_centers(user)))
        return self.filter(mine)

    def open(self):
        return self.exclude(stage=CaseStage.CLOSED)


class CaseNoteQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The notes (or steps) of the cases the user may see."""
        return self.filter(case__in=Case.objects.visible_to(user))


class Case(models.Model):
    center = models.ForeignKey(
        Center,
        models.PROTECT,
        related_name="cases",
        verbose_name=_("center"),
    )
    resident = models.ForeignKey(
        Resident, models.PROTECT, related_name="cases", verbose_name=_("resident")
    )
    worker = models.ForeignKey(
        Member,
        models.PROTECT,
        related_name="cases",
        verbose_name=pgettext_lazy("case", "social worker"),
        help_text=_("The worker in charge; with a login, they see the case."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=CaseStage.choices,
        default=CaseStage.INTAKE,
        editable=False,
    )
    opened_on = models.DateField(pgettext_lazy("case", "opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    summary = models.TextField(_("the problem, in brief"))
    parties = models.TextField(
        _("parties"), blank=True, help_text=_("For a mediation: who is in dispute with whom.")
    )
    agreement = models.TextField(
        _("agreement reached"), blank=True, help_text=_("For a mediation: what was agreed.")
    )
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()
    center_lookups = ("center",)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]
        permissions = [
            ("view_all_cases", _("Can see every case of their centers, not only their own")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="closed") | Q(closed_on__isnull=False),
                name="case_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(closed_on=None) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
                violation_error_message=_("A case is closed after it was opened."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.resident} · {self.opened_on:%Y-%m-%d}"

    @property
    def next_stage(self) -> str | None:
        if self.stage == CaseStage.CLOSED:
            return None
        return STAGE_ORDER[STAGE_ORDER.index(self.stage) + 1]

    @property
    def is_closed(self) -> bool:
        return self.stage == CaseStage.CLOSED

    def clean(self):
        errors = {}
        if self.opened_on and self.opened_on > timezone.localdate():
            errors["opened_on"] = _("A case cannot be opened on a future date.")
        if self.center_id and self.worker_id and self.worker.center_id != self.center_id:
            errors["worker"] = _("%(worker)s works at another center.") % {"worker": self.worker}
        if self.center_id and self.resident_id and self.resident.center_id != self.center_id:
            errors["resident"] = _("This resident's record is kept by another center.")
        if errors:
            raise ValidationError(errors)


class CaseNote(models.Model):
    """A dated note in a stage of the case; a session with the resident is a
    person-time served."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="notes", verbose_name=_("case"))
    stage = models.CharField(_("stage"), max_length=20, choices=CaseStage.choices, editable=False)
    written_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    is_session = models.BooleanField(
        _("a session with the resident"),
        default=True,
        help_text=_("A meeting or call with the resident (counts as a person-time served)."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("written by"),
    )
    history = HistoricalRecords()

    objects = CaseNoteQuerySet.as_manager()
    center_lookups = ("case__center",)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["case", "written_on", "pk"]

    def __str__(self):
        return f"{self.case} · {self.get_stage_display()} {self.written_on:%Y-%m-%d}"

    def clean(self):
        if not self.written_on:
            return
        if self.written_on > timezone.localdate():
            raise ValidationError({"written_on": _("A note cannot be dated in the future.")})
        if self.case_id and self.written_on < self.case.opened_on:
            raise ValidationError({"written_on": _("This date is before the case was opened.")})


class CaseStep(models.Model):
    """A case entering a stage, stamped by the system (services/services/cases.py)
    when it happened and by whom; a case closed before its evaluation, or a
    mediation closed without an agreement, says why in the note."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="steps", verbose_name=_("case"))
    stage = models.CharField(_("stage"), max_length=20, choices=CaseStage.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)

    objects = CaseNoteQuerySet.as_manager()
    center_lookups = ("case__center",)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_stage_display()} {self.at:%Y-%m-%d %H:%M}"
