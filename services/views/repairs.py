"""Public pages about repairs: book one, follow it with its tracking code, rate it."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from centers.privacy import mask_phone
from centers.ratelimit import SecretLinkGuard, private, rate_limit
from services.forms.repairs import RatingForm, RepairOrderForm
from services.models import RepairChannel, RepairService
from services.photos import photo_response
from services.selectors.repairs import order_for_tracking
from services.services.repairs import repair_order_rate, repair_order_submit

TRACKING_LINKS = SecretLinkGuard("repair-tracking", "REPAIR_TRACKING_MISSES_PER_HOUR")


@rate_limit("repair-order", limit=settings.REPAIR_ORDERS_PER_HOUR, seconds=3600)
def repair_new(request):
    """A resident books a repair; the answer is the tracking page."""
    posted = request.method == "POST"
    form = RepairOrderForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        order = form.save(commit=False)
        order.service = form.cleaned_data["service"]
        order.channel = RepairChannel.WEB
        repair_order_submit(
            order=order, photo=form.cleaned_data["photo"], consented=form.cleaned_data["consent"]
        )
        messages.success(
            request,
            _(
                "Your repair order was received. Keep this page's address: it is the only "
                "way to follow your order online."
            ),
        )
        return redirect("services:repair_detail", code=order.tracking_code)
    hotlines = RepairService.objects.filter(is_active=True).exclude(hotline="")
    return render(request, "services/repairs/new.html", {"form": form, "hotlines": hotlines})


def _tracked_order(request, code):
    if TRACKING_LINKS.blocked(request):
        return None, TRACKING_LINKS.refusal(request)
    order = order_for_tracking(code)
    if order is None:
        TRACKING_LINKS.missed(request)
        raise Http404
    return order, None


@never_cache
def repair_detail(request, code):
    """The order's status and history for whoever holds the code; the phone is
    masked. Once done, the resident may rate it, once."""
    order, refused = _tracked_order(request, code)
    if refused:
        return refused
    data = request.POST if request.method == "POST" else None
    form = RatingForm(data) if order.may_be_rated else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This repair cannot be rated (again)."))
            return redirect("services:repair_detail", code=code)
        if form.is_valid():
            try:
                repair_order_rate(
                    order=order,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Thank you for your rating."))
            return redirect("services:repair_detail", code=code)
    parts = list(order.parts.all())
    context = {
        "order": order,
        "form": form,
        "masked_name": order.name[:1] + "*" * (len(order.name) - 1),
        "masked_phone": mask_phone(order.phone),
        "parts": parts,
        "fee": sum((part.total for part in parts), Decimal(0)),
        "stars": "★" * (order.rating or 0) + "☆" * (5 - (order.rating or 0)),
    }
    return private(render(request, "services/repairs/detail.html", context))


def repair_photo(request, code):
    """The order's photo, only for whoever holds the code."""
    order, refused = _tracked_order(request, code)
    if refused:
        return refused
    if not order.photo:
        raise Http404
    return private(photo_response(order))
