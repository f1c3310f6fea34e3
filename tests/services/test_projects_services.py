"""deliverable_accept: the system stamps who accepted a deliverable and when;
an accepted one is refused; the history says who did it."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from services.services.projects import deliverable_accept
from tests.factories import ProjectDeliverableFactory


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 11, 28), tick=False):
        yield


def test_it_stamps_today_and_the_user(world):
    deliverable = ProjectDeliverableFactory(project__center=world.a)
    accepted = deliverable_accept(deliverable=deliverable, by=world.director_a)
    deliverable.refresh_from_db()
    assert (deliverable.accepted_on, deliverable.accepted_by) == (
        date(2026, 11, 28),
        world.director_a,
    )
    assert accepted.accepted_on == deliverable.accepted_on
    assert deliverable.history.first().history_user == world.director_a


def test_it_refuses_an_accepted_deliverable_and_changes_nothing(world):
    deliverable = ProjectDeliverableFactory(
        project__center=world.a, accepted_on=date(2026, 7, 1), accepted_by=world.staff_a
    )
    with pytest.raises(ValidationError, match="2026"):
        deliverable_accept(deliverable=deliverable, by=world.director_a)
    deliverable.refresh_from_db()
    assert (deliverable.accepted_on, deliverable.accepted_by) == (date(2026, 7, 1), world.staff_a)


def test_it_reads_the_row_again_under_the_lock(world):
    """A stale copy (accepted meanwhile by someone else) is refused too."""
    deliverable = ProjectDeliverableFactory(project__center=world.a)
    stale = type(deliverable).objects.get(pk=deliverable.pk)
    deliverable_accept(deliverable=deliverable, by=world.staff_a)
    with pytest.raises(ValidationError):
        deliverable_accept(deliverable=stale, by=world.director_a)
