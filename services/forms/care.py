"""Staff's forms about residents, home visits and cases (admin)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.models import CaseKind, CaseStage, HomeVisit, Resident, TargetGroup
from services.services.visits import visitor_errors


class TargetGroupChoices(forms.ModelMultipleChoiceField):
    """Sub-groups indented under their main group."""

    def label_from_instance(self, obj):
        return f"— {obj}" if obj.parent_id else str(obj)


class ResidentForm(forms.ModelForm):
    target_groups = TargetGroupChoices(
        label=_("target groups"),
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A sub-group (e.g. living alone) also counts its main group (elderly)."),
    )

    class Meta:
        model = Resident
        fields = [
            "name",
            "gender",
            "birth_year",
            "phone",
            "community",
            "address",
            "center",
            "target_groups",
            "consent_at",
            "consent_by",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "target_groups" in self.fields:
            # Main groups, each followed by its sub-groups.
            groups = list(TargetGroup.objects.select_related("parent"))
            ordered = sorted(
                groups,
                key=lambda g: (
                    (g.parent or g).order,
                    (g.parent or g).name,
                    g.parent_id is not None,
                    g.order,
                    g.name,
                ),
            )
            field = self.fields["target_groups"]
            field.queryset = TargetGroup.objects.all()
            field.choices = [(group.pk, field.label_from_instance(group)) for group in ordered]
        if "consent_at" in self.fields and not self.instance.pk:
            self.fields["consent_at"].initial = timezone.now


class HomeVisitForm(forms.ModelForm):
    class Meta:
        model = HomeVisit
        fields = [
            "resident",
            "visited_on",
            "mode",
            "members",
            "volunteers",
            "findings",
            "follow_up_needed",
            "follow_up_by",
            "followed_up_on",
        ]
        widgets = {"findings": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "visited_on" in self.fields and not self.instance.pk:
            self.fields["visited_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        resident = cleaned.get("resident")
        if resident is not None and "members" in cleaned and "volunteers" in cleaned:
            errors = visitor_errors(
                resident=resident,
                members=list(cleaned["members"]),
                volunteers=list(cleaned["volunteers"]),
            )
            for field, messages in errors.items():
                self.add_error(field, messages)
        return cleaned


class CaseMoveForm(forms.Form):
    """A case's next step (admin): a note (why it closes early, or that a
    mediation reached no agreement), and the agreement when closing a mediation."""

    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    agreement = forms.CharField(
        label=_("agreement reached"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, case, to: str, **kwargs):
        super().__init__(*args, **kwargs)
        closing = to == CaseStage.CLOSED
        early = closing and case.next_stage != CaseStage.CLOSED
        if early:
            self.fields["note"].label = _("why the case is closed now")
            self.fields["note"].required = True
        if closing and case.kind == CaseKind.MEDIATION:
            self.fields["agreement"].initial = case.agreement
            self.fields["agreement"].help_text = _(
                "What the parties agreed. If they reached no agreement, leave it empty "
                "and say so in the note."
            )
        else:
            del self.fields["agreement"]
