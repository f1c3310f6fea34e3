"""The residents' site as a whole: the home page of the center network and the
services by need. Here rather than in `centers` because they show what every
app offers (activities, repairs, rooms, volunteering)."""

from django.shortcuts import render
from django.utils import timezone

from centers.selectors import streets_with_centers
from services.recurrence import describe
from services.selectors.activities import places_left
from services.selectors.site import figures, offer, services_by_need, this_week


def home(request):
    """Who we are, what we offer, this week's activities, a few figures, and how
    to reach each center."""
    now = timezone.now()
    week = this_week(now=now)
    for occurrence in week.occurrences:
        occurrence.places_left = places_left(occurrence)
        occurrence.under_way = occurrence.starts_at <= now
    services = offer(now=now)
    for activity in services.activities:
        activity.schedule = describe(activity.rrule) if activity.rrule else ""
    streets = streets_with_centers()
    context = {
        "week": week,
        "offer": services,
        "figures": figures(),
        "streets": streets,
        "center_count": sum(len(street.centers.all()) for street in streets),
    }
    return render(request, "services/home.html", context)


def service_guide(request):
    """The services by need (older people, children, disabilities, legal advice,
    repairs, volunteering), each linking to its activities, organizations and forms."""
    return render(request, "services/guide.html", {"sections": services_by_need()})
