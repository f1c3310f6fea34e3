"""The volunteers' forms: the public application, the staff's volunteer form,
bulk hours, reasons, the roster upload and the certificate forms.

The ID, age and duplicate rules live in one place (`PersonChecksMixin`), used
by the public form, the admin form and every row of an imported roster.
"""

import re

from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from centers.forms import PublicForm
from centers.models import Center, Community
from centers.privacy import mask_phone
from centers.validators import validate_phone
from volunteers.identity import Gender, IdType, check_age, check_identity
from volunteers.models import (
    AVAILABILITY_FIELDS,
    HoursCertificate,
    ServiceHours,
    Skill,
    Team,
    TeamMembership,
    Volunteer,
)
from volunteers.models.hours import MAX_HOURS_PER_DAY
from volunteers.services.certificates import certifiable_hours
from volunteers.services.hours import check_date, check_day, check_volunteers
from volunteers.services.registration import CONSENT_TEXT


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Add a service's errors to the form: beside their field when it is in the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.error_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class PersonChecksMixin:
    """The ID rules (GB 11643 check character, real past birth date, gender and
    birth date agreeing with the number), the age rules and the duplicate check.

    Call `check_person()` from `clean()`; it fills `gender` and `birth_date` from
    a resident ID and returns the `Identity`, or None when there were errors.
    """

    check_duplicates = True  # the roster import checks a whole file at once instead

    def check_person(self, *, current: Volunteer | None = None, today=None):
        data = self.cleaned_data
        if self.has_error("id_type") or self.has_error("id_number") or not data.get("id_number"):
            return None
        today = today or timezone.localdate()
        try:
            identity = check_identity(
                id_type=data["id_type"],
                number=data["id_number"],
                gender=data.get("gender") or None,
                birth_date=data.get("birth_date"),
                today=today,
            )
        except ValidationError as error:
            self._add_errors(error)
            return None
        data["gender"], data["birth_date"] = identity.gender, identity.birth_date
        try:
            check_age(
                birth_date=identity.birth_date,
                today=today,
                guardian_name=data.get("guardian_name", ""),
                guardian_phone=data.get("guardian_phone", ""),
                guardian_consent=data.get("guardian_consent", False),
            )
        except ValidationError as error:
            self._add_errors(error)
        if not self.check_duplicates:
            return identity
        existing = Volunteer.objects.with_id_number(identity.id_type, identity.number)
        if current is not None and current.pk:
            existing = existing.exclude(pk=current.pk)
        duplicate = existing.select_related("center").first()
        if duplicate is not None:
            self.add_error("id_number", self.duplicate_error(duplicate))
        return identity

    def _add_errors(self, error: ValidationError) -> None:
        add_errors(self, error)

    def duplicate_error(self, existing: Volunteer):
        return ValidationError(
            _(
                "This ID number is already registered as a volunteer. If you think this "
                "is a mistake, please contact your community's social-work center."
            ),
            code="duplicate",
        )


def community_label(community: Community) -> str:
    return f"{community.street} · {community.name}"


class AvailabilityField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        choices = [
            (name, Volunteer._meta.get_field(name).verbose_name) for name in AVAILABILITY_FIELDS
        ]
        super().__init__(choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs)


class JoinForm(PersonChecksMixin, PublicForm):
    """志愿者实名注册: a resident applies; a center approves."""

    name = forms.CharField(label=_("Real name"), max_length=50)
    id_type = forms.ChoiceField(
        label=_("ID type"), choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=32,
        help_text=_("Stored encrypted and shown masked, e.g. 5101**********123X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(
        label=_("Birth date"),
        help_text=_("For a resident ID it must match the number, e.g. 1990-03-07."),
        # A date input shows and sends ISO dates, whatever the language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        empty_label=_("Choose your community"),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that apply."),
    )
    availability = AvailabilityField(label=_("When can you serve?"))
    guardian_name = forms.CharField(
        label=_("Guardian's name"),
        max_length=50,
        required=False,
        help_text=_("Only for applicants aged 14 to 17."),
    )
    guardian_phone = forms.CharField(
        label=_("Guardian's phone"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    guardian_consent = forms.BooleanField(
        label=_("My guardian agrees to my registration and to the use of my data."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree to this use of my data."),
        help_text=CONSENT_TEXT,
        error_messages={"required": _("Registration needs your consent.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only communities whose street has a center that can review the application.
        community = self.fields["community"]
        community.queryset = (
            Community.objects.filter(street__centers__isnull=False)
            .distinct()
            .select_related("street")
            .order_by("street__name", "name")
        )
        community.label_from_instance = community_label

    def clean(self):
        super().clean()
        self.identity = self.check_person()
        return self.cleaned_data


class SensitiveFieldsMixin:
    """Personal data in an edit form is never sent to the browser in full: the
    input is empty, shows the masked value, and an empty input keeps the value."""

    sensitive_fields = {"phone": mask_phone, "guardian_phone": mask_phone}

    def hide_sensitive_values(self):
        if not (self.instance and self.instance.pk):
            return
        for name, mask in self.sensitive_fields.items():
            if name not in self.fields:
                continue
            current = getattr(self.instance, name)
            self.initial[name] = ""
            field = self.fields[name]
            field.required = False
            if current:
                field.widget.attrs["placeholder"] = mask(current)
                field.help_text = _("Leave empty to keep %(masked)s.") % {"masked": mask(current)}

    def kept(self, name: str) -> str:
        value = self.cleaned_data.get(name)
        if not value and self.instance and self.instance.pk:
            return getattr(self.instance, name)
        return value


class VolunteerAdminForm(SensitiveFieldsMixin, PersonChecksMixin, forms.ModelForm):
    """Staff register a volunteer in person (from a signed paper form) or correct one."""

    id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)
    guardian_consent = forms.BooleanField(
        label=_("guardian's consent given"),
        required=False,
        help_text=_("Required for a volunteer aged 14 to 17."),
    )
    paper_consent = forms.BooleanField(
        label=_("consent signed"),
        required=False,
        help_text=_("The volunteer signed the consent form with the stated use of the data."),
    )
    user = None  # set by the admin (for the pointer to a duplicate)

    class Meta:
        model = Volunteer
        fields = [
            "name",
            "id_type",
            "gender",
            "birth_date",
            "phone",
            "community",
            "center",
            "skills",
            *AVAILABILITY_FIELDS,
            "guardian_name",
            "guardian_phone",
        ]
        widgets = {"skills": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "gender" not in self.fields:  # a read-only view: nothing to prepare
            return
        self.fields["gender"].required = False
        self.fields["birth_date"].required = False
        self.fields["gender"].help_text = _("Taken from a resident ID when left empty.")
        adding = not self.instance.pk
        self.fields["id_number"].required = adding
        if adding:
            self.fields["paper_consent"].required = True
            self.fields["paper_consent"].help_text = format_html(
                "{}<br>{}", self.fields["paper_consent"].help_text, CONSENT_TEXT
            )
        else:
            self.fields.pop("paper_consent", None)
            self.fields["id_number"].label = _("new ID number")
            self.fields["id_number"].help_text = _(
                "Leave empty to keep %(masked)s; enter a number to replace it."
            ) % {"masked": self.instance.id_number_masked}
            self.initial["guardian_consent"] = bool(self.instance.guardian_consent_at)
        self.hide_sensitive_values()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for name in self.sensitive_fields:
            data[name] = self.kept(name)
        if self.instance.pk and not data.get("id_number"):
            if data.get("id_type") != self.instance.id_type:
                self.add_error("id_number", _("Enter the number of the new ID type."))
                return data
            # Check the entered gender and birth date against the stored number
            # (decrypted here, never shown).
            data["id_number"] = self.instance.reveal_id_number()
            self.identity = self.check_person(current=self.instance)
            data["id_number"] = ""
        else:
            self.identity = self.check_person(current=self.instance)
        return data

    def duplicate_error(self, existing: Volunteer):
        visible = (
            self.user is not None
            and Volunteer.objects.visible_to(self.user).filter(pk=existing.pk).exists()
        )
        if visible:
            url = reverse("admin:volunteers_volunteer_change", args=[existing.pk])
            message = format_html(
                '{} <a href="{}">{}</a>', _("Already registered as"), url, existing
            )
        else:
            message = format_html(
                "{} {} ({})", _("Already registered as"), existing, existing.center
            )
        return ValidationError(message, code="duplicate")

    def save(self, commit=True):
        volunteer = super().save(commit=False)
        if self.identity is not None and self.cleaned_data.get("id_number"):
            volunteer.set_id_number(self.identity.id_type, self.identity.number)
        if self.cleaned_data.get("guardian_consent"):
            volunteer.guardian_consent_at = volunteer.guardian_consent_at or timezone.now()
        else:
            volunteer.guardian_consent_at = None
        if not volunteer.pk:
            volunteer.consent_source = Volunteer.ConsentSource.PAPER
            volunteer.consent_at = timezone.now()
            volunteer.consent_text = str(CONSENT_TEXT)
        if commit:
            volunteer.save()
            self.save_m2m()
        return volunteer


class ServiceHoursForm(forms.ModelForm):
    """One ledger entry. The rules are checked here for the messages, and again
    under a lock when the entry is saved (volunteers.services.hours.hours_save)."""

    user = None  # set by the admin

    class Meta:
        model = ServiceHours
        fields = ["volunteer", "served_on", "hours", "content", "activity"]

    def clean(self):
        data = super().clean()
        volunteer, served_on, hours = (
            data.get("volunteer"),
            data.get("served_on"),
            data.get("hours"),
        )
        checks = []
        if served_on:
            checks.append(lambda: check_date(served_on=served_on, user=self.user))
        if volunteer and served_on:
            checks.append(lambda: check_volunteers(volunteers=[volunteer], served_on=served_on))
        if volunteer and served_on and hours:
            checks.append(
                lambda: check_day(
                    volunteers=[volunteer],
                    served_on=served_on,
                    hours=hours,
                    exclude_pk=self.instance.pk,
                )
            )
        for check in checks:
            try:
                check()
            except ValidationError as error:
                add_errors(self, error)
        return data


class FindForm(forms.Form):
    number = forms.CharField(
        label=_("ID or mobile number"),
        max_length=32,
        help_text=_("The whole number. It is sent in the form, never in the address."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )


class BulkHoursForm(forms.Form):
    """One activity's hours for many volunteers: chosen one by one, or a whole team."""

    served_on = forms.DateField(label=_("date served"), widget=AdminDateWidget)
    hours = forms.DecimalField(
        label=_("hours each"),
        max_digits=4,
        decimal_places=2,
        min_value=0.01,
        max_value=MAX_HOURS_PER_DAY,
        help_text=ServiceHours._meta.get_field("hours").help_text,
    )
    content = forms.CharField(label=_("what was done"), max_length=200)
    activity = forms.CharField(label=_("activity"), max_length=200, required=False)
    team = forms.ModelChoiceField(
        label=_("all current members of a team"), queryset=Team.objects.none(), required=False
    )
    volunteers = forms.ModelMultipleChoiceField(
        label=_("volunteers"), queryset=Volunteer.objects.none(), required=False
    )

    def __init__(self, *args, user, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.visible_to(user).select_related("parent")
        # The widget first: setting the queryset hands it the choices.
        self.fields["volunteers"].widget = AutocompleteSelectMultiple(
            ServiceHours._meta.get_field("volunteer"), admin_site
        )
        self.fields["volunteers"].queryset = Volunteer.objects.visible_to(user)
        self.user = user

    def clean(self):
        data = super().clean()
        chosen = list(data.get("volunteers") or [])
        team = data.get("team")
        if team is not None:
            members = TeamMembership.objects.filter(team=team, left_on=None).values("volunteer")
            chosen += list(Volunteer.objects.visible_to(self.user).filter(pk__in=members))
        if not chosen and not self.errors:
            raise ValidationError(_("Choose volunteers or a team."))
        data["chosen"] = list({volunteer.pk: volunteer for volunteer in chosen}.values())
        return data


class CertificateIssueForm(forms.ModelForm):
    class Meta:
        model = HoursCertificate
        fields = ["volunteer", "center", "period_start", "period_end", "content"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].required = False
        self.fields["content"].help_text = _(
            "Leave empty to list the kinds of service in the confirmed hours."
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        volunteer, center = data.get("volunteer"), data.get("center")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        elif start and end and end > timezone.localdate():
            self.add_error("period_end", _("The period cannot end in the future."))
        elif start and end and volunteer and center:
            found = certifiable_hours(
                volunteer=volunteer, center=center, period_start=start, period_end=end
            )
            if not found.hours:
                raise ValidationError(
                    _("%(center)s has no confirmed hours of this volunteer in this period.")
                    % {"center": center}
                )
        return data


class CertificateLookupForm(PublicForm):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=30,
        help_text=_("As printed on the certificate, e.g. ZM2026-000123-K7QX."),
    )

    def clean_number(self):
        number = self.cleaned_data["number"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9-]+", number):
            raise ValidationError(
                _("A certificate number has only letters, digits and dashes."), code="invalid"
            )
        return number


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("roster file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    center = forms.ModelChoiceField(
        label=_("keeping center"),
        queryset=Center.objects.none(),
        help_text=_("The imported volunteers are registered with this center, approved."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = Center.objects.visible_to(user)


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(label=_("paid on"), widget=AdminDateWidget)
