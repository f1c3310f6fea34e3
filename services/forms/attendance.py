"""The attendance sheet of an occurrence (admin): a mark for each sign-up, rows
for walk-ins, and each volunteer's shift with the time actually served."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from centers.privacy import mask_phone
from centers.validators import validate_phone
from services.models import (
    MAX_PEOPLE_PER_SIGNUP,
    ShiftAssignment,
    ShiftStatus,
    Signup,
    SignupStatus,
)
from services.selectors.shifts import AttendanceSheet
from services.services.attendance import ShiftMark, WalkIn
from volunteers.models import ServiceHours

SIGNUP_CHOICES = [
    (SignupStatus.ATTENDED.value, pgettext_lazy("attendance", "came")),
    (SignupStatus.NO_SHOW.value, pgettext_lazy("attendance", "did not come")),
    (SignupStatus.CONFIRMED.value, pgettext_lazy("attendance", "not marked yet")),
]
SHIFT_CHOICES = [
    (ShiftStatus.SERVED.value, ShiftStatus.SERVED.label),
    (ShiftStatus.ABSENT.value, ShiftStatus.ABSENT.label),
    (ShiftStatus.ASSIGNED.value, pgettext_lazy("attendance", "not marked yet")),
]
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; no script needed."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


@dataclass
class SignupRow:
    signup: Signup
    mark: forms.BoundField

    @property
    def phone(self) -> str:
        return mask_phone(self.signup.phone)


@dataclass
class ShiftRow:
    shift: ShiftAssignment
    status: forms.BoundField
    served_from: forms.BoundField
    served_until: forms.BoundField

    @property
    def decided(self) -> bool:
        """Its hours were confirmed or rejected: the sheet no longer changes it."""
        entry = self.shift.hours_entry
        return entry is not None and entry.status != ServiceHours.Status.RECORDED


class AttendanceForm(forms.Form):
    """Fields `signup_<pk>` (one mark per sign-up), `shift_<pk>_status`,
    `shift_<pk>_from` and `shift_<pk>_until`; the actual times start as the
    planned shift."""

    def __init__(self, *args, sheet: AttendanceSheet, with_signups: bool, read_only: bool, **kw):
        super().__init__(*args, **kw)
        self.sheet = sheet
        self.signups = sheet.signups if with_signups else []
        for signup in self.signups:
            self.fields[f"signup_{signup.pk}"] = forms.ChoiceField(
                label=signup.name,
                choices=SIGNUP_CHOICES,
                initial=signup.status,
                widget=forms.RadioSelect,
                disabled=read_only,
            )
        for shift in sheet.shifts:
            decided = read_only or (
                shift.hours_entry is not None
                and shift.hours_entry.status != ServiceHours.Status.RECORDED
            )
            self.fields[f"shift_{shift.pk}_status"] = forms.ChoiceField(
                label=str(shift.volunteer),
                choices=SHIFT_CHOICES,
                initial=shift.status,
                widget=forms.RadioSelect,
                disabled=decided,
            )
            for name, actual, planned, label in (
                ("from", shift.served_from, shift.starts_at, _("actually from")),
                ("until", shift.served_until, shift.ends_at, _("actually until")),
            ):
                self.fields[f"shift_{shift.pk}_{name}"] = forms.DateTimeField(
                    label=label,
                    required=False,
                    initial=actual or planned,
                    widget=LocalDateTimeInput,
                    disabled=decided,
                )

    def clean(self):
        data = super().clean()
        for shift in self.sheet.shifts:
            key = f"shift_{shift.pk}"
            if data.get(f"{key}_status") != ShiftStatus.SERVED:
                continue
            start, end = data.get(f"{key}_from"), data.get(f"{key}_until")
            for name, value in (("from", start), ("until", end)):
                if value is None and f"{key}_{name}" not in self.errors:
                    self.add_error(f"{key}_{name}", _("Give the time actually served."))
            if start and end and end <= start:
                self.add_error(f"{key}_until", _("The actual end is before the start."))
        return data

    def signup_rows(self) -> list[SignupRow]:
        return [SignupRow(s, self[f"signup_{s.pk}"]) for s in self.signups]

    def shift_rows(self) -> list[ShiftRow]:
        return [
            ShiftRow(
                shift,
                self[f"shift_{shift.pk}_status"],
                self[f"shift_{shift.pk}_from"],
                self[f"shift_{shift.pk}_until"],
            )
            for shift in self.sheet.shifts
        ]

    def signup_marks(self) -> dict[Signup, str]:
        return {s: self.cleaned_data[f"signup_{s.pk}"] for s in self.signups}

    def shift_marks(self) -> list[ShiftMark]:
        data = self.cleaned_data
        return [
            ShiftMark(
                shift=shift,
                status=data[f"shift_{shift.pk}_status"],
                served_from=data.get(f"shift_{shift.pk}_from"),
                served_until=data.get(f"shift_{shift.pk}_until"),
            )
            for shift in self.sheet.shifts
        ]


class WalkInForm(forms.Form):
    """Someone who came without signing up."""

    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50)
    phone = forms.CharField(
        label=_("phone (optional)"), max_length=20, required=False, validators=[validate_phone]
    )
    people = forms.IntegerField(
        label=_("number of people"), min_value=1, max_value=MAX_PEOPLE_PER_SIGNUP, initial=1
    )
    consent = forms.BooleanField(
        label=_("agreed that the phone is kept"),
        required=False,
        help_text=_("Needed when a phone number is given."),
    )

    def clean(self):
        data = super().clean()
        if data.get("phone") and not data.get("consent"):
            self.add_error("consent", _("Tick this when keeping the phone number."))
        return data

    def walk_in(self) -> WalkIn:
        data = self.cleaned_data
        return WalkIn(
            name=data["name"],
            phone=data.get("phone", ""),
            people=data["people"],
            consented=bool(data.get("consent")),
        )


WalkInFormSet = forms.formset_factory(WalkInForm, extra=3, max_num=50, validate_max=True)


def walk_ins(formset) -> list[WalkIn]:
    """The filled rows of the walk-in formset (empty extra rows are left out)."""
    return [form.walk_in() for form in formset if form.has_changed() and form.cleaned_data]
