"""Forms about activities: the residents' filters and sign-up form, and the
staff's activity form (the schedule in words, with a preview of its dates),
the forms to cancel or move an occurrence and to enter a sign-up by phone."""

from datetime import date, datetime

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from centers.forms import PublicForm
from centers.validators import validate_phone
from services.models import (
    MAX_PEOPLE_PER_SIGNUP,
    Activity,
    Occurrence,
    Signup,
    SignupChannel,
    TargetGroup,
)
from services.models.activities import LIVE
from services.recurrence import (
    ORDINALS,
    WEEKDAY_CODES,
    Pattern,
    Schedule,
    build_rule,
    describe,
    last_weekday_note,
    pattern_of,
)
from services.selectors.activities import communities_with_public_activities
from services.services.signups import duplicate_message, lock_occurrence, signup_status
from volunteers.forms import add_errors

PREVIEW_DATES = 6
WEEKDAY_CHOICES = [(code, WEEKDAYS[index]) for index, code in enumerate(WEEKDAY_CODES)]
CONSENT_LABEL = _(
    "I agree that my name and phone are kept to handle this sign-up and are seen only by "
    "the center's staff."
)


def at_least_one_place(form) -> None:
    """A capacity of 0 is refused as such (the model field only refuses negatives)."""
    field = form.fields.get("capacity")
    if field is not None:
        field.min_value = 1
        field.validators.append(MinValueValidator(1))
        field.widget.attrs["min"] = 1


class ActivityFilterForm(forms.Form):
    """The residents' filters on /activities/ (GET)."""

    community = forms.ModelChoiceField(
        label=_("community"),
        queryset=communities_with_public_activities(),
        required=False,
        empty_label=_("all communities"),
    )
    group = forms.ModelChoiceField(
        label=_("for"),
        queryset=TargetGroup.objects.order_by("order", "name"),
        required=False,
        empty_label=_("everyone"),
    )
    day = forms.DateField(
        label=_("on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> dict:
        """The valid filters (a wrong value is ignored, not an error page)."""
        self.is_valid()
        return {
            key: value
            for key, value in getattr(self, "cleaned_data", {}).items()
            if key not in self.errors and value not in (None, "")
        }


def _people_help() -> str:
    return gettext("You and whoever comes with you (at most %(max)d).") % {
        "max": MAX_PEOPLE_PER_SIGNUP
    }


class SignupForm(PublicForm):
    """A resident signs up for an occurrence (public page)."""

    name = forms.CharField(
        label=_("Your name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("The center calls this number if the activity changes."),
    )
    people = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=MAX_PEOPLE_PER_SIGNUP,
        initial=1,
        # Translated when shown, in the reader's language.
        help_text=lazy(_people_help, str)(),
    )
    consent = forms.BooleanField(label=CONSENT_LABEL)


class ActivityAdminForm(forms.ModelForm):
    """The staff's activity form. The schedule is chosen in words (a pattern and
    its days); an expert may type any RRULE instead. The button "Show the next
    dates" re-shows the form with its dates without saving (see `is_valid`)."""

    pattern = forms.ChoiceField(
        label=_("repeats"), choices=Pattern.choices, initial=Pattern.ONCE, widget=forms.RadioSelect
    )
    weekdays = forms.MultipleChoiceField(
        label=_("on these days"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “every week”."),
    )
    ordinal = forms.TypedChoiceField(
        label=_("which one in the month"),
        choices=[("", "---------"), *ORDINALS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "For “every month”. “Last” is the last such weekday of the month, which may "
            "fall in the week before the month's last week: “the Wednesday of each month's "
            "last week” (the free haircut) is taken as the last Wednesday of the month."
        ),
    )
    month_weekday = forms.ChoiceField(
        label=_("weekday"),
        choices=[("", "---------"), *WEEKDAY_CHOICES],
        required=False,
        help_text=_("For “every month”."),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "center",
            "organization",
            "team",
            "project",
            "community",
            "venue",
            "place",
            "target_groups",
            "is_public",
            "signup_required",
            "capacity",
            "waitlist",
            "first_date",
            "starts_at",
            "ends_at",
            "rrule",
            "until",
            "count",
        ]
        widgets = {
            "rrule": forms.TextInput(attrs={"size": 60}),
            "target_groups": forms.CheckboxSelectMultiple,
        }
        labels = {"rrule": _("rule (for “another rule”)")}
        help_texts = {
            "rrule": _(
                "RFC 5545, e.g. FREQ=MONTHLY;BYDAY=-1WE (the last Wednesday of each month) or "
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA (every other Saturday). The end goes in the "
                "fields below."
            ),
            "first_date": _(
                "The schedule starts here; when this date does not fit the rule, the first "
                "time is the next date that does."
            ),
            "count": _("Counted from the first date, dates left out included."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "rrule" in self.fields:  # not for those who only read
            self.fields["rrule"].required = False
        at_least_one_place(self)
        if self.instance.pk and not self.is_bound:
            choice = pattern_of(self.instance.rrule)
            self.initial.update(
                pattern=choice.pattern,
                weekdays=choice.weekdays,
                ordinal=choice.ordinal,
                month_weekday=choice.weekday,
            )

    @property
    def previewing(self) -> bool:
        return self.is_bound and "_preview" in self.data

    def is_valid(self):
        # A preview checks everything but is never saved.
        return super().is_valid() and not self.previewing

    def clean(self):
        cleaned = super().clean()
        pattern = cleaned.get("pattern")
        if pattern == Pattern.WEEKLY and not cleaned.get("weekdays"):
            self.add_error("weekdays", _("Tick at least one day."))
        elif pattern == Pattern.MONTHLY:
            if cleaned.get("ordinal") is None:
                self.add_error("ordinal", _("Choose which one in the month."))
            if not cleaned.get("month_weekday"):
                self.add_error("month_weekday", _("Choose the weekday."))
        elif pattern == Pattern.ONCE:
            for name in ("until", "count"):
                if cleaned.get(name):
                    self.add_error(
                        name,
                        _("A one-off activity takes place on its first date only: leave it empty."),
                    )
        incomplete = any(self.has_error(f) for f in ("weekdays", "ordinal", "month_weekday"))
        if not pattern or incomplete:
            cleaned.pop("rrule", None)  # no rule to save or preview
        else:
            try:
                cleaned["rrule"] = build_rule(
                    pattern,
                    weekdays=cleaned.get("weekdays") or (),
                    ordinal=cleaned.get("ordinal"),
                    weekday=cleaned.get("month_weekday"),
                    custom=cleaned.get("rrule") or "",
                )
            except ValidationError as error:
                self.add_error("rrule", error)  # also drops it from cleaned_data
        return cleaned

    def preview(self, exceptions=(), today: date | None = None) -> dict | None:
        """The schedule in words and its next dates, from what the form holds now
        (the posted values, also when they are re-shown with errors, or the saved
        activity); None when the schedule is not complete or not valid."""
        if self.is_bound:
            data = getattr(self, "cleaned_data", {})
            if self.has_error("pattern") or self.has_error("rrule"):
                return None
        elif self.instance.pk:
            data = {f: getattr(self.instance, f) for f in ("first_date", "starts_at", "ends_at")}
            data.update(
                rrule=self.instance.rrule, until=self.instance.until, count=self.instance.count
            )
        else:
            return None
        if (
            not all(data.get(f) for f in ("first_date", "starts_at", "ends_at"))
            or "rrule" not in data
        ):
            return None
        schedule = Schedule(
            first_date=data["first_date"],
            rrule=data["rrule"],
            until=data.get("until"),
            count=data.get("count"),
            exceptions=frozenset(exceptions),
        )
        today = today or timezone.localdate()
        start = max(today, schedule.first_date)
        times = "{}–{}".format(
            formats.time_format(data["starts_at"], "G:i"),
            formats.time_format(data["ends_at"], "G:i"),
        )
        return {
            "description": describe(schedule.rrule),
            "note": last_weekday_note(schedule.rrule),
            "times": times,
            "dates": schedule.next_dates(start, PREVIEW_DATES),
            "left_out": sorted(d for d in schedule.exceptions if d >= start),
        }


class OccurrenceForm(forms.ModelForm):
    """An occurrence's places and note (admin); cancel and move have pages of their own."""

    class Meta:
        model = Occurrence
        fields = ["capacity", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        at_least_one_place(self)


class OccurrenceCancelForm(forms.Form):
    note = forms.CharField(
        label=_("note to those signed up"),
        max_length=200,
        required=False,
        help_text=_("E.g. why it is cancelled; shown on their sign-up pages."),
    )


class OccurrenceMoveForm(forms.Form):
    starts_at = forms.SplitDateTimeField(label=_("new start"), widget=AdminSplitDateTime)
    ends_at = forms.SplitDateTimeField(label=_("new end"), widget=AdminSplitDateTime)
    note = forms.CharField(
        label=_("note to those signed up"),
        max_length=200,
        required=False,
        help_text=_("E.g. why it moved; shown on their sign-up pages."),
    )

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        both = isinstance(starts_at, datetime) and isinstance(ends_at, datetime)
        if both and ends_at <= starts_at:
            self.add_error("ends_at", _("An occurrence ends after it starts."))
        return cleaned


class StaffSignupForm(forms.ModelForm):
    """Staff enter a sign-up taken by phone (admin). The same rules as online:
    checked here under a lock on the occurrence (held until the admin's
    transaction saves it), so the answer beside the field is the one that holds."""

    consent = forms.BooleanField(
        label=_("The person agreed that their name and phone are kept for this sign-up.")
    )

    class Meta:
        model = Signup
        fields = ["occurrence", "name", "phone", "people"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = True
        self.fields["people"].max_value = MAX_PEOPLE_PER_SIGNUP

    def clean(self):
        cleaned = super().clean()
        occurrence, people = cleaned.get("occurrence"), cleaned.get("people")
        if occurrence is None or people is None or self.has_error("phone"):
            return cleaned
        try:
            cleaned["status"] = signup_status(
                occurrence=lock_occurrence(occurrence.pk),
                people=people,
                phone=cleaned.get("phone", ""),
            )
        except ValidationError as error:
            add_errors(self, error)
        self.instance.channel = SignupChannel.STAFF
        return cleaned


class SignupChangeForm(forms.ModelForm):
    """Staff correct a sign-up's name or phone (admin); its people and status
    change by cancelling and signing up again."""

    class Meta:
        model = Signup
        fields = ["name", "phone"]

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        signup = self.instance
        if phone and signup.status in LIVE:
            others = Signup.objects.filter(
                occurrence=signup.occurrence_id, phone=phone, status__in=LIVE
            ).exclude(pk=signup.pk)
            if others.exists():
                raise ValidationError(duplicate_message(), code="duplicate")
        return phone
