"""The staff's form for a service project."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from services.models import ServiceProject


class ServiceProjectForm(forms.ModelForm):
    """Besides the model's own checks (budget not negative, end not before the
    start): the communities covered are in the keeping center's street."""

    class Meta:
        model = ServiceProject
        fields = [
            "name",
            "center",
            "level",
            "funding",
            "origin",
            "status",
            "purchaser",
            "contractor",
            "budget",
            "starts_on",
            "ends_on",
            "communities",
            "target_groups",
            "beneficiaries_target",
            "description",
        ]

    def clean(self):
        cleaned = super().clean()
        center, communities = cleaned.get("center"), cleaned.get("communities")
        if center and communities:
            elsewhere = [c.name for c in communities if c.street_id != center.street_id]
            if elsewhere:
                self.add_error(
                    "communities",
                    _("Not in the street of %(center)s: %(communities)s.")
                    % {
                        "center": center,
                        "communities": pgettext("between the items of a list", ", ").join(
                            elsewhere
                        ),
                    },
                )
        return cleaned
