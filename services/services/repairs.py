"""Writes about repair orders: making one, moving it along its status flow,
rating it, and renewing a household's plan."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.clock import configured_clock, response_target
from services.models import (
    TRANSITIONS,
    Household,
    HouseholdPlan,
    RepairEvent,
    RepairOrder,
    RepairStatus,
    Technician,
)
from services.tallies import orders_added, orders_changing


@transaction.atomic
def repair_order_submit(
    *,
    order: RepairOrder,
    photo: ContentFile | None = None,
    consented: bool,
    by=None,
    at: datetime | None = None,
) -> RepairOrder:
    """Record a new order (an unsaved one, filled with what the resident told):
    the system stamps when it came in and when the response target will be
    missed, and finds the household by its phone. `at` is for past data only."""
    if not consented:
        raise ValidationError(_("The resident's consent is needed to keep these details."))
    if not order.service.communities.filter(pk=order.community_id).exists():
        raise ValidationError(
            {
                "community": _("%(service)s does not serve this community.")
                % {"service": order.service}
            }
        )
    at = at or timezone.now()
    order.household = Household.objects.filter(service=order.service, phone=order.phone).first()
    order.status = RepairStatus.SUBMITTED
    order.consented_at = at
    order.submitted_at = at
    order.respond_by = configured_clock().deadline(at, response_target())
    order._history_user = by
    order.full_clean()
    if photo is not None:
        order.photo.save(photo.name, photo, save=False)
    order.save()
    RepairEvent.objects.create(order=order, status=RepairStatus.SUBMITTED, at=at, by=by)
    orders_added([order.pk])
    return order


def refusal(current: str, wanted: str) -> str:
    """Why an order in status `current` may not become `wanted`."""
    if current == RepairStatus.CANCELLED:
        return _("This order was cancelled; it can no longer change.")
    if current == RepairStatus.DONE:
        return _("This repair is done; its status can no longer change.")
    if wanted == RepairStatus.DONE:
        return _("A repair can be marked done only after the technician was on site.")
    if wanted == RepairStatus.ON_SITE and current == RepairStatus.SUBMITTED:
        return _("Send a technician before marking them on site.")
    return _("An order that is “%(current)s” cannot become “%(wanted)s”.") % {
        "current": RepairStatus(current).label,
        "wanted": RepairStatus(wanted).label,
    }


@transaction.atomic
def repair_order_move(
    *,
    order: RepairOrder,
    to: str,
    by=None,
    technician: Technician | None = None,
    note: str = "",
    at: datetime | None = None,
) -> RepairOrder:
    """Move an order one step along its status flow, as `TRANSITIONS` allows, and
    record the step with the time it happened. `at` is for loading past data only."""
    order = RepairOrder.objects.select_for_update().get(pk=order.pk)
    if to not in TRANSITIONS[order.status]:
        raise ValidationError(refusal(order.status, to))
    at = at or timezone.now()
    if to == RepairStatus.DISPATCHED:
        if technician is None:
            raise ValidationError(_("Choose the technician to send."))
        if technician.service_id != order.service_id or not technician.is_active:
            raise ValidationError(_("This technician does not work for this repair service."))
        order.technician = technician
    if to == RepairStatus.ON_SITE:
        order.on_site_at = at
        ran = configured_clock().running_time(order.submitted_at, at)
        order.response_seconds = int(ran.total_seconds())
    if to in (RepairStatus.DONE, RepairStatus.CANCELLED):
        order.closed_at = at
    order.status = to
    order._history_user = by
    order.full_clean()
    with orders_changing([order.pk]):
        order.save()
    RepairEvent.objects.create(
        order=order,
        status=to,
        at=at,
        by=by,
        technician=technician if to == RepairStatus.DISPATCHED else None,
        note=note,
    )
    return order


@transaction.atomic
def repair_order_rate(
    *, order: RepairOrder, rating: int, comment: str = "", at: datetime | None = None
) -> RepairOrder:
    """The resident's rating, given once after the repair is done."""
    order = RepairOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != RepairStatus.DONE:
        raise ValidationError(_("A repair can be rated once it is done."))
    if order.rating is not None:
        raise ValidationError(_("This repair has already been rated. Thank you!"))
    order.rating = rating
    order.rating_comment = comment
    order.rated_at = at or timezone.now()
    order.full_clean()
    with orders_changing([order.pk]):
        order.save()
    return order


@transaction.atomic
def household_plan_renew(
    *, household: Household, fee: Decimal | None = None, by=None, paid_on=None
) -> HouseholdPlan:
    """Another year of the plan, from the day after the last one ends (or from
    the day of payment, when the last one has run out)."""
    paid_on = paid_on or timezone.localdate()
    latest = household.plans.order_by("-ends_on").first()
    starts_on = paid_on
    if latest and latest.ends_on >= paid_on:
        starts_on = latest.ends_on + timedelta(days=1)
    plan = HouseholdPlan(
        household=household,
        starts_on=starts_on,
        ends_on=HouseholdPlan.year_from(starts_on),
        paid_on=paid_on,
    )
    if fee is not None:
        plan.fee = fee
    plan._history_user = by
    plan.full_clean()
    plan.save()
    return plan
