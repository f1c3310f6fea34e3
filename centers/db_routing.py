"""Reads for reports may go to a PostgreSQL read replica (DATABASE_REPLICA_URL).

Only code that asks for it — the dashboard and its exports, inside
`replica_reads()` — reads from the replica; everything else, above all capacity
checks, sign-ups, bookings and repair status, reads and writes the primary, so
a user always sees their own writes.

When the replica does not answer, the block reads the primary instead (the
dashboard stays up, on the primary's CPU), and the replica is not tried again in
this process for `RETRY_AFTER` seconds, so requests do not each wait for it.
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
RETRY_AFTER = 30  # seconds without trying a replica that did not answer
_use_replica = ContextVar("sanshe_use_replica", default=False)
_replica_down_until = 0.0  # time.monotonic(); per process
logger = logging.getLogger(__name__)


def replica_answers() -> bool:
    """Is a replica configured and connected (or connectable) now?"""
    global _replica_down_until
    if REPLICA not in settings.DATABASES:
        return False
    if time.monotonic() < _replica_down_until:
        return False
    try:
        # With CONN_HEALTH_CHECKS, a kept connection to a replica that went away
        # is noticed here and replaced by a new one (which then fails).
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        _replica_down_until = time.monotonic() + RETRY_AFTER
        logger.warning(
            "The replica does not answer: reports read the primary for %s s.", RETRY_AFTER
        )
        return False
    return True


@contextmanager
def replica_reads():
    """Within this block, reads go to the replica when one is configured and answers,
    otherwise to the primary."""
    token = _use_replica.set(replica_answers())
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
