"""Summary tables of the volunteers app (see centers/tallies.py), read by the
dashboard. Derived data: kept by the app's services, rebuilt by
`manage.py rebuild_tallies`; no history, not in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center, Community


class VolunteerDay(models.Model):
    """Per center, community and day: volunteers registered and leaving, volunteers
    whose last confirmed service fell on that day, and the confirmed hours."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, models.CASCADE, related_name="+")
    day = models.DateField()
    registered = models.IntegerField(default=0)
    left = models.IntegerField(default=0)
    last_served = models.IntegerField(default=0)
    hours_centi = models.BigIntegerField(default=0)  # hundredths of an hour
    entries = models.IntegerField(default=0)

    TALLY_KEY = ("center_id", "community_id", "day")
    TALLY_COLUMNS = ("registered", "left", "last_served", "hours_centi", "entries")

    class Meta:
        verbose_name = _("volunteers per day")
        constraints = [
            models.UniqueConstraint(fields=["center", "community", "day"], name="volunteerday_key"),
        ]
        indexes = [
            models.Index(fields=["community", "day"], name="volunteerday_community"),
            # A period of a scope's centers reads only the period's rows.
            models.Index(fields=["center", "day"], name="volunteerday_center_day"),
        ]

    def __str__(self):
        return f"{self.center_id}/{self.community_id} {self.day}"


class VolunteerTotal(models.Model):
    """Volunteers registered and leaving per center and community, all days taken
    together: the number registered by a day is then these totals less what
    VolunteerDay holds after that day, without reading every day since the first
    registration."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, models.CASCADE, related_name="+")
    registered = models.IntegerField(default=0)
    left = models.IntegerField(default=0)

    TALLY_KEY = ("center_id", "community_id")
    TALLY_COLUMNS = ("registered", "left")

    class Meta:
        verbose_name = _("volunteers registered in all")
        constraints = [
            models.UniqueConstraint(fields=["center", "community"], name="volunteertotal_key"),
        ]

    def __str__(self):
        return f"{self.center_id}/{self.community_id}"


class StarCount(models.Model):
    """Registered volunteers per center, community and star level, now."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    volunteers = models.IntegerField(default=0)

    TALLY_KEY = ("center_id", "community_id", "level")
    TALLY_COLUMNS = ("volunteers",)

    class Meta:
        verbose_name = _("volunteers per star level")
        constraints = [
            models.UniqueConstraint(fields=["center", "community", "level"], name="starcount_key"),
        ]

    def __str__(self):
        return f"{self.center_id}/{self.community_id} ★{self.level}"


class TeamDay(models.Model):
    """Confirmed hours served with a team, per day."""

    team = models.ForeignKey("volunteers.Team", models.CASCADE, related_name="+")
    day = models.DateField()
    hours_centi = models.BigIntegerField(default=0)
    entries = models.IntegerField(default=0)

    TALLY_KEY = ("team_id", "day")
    TALLY_COLUMNS = ("hours_centi", "entries")

    class Meta:
        verbose_name = _("team hours per day")
        constraints = [models.UniqueConstraint(fields=["team", "day"], name="teamday_key")]

    def __str__(self):
        return f"{self.team_id} {self.day}"
