"""Unit subsidies: marking recorded units as paid."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from simple_history.utils import bulk_update_with_history

from volunteers.models import PaidWorkUnits


@transaction.atomic
def units_mark_paid(*, units: models.QuerySet, paid_on: date, user: AbstractBaseUser) -> int:
    """Mark unpaid units as paid on that day; returns how many entries were."""
    unpaid = list(units.filter(paid_on=None).select_for_update().order_by("pk"))
    for entry in unpaid:
        entry.paid_on = paid_on
    bulk_update_with_history(unpaid, PaidWorkUnits, ["paid_on"], default_user=user, batch_size=1000)
    return len(unpaid)
