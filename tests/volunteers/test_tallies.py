"""The volunteers' tally tables, kept by the services as records change, equal
the tables rebuilt from the records, after a random series of changes."""

import contextlib
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import CommunityFactory, TeamFactory, VolunteerFactory
from volunteers import tallies
from volunteers.models import (
    ServiceHours,
    StarCount,
    TeamDay,
    Volunteer,
    VolunteerDay,
    VolunteerTotal,
)
from volunteers.services.hours import (
    hours_confirm,
    hours_delete,
    hours_record_bulk,
    hours_reject,
    hours_save,
)
from volunteers.services.registration import (
    volunteer_create,
    volunteers_approve,
    volunteers_mark_left,
    volunteers_reinstate,
    volunteers_suspend,
)

TABLES = (VolunteerDay, StarCount, TeamDay, VolunteerTotal)


def snapshot():
    return {
        table.__name__: {
            tuple(getattr(row, key) for key in table.TALLY_KEY): tuple(
                getattr(row, column) for column in table.TALLY_COLUMNS
            )
            for row in table.objects.all()
        }
        for table in TABLES
    }


def new_volunteer(world, rng, communities, status=Volunteer.Status.ACTIVE):
    volunteer = VolunteerFactory.build(
        center=world.a,
        community=rng.choice(communities),
        status=status,
        registered_on=timezone.localdate() - timedelta(days=rng.randint(0, 400))
        if status == Volunteer.Status.ACTIVE
        else None,
    )
    return volunteer_create(volunteer=volunteer, user=world.director_a)


def test_kept_tallies_equal_rebuilt_ones_after_random_changes(world, settings):
    settings.VOLUNTEER_STAR_THRESHOLDS = [5, 10, 20]
    rng = random.Random(20261128)
    communities = [CommunityFactory(street=world.s1) for _ in range(3)]
    teams = [TeamFactory(center=world.a) for _ in range(2)]
    today = timezone.localdate()
    volunteers = [new_volunteer(world, rng, communities) for _ in range(6)]

    def some(queryset, count=3):
        ids = list(queryset.values_list("pk", flat=True))
        return queryset.filter(pk__in=rng.sample(ids, min(count, len(ids))))

    steps = [
        lambda: volunteers.append(new_volunteer(world, rng, communities)),
        lambda: volunteers.append(
            new_volunteer(world, rng, communities, status=Volunteer.Status.APPLIED)
        ),
        lambda: volunteers_approve(
            volunteers=some(Volunteer.objects.filter(status="applied")), user=world.director_a
        ),
        lambda: hours_save(
            entry=ServiceHours(
                volunteer=rng.choice(volunteers),
                served_on=today - timedelta(days=rng.randint(0, 60)),
                hours=Decimal(rng.choice(["1.5", "2", "3.25", "8"])),
                content="巡逻",
            ),
            user=world.director_a,
        ),
        lambda: hours_record_bulk(
            volunteers=some(Volunteer.objects.filter(status="active")),
            served_on=today - timedelta(days=rng.randint(0, 60)),
            hours=Decimal("2.5"),
            content="理发",
            activity="免费理发",
            team=rng.choice([*teams, None]),
            user=world.director_a,
        ),
        lambda: hours_confirm(entries=some(ServiceHours.objects.all(), 5), user=world.director_a),
        lambda: hours_reject(
            entries=some(ServiceHours.objects.all(), 1), reason="重复", user=world.director_a
        ),
        lambda: hours_delete(entries=some(ServiceHours.objects.all(), 2)),
        lambda: volunteers_suspend(
            volunteers=some(Volunteer.objects.filter(status="active"), 1),
            reason="暂停",
            user=world.director_a,
        ),
        lambda: volunteers_reinstate(
            volunteers=some(Volunteer.objects.filter(status="suspended"), 1),
            user=world.director_a,
        ),
        lambda: volunteers_mark_left(
            volunteers=some(Volunteer.objects.filter(status="active"), 1), user=world.director_a
        ),
    ]
    for _step in range(200):
        # A refused step (e.g. more than 24 hours in a day) changes nothing.
        with contextlib.suppress(ValidationError):
            rng.choice(steps)()
    kept = snapshot()
    assert kept["VolunteerDay"] and kept["StarCount"] and kept["VolunteerTotal"]
    assert ServiceHours.objects.confirmed().exists()
    tallies.rebuild()
    assert snapshot() == kept


def test_a_confirmation_adds_its_hours_to_its_day_community_and_team(world):
    community = CommunityFactory(street=world.s1)
    team = TeamFactory(center=world.a)
    volunteer = VolunteerFactory(
        center=world.a, community=community, registered_on=date(2026, 1, 5)
    )
    tallies.rebuild()
    (entry,) = hours_record_bulk(
        volunteers=[volunteer],
        served_on=timezone.localdate(),
        hours=Decimal("2.25"),
        content="巡逻",
        activity="",
        team=team,
        user=world.director_a,
    )
    assert not VolunteerDay.objects.filter(entries__gt=0).exists()  # recorded, not confirmed
    hours_confirm(entries=ServiceHours.objects.filter(pk=entry.pk), user=world.director_a)
    day = VolunteerDay.objects.get(community=community, day=entry.served_on)
    assert (day.hours_centi, day.entries, day.last_served) == (225, 1, 1)
    assert TeamDay.objects.get(team=team).hours_centi == 225
    hours_delete(entries=ServiceHours.objects.filter(pk=entry.pk))
    assert not VolunteerDay.objects.filter(day=entry.served_on).exists()
    assert not TeamDay.objects.exists()


@pytest.mark.parametrize("command", ["rebuild_tallies"])
def test_the_rebuild_command_runs(world, command):
    from io import StringIO

    from django.core.management import call_command

    VolunteerFactory(center=world.a)
    call_command(command, stdout=StringIO())
    assert VolunteerDay.objects.filter(registered=1).exists()
