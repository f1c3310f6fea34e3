import pytest
from django.conf import settings
from django.db import OperationalError

from centers import db_routing
from centers.db_routing import ReplicaRouter, replica_reads
from members.models import Member


class FakeConnection:
    def __init__(self, answers=True):
        self.answers = answers
        self.tries = 0

    def ensure_connection(self):
        self.tries += 1
        if not self.answers:
            raise OperationalError("connection refused")


@pytest.fixture
def replica(monkeypatch):
    """A configured replica whose connection the test controls."""
    monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))
    connection = FakeConnection()
    monkeypatch.setattr(db_routing, "connections", {"replica": connection})
    monkeypatch.setattr(db_routing, "_replica_down_until", 0.0)
    return connection


def test_without_a_replica_everything_uses_the_primary(settings):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Member) == "default"


def test_report_reads_go_to_the_replica_and_nothing_else_does(replica):
    router = ReplicaRouter()
    assert router.db_for_read(Member) == "default"
    with replica_reads():
        assert router.db_for_read(Member) == "replica"
        assert router.db_for_write(Member) == "default"
    assert router.db_for_read(Member) == "default"
    assert router.allow_migrate("replica", "members") is False


def test_a_replica_that_does_not_answer_sends_report_reads_to_the_primary(replica, monkeypatch):
    router = ReplicaRouter()
    replica.answers = False
    clock = [1000.0]
    monkeypatch.setattr(db_routing.time, "monotonic", lambda: clock[0])
    with replica_reads():
        assert router.db_for_read(Member) == "default"
    assert replica.tries == 1
    # Not tried again for a while: requests do not each wait for it.
    clock[0] += db_routing.RETRY_AFTER - 1
    with replica_reads():
        assert router.db_for_read(Member) == "default"
    assert replica.tries == 1
    # Then tried again, and used once it answers.
    replica.answers = True
    clock[0] += 2
    with replica_reads():
        assert router.db_for_read(Member) == "replica"
    assert replica.tries == 2
