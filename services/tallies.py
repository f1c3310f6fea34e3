"""How repair orders contribute to the app's tally tables (centers/tallies.py).
The repair services call `orders_changing` around every write."""

from django.utils import timezone

from centers.tallies import Tracker, summed, tally_changes, tally_new, tally_rebuild
from services.models import RepairMonth, RepairOrder, RepairResponseMinutes, RepairStatus

CHUNK = 5000


def _rows(ids):
    orders = RepairOrder.objects.all() if ids is None else RepairOrder.objects.filter(pk__in=ids)
    return (
        orders.order_by()
        .values_list(
            "service__center_id",
            "community_id",
            "submitted_at",
            "status",
            "on_site_at",
            "respond_by",
            "response_seconds",
            "rating",
        )
        .iterator(CHUNK)
    )


def month_of(moment):
    return timezone.localtime(moment).date().replace(day=1)


def repair_months(ids) -> dict:
    def pairs():
        for center, community, submitted, status, on_site, respond_by, _s, rating in _rows(ids):
            amounts = {"orders": 1}
            if status == RepairStatus.CANCELLED:
                amounts["cancelled"] = 1
            if on_site is not None:
                amounts["on_site"] = 1
                amounts["within_target"] = int(on_site <= respond_by)
            if rating is not None:
                amounts["rating_sum"], amounts["ratings"] = rating, 1
            yield (center, community, month_of(submitted)), amounts

    return summed(pairs())


def response_minutes(ids) -> dict:
    return summed(
        ((center, community, month_of(submitted), seconds // 60), {"orders": 1})
        for center, community, submitted, _status, on_site, _by, seconds, _rating in _rows(ids)
        if on_site is not None and seconds is not None
    )


ORDERS = [Tracker(RepairMonth, repair_months), Tracker(RepairResponseMinutes, response_minutes)]


def orders_changing(ids):
    """Wrap any write to these repair orders (made, moved, rated, deleted)."""
    return tally_changes(ORDERS, ids)


def orders_added(ids) -> None:
    tally_new(ORDERS, ids)


def rebuild() -> None:
    tally_rebuild(RepairMonth, [ORDERS[0]])
    tally_rebuild(RepairResponseMinutes, [ORDERS[1]])
