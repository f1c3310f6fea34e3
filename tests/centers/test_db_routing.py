from django.conf import settings

from centers.db_routing import ReplicaRouter, replica_reads
from members.models import Member


def test_without_a_replica_everything_uses_the_primary(settings):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Member) == "default"


def test_report_reads_go_to_the_replica_and_nothing_else_does(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))
    router = ReplicaRouter()
    assert router.db_for_read(Member) == "default"
    with replica_reads():
        assert router.db_for_read(Member) == "replica"
        assert router.db_for_write(Member) == "default"
    assert router.db_for_read(Member) == "default"
    assert router.allow_migrate("replica", "members") is False
