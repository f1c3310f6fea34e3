from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member, TrainingSession


class AttendanceForm(forms.Form):
    """Tick who attended a training session, from the active workers of its center."""

    members = forms.ModelMultipleChoiceField(
        label=_("attendees"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, session: TrainingSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.filter(center=session.center).active(
            session.held_on
        )
