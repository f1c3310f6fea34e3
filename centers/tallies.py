"""Summary tables ("tallies") kept up to date as records change.

A tally table has key columns (e.g. center, community, day) and integer count
columns. Each kind of record *contributes* to it: a pure function maps a record
to {key: {column: amount}}. A write that changes records does

    with tally_changes(tracker, ids):
        ...  # change the records

which reads the records' contributions before and after, in the same
transaction, and adds the difference to the table. `tally_rebuild` empties the
table and adds every record's contribution: the same function, so a rebuilt
table equals the kept one (a test checks it after random changes).

Counts are integers (hours are kept in hundredths), so sums are exact on every
database. The dashboards read only these tables, whose size grows with places
and days, not with records.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.db import connection, models, transaction

Contributions = dict[tuple, dict[str, int]]


@dataclass(frozen=True)
class Tracker:
    """How one kind of record contributes to one tally table: `contributions(ids)`
    sums the contributions of those records as they are now (of every record when
    ids is None, for a rebuild)."""

    table: type[models.Model]  # with TALLY_KEY and TALLY_COLUMNS (attnames)
    contributions: Callable[[list[int] | None], Contributions]


def summed(pairs: Iterable[tuple[tuple, dict[str, int]]]) -> Contributions:
    """Sum (key, amounts) pairs into contributions."""
    total: Contributions = defaultdict(lambda: defaultdict(int))
    for key, amounts in pairs:
        for column, amount in amounts.items():
            total[key][column] += amount
    return total


def tally_key(table) -> tuple[str, ...]:
    return table.TALLY_KEY


def tally_columns(table) -> tuple[str, ...]:
    return table.TALLY_COLUMNS


def difference(after: Contributions, before: Contributions) -> Contributions:
    changes: Contributions = {}
    for key in set(after) | set(before):
        columns = set(after.get(key, {})) | set(before.get(key, {}))
        delta = {
            column: after.get(key, {}).get(column, 0) - before.get(key, {}).get(column, 0)
            for column in columns
        }
        if any(delta.values()):
            changes[key] = delta
    return changes


def tally_add(table, changes: Contributions) -> None:
    """Add the amounts to the table: one INSERT … ON CONFLICT DO UPDATE (SQLite and
    PostgreSQL both speak it), then drop the rows that fell to zero."""
    if not changes:
        return
    keys, columns = tally_key(table), tally_columns(table)
    quote = connection.ops.quote_name
    name = quote(table._meta.db_table)
    key_sql = ", ".join(quote(k) for k in keys)
    all_sql = ", ".join(quote(c) for c in (*keys, *columns))
    update_sql = ", ".join(f"{quote(c)} = {name}.{quote(c)} + excluded.{quote(c)}" for c in columns)
    items = list(changes.items())
    batch = max(1, 900 // (len(keys) + len(columns)))  # SQLite's 999 parameters
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            placeholders = ", ".join(
                "(" + ", ".join(["%s"] * (len(keys) + len(columns))) + ")" for _ in chunk
            )
            params = [
                value
                for key, amounts in chunk
                for value in (*key, *(amounts.get(column, 0) for column in columns))
            ]
            cursor.execute(
                f"INSERT INTO {name} ({all_sql}) VALUES {placeholders} "
                f"ON CONFLICT ({key_sql}) DO UPDATE SET {update_sql}",
                params,
            )
        zero = " AND ".join(f"{quote(c)} = 0" for c in columns)
        cursor.execute(f"DELETE FROM {name} WHERE {zero}")


@contextmanager
def tally_changes(trackers: Iterable[Tracker], ids: Iterable[int]):
    """Around a change of the records `ids`: add the change of their contributions."""
    ids = sorted(set(ids))
    trackers = list(trackers)
    with transaction.atomic():
        before = [tracker.contributions(ids) for tracker in trackers]
        yield
        for tracker, old in zip(trackers, before, strict=True):
            tally_add(tracker.table, difference(tracker.contributions(ids), old))


def tally_new(trackers: Iterable[Tracker], ids: Iterable[int]) -> None:
    """Records just created: add their contributions."""
    ids = sorted(set(ids))
    for tracker in trackers:
        tally_add(tracker.table, tracker.contributions(ids))


def tally_rebuild(table, trackers: Iterable[Tracker]) -> None:
    """Recompute a table from scratch, from every record of every tracker."""
    with transaction.atomic():
        table.objects.all().delete()
        for tracker in trackers:
            tally_add(table, tracker.contributions(None))


def rebuild_all() -> list[tuple[str, float]]:
    """Rebuild the tallies of every installed app that has a `tallies.rebuild()`;
    returns (app label, seconds) for each."""
    done = []
    for app_config in apps.get_app_configs():
        try:
            module = import_module(f"{app_config.name}.tallies")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.tallies":
                raise
            continue
        if hasattr(module, "rebuild"):
            started = time.monotonic()
            module.rebuild()
            done.append((app_config.label, time.monotonic() - started))
    return done
