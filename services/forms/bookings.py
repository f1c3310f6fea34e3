"""Forms about room bookings: the residents' request form and the staff's
booking form in the admin."""

from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from centers.forms import PublicForm
from centers.models import Venue
from services.models import VenueBooking
from services.services.bookings import check_periods, weekly


def _weeks_help() -> str:
    return gettext("For a weekly activity, e.g. a choir's practice: up to %(weeks)d weeks.") % {
        "weeks": settings.VENUE_BOOKING_MAX_WEEKS
    }


class WeeksField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Weeks in a row"),
            min_value=1,
            max_value=settings.VENUE_BOOKING_MAX_WEEKS,
            initial=1,
            # Translated when shown, in the reader's language.
            help_text=lazy(_weeks_help, str)(),
            **kwargs,
        )


class BookingRequestForm(PublicForm):
    """A resident or an organization asks for a room (public page)."""

    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    weeks = WeeksField()
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = VenueBooking._meta.get_field("phone").formfield(
        label=_("Phone"), widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
    )
    organization_name = VenueBooking._meta.get_field("organization_name").formfield()
    purpose = forms.CharField(
        label=_("What is the room for?"),
        max_length=200,
        help_text=_("E.g. choir practice, reading club, calligraphy class."),
    )
    people = forms.IntegerField(label=_("Number of people"), min_value=1)
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and phone are kept to handle this booking and are seen "
            "only by the center's staff."
        )
    )

    def __init__(self, *args, venue: Venue, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue = venue
        self.fields["people"].widget.attrs["max"] = venue.capacity
        self.fields["people"].help_text = _("The room holds %(capacity)d people.") % {
            "capacity": venue.capacity
        }

    def clean_people(self):
        people = self.cleaned_data["people"]
        if people > self.venue.capacity:
            raise ValidationError(
                _("This room holds at most %(capacity)d people.")
                % {"capacity": self.venue.capacity}
            )
        return people

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = (cleaned.get(key) for key in ("day", "starts", "ends"))
        if day is None or starts is None or ends is None:
            return cleaned
        if ends <= starts:
            self.add_error("ends", _("The end is after the start."))
            return cleaned
        today = timezone.localdate()
        last = today + timedelta(days=settings.VENUE_BOOKING_DAYS_SHOWN - 1)
        if not today <= day <= last:
            self.add_error(
                "day",
                _("Choose a day from today to %(last)s.") % {"last": last.strftime("%Y-%m-%d")},
            )
            return cleaned
        if not cleaned.get("weeks"):
            return cleaned
        tz = timezone.get_current_timezone()
        first = (datetime.combine(day, starts, tz), datetime.combine(day, ends, tz))
        periods = weekly(*first, cleaned["weeks"])
        try:
            # Locks the room until the view's transaction ends (see services.bookings).
            check_periods(venue=self.venue, periods=periods, people=None, lock=True)
        except ValidationError as error:
            self.add_error(None, error)
        cleaned["periods"] = periods
        return cleaned


class StaffBookingForm(forms.ModelForm):
    """Staff enter a booking (admin); on a new one, a number of weeks makes a
    weekly series, approved at once unless unticked."""

    weeks = WeeksField()
    approve = forms.BooleanField(label=_("Approve at once"), required=False, initial=True)

    class Meta:
        model = VenueBooking
        fields = [
            "venue",
            "starts_at",
            "ends_at",
            "name",
            "phone",
            "organization",
            "organization_name",
            "purpose",
            "people",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # A booking already made is changed on its own.
            self.fields.pop("weeks", None)
            self.fields.pop("approve", None)

    def clean(self):
        cleaned = super().clean()
        venue, starts_at, ends_at = (cleaned.get(k) for k in ("venue", "starts_at", "ends_at"))
        if not (venue and starts_at and ends_at) or ends_at <= starts_at:
            return cleaned
        periods = weekly(starts_at, ends_at, cleaned.get("weeks") or 1)
        moved = {"venue", "starts_at", "ends_at"} & set(self.changed_data)
        if self.instance.pk is None or moved:
            try:
                # The admin's views run in a transaction: the room stays locked until saved.
                check_periods(
                    venue=venue,
                    periods=periods,
                    people=None,
                    lock=True,
                    exclude=[self.instance.pk] if self.instance.pk else [],
                )
            except ValidationError as error:
                self.add_error(None, error)
        cleaned["periods"] = periods
        return cleaned
