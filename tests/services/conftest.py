import pytest
from django.core.cache import cache

from tests.factories import RepairServiceFactory, TechnicianFactory


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
