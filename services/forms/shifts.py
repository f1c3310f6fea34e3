"""The "staff the shifts" form of an occurrence (admin): tick volunteers for each
role's slots, and tick assigned ones to take them off again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from services.models import Occurrence, ShiftAssignment, ShiftRole, ShiftStatus
from services.selectors.shifts import RoleStaffing
from volunteers.models import Volunteer


class StaffingForm(forms.Form):
    """One field per role (`role_<pk>`, the volunteers ticked for it) and
    `release`. Volunteers are looked up among those the user may see; whether
    they may hold the role is the service's check, made under its lock."""

    def __init__(self, *args, occurrence: Occurrence, staffing: list[RoleStaffing], user, **kw):
        super().__init__(*args, **kw)
        self.roles = {row.field_name: row.role for row in staffing}
        for row in staffing:
            self.fields[row.field_name] = forms.ModelMultipleChoiceField(
                label=row.role.name,
                queryset=Volunteer.objects.visible_to(user),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["release"] = forms.ModelMultipleChoiceField(
            label=_("take off their shift"),
            queryset=ShiftAssignment.objects.filter(
                occurrence=occurrence, status=ShiftStatus.ASSIGNED, hours_entry=None
            ),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def clean(self):
        data = super().clean()
        if not self.errors and not self.picks() and not data.get("release"):
            raise forms.ValidationError(_("Tick the volunteers to assign or to take off."))
        return data

    def picks(self) -> dict[ShiftRole, list[Volunteer]]:
        """The volunteers ticked, per role."""
        data = getattr(self, "cleaned_data", {})
        return {role: list(data[name]) for name, role in self.roles.items() if data.get(name)}

    def ticked(self, row: RoleStaffing) -> set[int]:
        """The volunteers ticked for the role (as sent), to tick them again."""
        if not self.is_bound:
            return set()
        return {int(v) for v in self.data.getlist(row.field_name) if str(v).isdigit()}
