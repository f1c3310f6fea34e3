"""Reads for reports may go to a PostgreSQL read replica (DATABASE_REPLICA_URL).

Only code that asks for it — the dashboard and its exports, inside
`replica_reads()` — reads from the replica; everything else, above all capacity
checks, sign-ups, bookings and repair status, reads and writes the primary, so
a user always sees their own writes.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_use_replica = ContextVar("sanshe_use_replica", default=False)


@contextmanager
def replica_reads():
    """Within this block, reads go to the replica when one is configured."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
