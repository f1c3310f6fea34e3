"""Forms about repairs: the residents' order and rating forms, and the staff's
forms for phone and WeChat orders and for moving an order along."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.forms import PublicForm, PublicModelForm
from centers.models import Community
from services.models import (
    RepairCategory,
    RepairChannel,
    RepairOrder,
    RepairService,
    RepairStatus,
    Technician,
)
from services.photos import photo_clean

# What a resident tells when booking a repair, online or on the phone.
RESIDENT_TELLS = [
    "name",
    "phone",
    "community",
    "address",
    "category",
    "description",
    "preferred_time",
]
CONSENT_LABEL = _(
    "I agree that my name, phone and address are kept to handle this repair and are "
    "seen only by the repair service and the community's staff."
)


class RepairOrderForm(PublicModelForm):
    """A resident books a repair (public page)."""

    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("A photo of what is broken helps the technician bring the right parts."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    consent = forms.BooleanField(label=CONSENT_LABEL)

    class Meta:
        model = RepairOrder
        fields = RESIDENT_TELLS
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "category": forms.RadioSelect,
        }
        help_texts = {"description": _("What is broken, and where in your home.")}
        labels = {"name": _("Your name"), "phone": _("Phone")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = RepairCategory.choices  # no empty radio button
        self.fields["community"].queryset = Community.objects.filter(
            repair_services__is_active=True
        ).distinct()
        self.fields["community"].empty_label = _("Choose your community")

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return photo_clean(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        community = cleaned.get("community")
        if community is not None:
            cleaned["service"] = (
                RepairService.objects.filter(communities=community, is_active=True)
                .order_by("pk")
                .first()
            )
            if cleaned["service"] is None:  # stopped taking orders a moment ago
                self.add_error("community", _("No repair service takes orders here now."))
        return cleaned


class RatingForm(PublicForm):
    """The resident rates a finished repair, once."""

    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with this repair?"),
        choices=[
            (5, _("5 – very satisfied")),
            (4, _("4 – satisfied")),
            (3, _("3 – so-so")),
            (2, _("2 – not satisfied")),
            (1, _("1 – very unsatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ServedCommunityMixin:
    """The order's community must be one its repair service covers."""

    def clean(self):
        cleaned = super().clean()
        service = cleaned.get("service") or getattr(self.instance, "service", None)
        community = cleaned.get("community")
        if service and community and not service.communities.filter(pk=community.pk).exists():
            self.add_error(
                "community",
                _("%(service)s does not serve this community.") % {"service": service},
            )
        return cleaned


class StaffRepairOrderForm(ServedCommunityMixin, forms.ModelForm):
    """Staff enter an order taken by phone or WeChat (admin)."""

    channel = forms.ChoiceField(
        label=_("booked by"),
        choices=[(c.value, c.label) for c in RepairChannel if c != RepairChannel.WEB],
    )
    consent = forms.BooleanField(
        label=_("The resident agreed that these details are kept to handle the repair.")
    )

    class Meta:
        model = RepairOrder
        fields = ["service", "channel", *RESIDENT_TELLS]


class RepairOrderChangeForm(ServedCommunityMixin, forms.ModelForm):
    """Staff correct an order's details (admin); its status moves by its own buttons."""

    class Meta:
        model = RepairOrder
        fields = [*RESIDENT_TELLS, "household"]


class RepairMoveForm(forms.Form):
    """One step of an order (admin): the technician to send, and a note."""

    technician = forms.ModelChoiceField(
        label=_("technician"), queryset=Technician.objects.none(), required=False
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, order: RepairOrder, to: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.to = to
        if to == RepairStatus.DISPATCHED:
            self.fields["technician"].queryset = Technician.objects.filter(
                service=order.service_id, is_active=True
            )
            self.fields["technician"].required = True
        else:
            del self.fields["technician"]
