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


class ServedSource(models.TextChoices):
    """What a person-time served comes from."""

    SIGNUP = "signup", _("activities attended")
    VISIT = "visit", _("home visits")
    CASE = "case", _("case sessions")


class ServedDay(models.Model):
    """Person-times served (服务人次) per center, community, day and source: the
    people of an attended sign-up, a home visit, a session of a case."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, models.CASCADE, related_name="+")
    day = models.DateField()
    source = models.CharField(max_length=10, choices=ServedSource.choices)
    people = models.IntegerField(default=0)

    TALLY_KEY = ("center_id", "community_id", "day", "source")
    TALLY_COLUMNS = ("people",)

    class Meta:
        verbose_name = _("person-times served per day")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "community", "day", "source"], name="servedday_key"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "day"], name="servedday_community"),
            # A street or the city reads its centers' days of a period.
            models.Index(fields=["center", "day"], name="servedday_center_day"),
        ]

    def __str__(self):
        return f"{self.center_id}/{self.community_id} {self.day} {self.source}"


class ServedGroupDay(models.Model):
    """The same person-times per target group: of the activity (for sign-ups) or
    of the resident (for visits and cases). A person-time counts in each of its
    groups, so these rows do not add up to the total."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, models.CASCADE, related_name="+")
    day = models.DateField()
    group = models.ForeignKey("services.TargetGroup", models.CASCADE, related_name="+")
    people = models.IntegerField(default=0)

    TALLY_KEY = ("center_id", "community_id", "day", "group_id")
    TALLY_COLUMNS = ("people",)

    class Meta:
        verbose_name = _("person-times served per target group and day")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "community", "day", "group"], name="servedgroupday_key"
            ),
        ]
        indexes = [models.Index(fields=["center", "day"], name="servedgroupday_center_day")]

    def __str__(self):
        return f"{self.center_id}/{self.community_id} {self.day} group {self.group_id}"
