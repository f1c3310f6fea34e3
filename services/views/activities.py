"""Public pages about activities: what is coming up, one occurrence with its
sign-up form, and a sign-up's own page (its secret link) to follow or cancel it."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from centers.privacy import mask_phone
from centers.ratelimit import SecretLinkGuard, private, rate_limit
from services.forms.activities import ActivityFilterForm, SignupForm
from services.models import Signup, SignupChannel, SignupStatus
from services.recurrence import describe, last_weekday_note
from services.selectors.activities import (
    places_left,
    public_occurrence,
    public_occurrences,
    signup_for_token,
    waiting_position,
)
from services.services.signups import CANCELLABLE, check_open, signup_cancel, signup_create
from volunteers.forms import add_errors

PER_PAGE = 20
SIGNUP_LINKS = SecretLinkGuard("activity-signup", "ACTIVITY_SIGNUP_MISSES_PER_HOUR")


def activity_list(request):
    """Upcoming occurrences of public activities, soonest first, with the places left."""
    form = ActivityFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(public_occurrences(**filters), PER_PAGE).get_page(request.GET.get("page"))
    occurrences = list(page)
    now = timezone.now()
    for occurrence in occurrences:
        occurrence.places_left = places_left(occurrence)
        occurrence.under_way = occurrence.starts_at <= now
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "occurrences": occurrences, "query": query.urlencode()}
    return render(request, "services/activities/list.html", context)


def _closed_reason(occurrence) -> str:
    """Why there is no sign-up form, or ""."""
    try:
        check_open(occurrence)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@rate_limit("activity-signup", limit=settings.ACTIVITY_SIGNUPS_PER_HOUR, seconds=3600)
def activity_detail(request, pk):
    """One occurrence: when, where, for whom, the places left, and the sign-up form."""
    occurrence = public_occurrence(pk)
    if occurrence is None:
        raise Http404
    closed = _closed_reason(occurrence)
    form = None
    if not closed:
        form = SignupForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            data = form.cleaned_data
            signup = Signup(
                occurrence=occurrence,
                name=data["name"],
                phone=data["phone"],
                people=data["people"],
                channel=SignupChannel.ONLINE,
            )
            try:
                signup_create(signup=signup, consented=data["consent"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _signed_up_message(signup))
                return redirect("services:signup_detail", token=signup.token)
    elif request.method == "POST":
        messages.error(request, closed)
    occurrence.places_left = places_left(occurrence)
    activity = occurrence.activity
    context = {
        "occurrence": occurrence,
        "activity": activity,
        "schedule": describe(activity.rrule) if activity.rrule else "",
        "schedule_note": last_weekday_note(activity.rrule),
        "closed": closed,
        "form": form,
    }
    return render(request, "services/activities/detail.html", context)


def _signed_up_message(signup: Signup) -> str:
    if signup.status == SignupStatus.WAITLISTED:
        return _(
            "You are on the waiting list (reference %(reference)s). If a place becomes free, "
            "it is yours and this page says so. Keep this page's address to follow it."
        ) % {"reference": signup.reference}
    return _(
        "You are signed up (reference %(reference)s). Keep this page's address: with it you "
        "can follow or cancel your sign-up."
    ) % {"reference": signup.reference}


@never_cache
def signup_detail(request, token):
    """A sign-up's status, its notices, and a cancel button, for whoever holds
    the link; the phone is masked."""
    if SIGNUP_LINKS.blocked(request):
        return SIGNUP_LINKS.refusal(request)
    signup = signup_for_token(token)
    if signup is None:
        SIGNUP_LINKS.missed(request)
        raise Http404
    occurrence = signup.occurrence
    cancellable = (
        signup.status in CANCELLABLE
        and not occurrence.is_cancelled
        and occurrence.starts_at > timezone.now()
    )
    if request.method == "POST":
        try:
            # Whoever moves up from the waiting list is told on their own page.
            signup_cancel(signup=signup)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your sign-up is cancelled. Thank you for telling us."))
        return redirect("services:signup_detail", token=token)
    context = {
        "signup": signup,
        "occurrence": occurrence,
        "activity": occurrence.activity,
        "link": request.build_absolute_uri(request.path),
        "masked_phone": mask_phone(signup.phone),
        "position": waiting_position(signup) if signup.status == SignupStatus.WAITLISTED else None,
        "notices": list(signup.notices.all()),
        "cancellable": cancellable,
        "confirming": cancellable and "cancel" in request.GET,
    }
    return private(render(request, "services/activities/signup.html", context))
