import pytest
import time_machine
from django.core.cache import cache

from tests.factories import RepairServiceFactory, TechnicianFactory
from tests.services.bookings import NOW, open_room


@pytest.fixture(autouse=True)
def _private_media_and_clean_counts(settings, tmp_path):
    # Photos go to a temporary directory; rate-limit counts start at zero.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def service(world):
    """Center A's repair service, covering one community, with one technician."""
    service = RepairServiceFactory(center=world.a, name="E修就好")
    TechnicianFactory(service=service, name="王某601")
    return service


@pytest.fixture
def technician(service):
    return service.technicians.get()


@pytest.fixture
def monday():
    """Time frozen on Monday 7 December 2026, 10:00 in Shanghai."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def room(world):
    """A room of center A holding 25 people, open every day 08:30–20:30."""
    return open_room(world.a, name="声乐室", capacity=25)
