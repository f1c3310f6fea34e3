"""Public pages about room booking: the rooms' free and taken times, and the
request form."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from centers.privacy import mask_phone
from centers.ratelimit import rate_limit
from services.forms.bookings import BookingRequestForm
from services.models import VenueBooking
from services.selectors.bookings import bookable_venues, venue_schedules
from services.services.bookings import booking_request


def venue_list(request):
    """Each bookable room's free and taken times for the coming days."""
    days = settings.VENUE_BOOKING_DAYS_SHOWN
    schedules = venue_schedules(start=timezone.localdate(), days=days)
    return render(request, "services/venues/list.html", {"schedules": schedules, "days": days})


@rate_limit("venue-booking", limit=settings.VENUE_BOOKING_REQUESTS_PER_HOUR, seconds=3600)
def booking_new(request, pk):
    """Ask for a room; staff approve or decline and call back."""
    venue = get_object_or_404(bookable_venues().select_related("center"), pk=pk)
    if request.method == "POST":
        form = BookingRequestForm(request.POST, venue=venue)
        # One transaction: the form locks the room while it checks for overlaps.
        with transaction.atomic():
            if form.is_valid():
                data = form.cleaned_data
                try:
                    bookings = booking_request(
                        booking=VenueBooking(
                            venue=venue,
                            starts_at=data["periods"][0][0],
                            ends_at=data["periods"][0][1],
                            name=data["name"],
                            phone=data["phone"],
                            organization_name=data["organization_name"],
                            purpose=data["purpose"],
                            people=data["people"],
                            consented_at=timezone.now(),
                        ),
                        weeks=data["weeks"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    count = len(bookings)
                    messages.success(
                        request,
                        ngettext(
                            "Your request for %(room)s was received (%(count)d date). The "
                            "center will call you at %(phone)s to confirm.",
                            "Your request for %(room)s was received (%(count)d dates). The "
                            "center will call you at %(phone)s to confirm.",
                            count,
                        )
                        % {"room": venue, "count": count, "phone": mask_phone(data["phone"])},
                    )
                    return redirect("services:venue_list")
    else:
        form = BookingRequestForm(
            venue=venue,
            initial={
                key: request.GET[key] for key in ("day", "starts", "ends") if key in request.GET
            },
        )
    return render(request, "services/venues/book.html", {"form": form, "venue": venue})
