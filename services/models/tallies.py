"""Summary tables of the services app (see centers/tallies.py), read by the
dashboard. Derived data: kept by the app's services, rebuilt by
`manage.py rebuild_tallies`; no history, not in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center, Community


class RepairMonth(models.Model):
    """Repair orders per center, community and month of submission (local time)."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    orders = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)
    on_site = models.IntegerField(default=0)
    within_target = models.IntegerField(default=0)
    rating_sum = models.IntegerField(default=0)
    ratings = models.IntegerField(default=0)

    TALLY_KEY = ("center_id", "community_id", "month")
    TALLY_COLUMNS = (
        "orders",
        "cancelled",
        "on_site",
        "within_target",
        "rating_sum",
        "ratings",
    )

    class Meta:
        verbose_name = _("repair orders per month")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "community", "month"], name="repairmonth_key"
            ),
        ]

    def __str__(self):
        return f"{self.center_id}/{self.community_id} {self.month:%Y-%m}"


class RepairResponseMinutes(models.Model):
    """How many orders of a month had a technician on site after so many minutes:
    a histogram, from which the median and 90th percentile of any period follow."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, models.CASCADE, related_name="+")
    month = models.DateField()
    minutes = models.PositiveIntegerField()
    orders = models.IntegerField(default=0)

    TALLY_KEY = ("center_id", "community_id", "month", "minutes")
    TALLY_COLUMNS = ("orders",)

    class Meta:
        verbose_name = _("repair response times")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "community", "month", "minutes"], name="repairminutes_key"
            ),
        ]

    def __str__(self):
        return f"{self.center_id}/{self.community_id} {self.month:%Y-%m} {self.minutes} min"
