"""SQL helpers of the generator: deterministic pseudo-random numbers, table names,
and loading a big table without its indexes and foreign keys (then putting them
back, which checks every row at once)."""

import os
import time
from contextlib import contextmanager

from django.db import connection

# BENCH_SQL_TIMES=1 prints each statement's time (to find a slow one).
SHOW_TIMES = bool(os.environ.get("BENCH_SQL_TIMES"))


def rand(expression: str, salt: int) -> str:
    """SQL for a number in [0, 1) drawn from an integer expression: the same
    expression and salt always give the same number (the build is repeatable)."""
    return (
        f"((hashint8extended(({expression})::bigint, {salt}) & 2147483647)::float8 / 2147483648.0)"
    )


def pick(expression: str, salt: int, count: int) -> str:
    """SQL for an integer in [0, count)."""
    return f"floor({rand(expression, salt)} * {count})::int"


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def m2m_table(model, field: str) -> str:
    return connection.ops.quote_name(
        model._meta.get_field(field).remote_field.through._meta.db_table
    )


def execute(sql: str, params=()) -> int:
    """Run one statement; the number of rows it wrote. Parameters are always
    bound, so a literal % is written %% everywhere."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = cursor.rowcount
    if SHOW_TIMES:
        with open("/tmp/bench_sql.log", "a") as log:
            log.write(f"-- {time.perf_counter() - started:.2f} s\n{sql};\n")
        statement = " ".join(sql.split())[:90]
        print(f"    {time.perf_counter() - started:6.2f} s {rows:9} rows  {statement}")
    return rows


def fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def value(sql: str, params=()):
    return fetch(sql, params)[0][0]


def count(model) -> int:
    return value(f"SELECT count(*) FROM {table(model)}")


def copy_rows(table_sql: str, columns: list[str], rows) -> None:
    """COPY rows (tuples) into a table: the fastest way in from Python."""
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor
        with raw.copy(f"COPY {table_sql} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


@contextmanager
def unindexed(*models):
    """Drop the tables' secondary indexes, unique and exclusion constraints and
    foreign keys while they are filled, then create them again: much faster than
    keeping them up to date row by row, and re-adding them checks every row
    (a duplicate or a dangling key fails the build)."""
    saved = []
    with connection.cursor() as cursor:
        for model in models:
            name = model._meta.db_table
            cursor.execute(
                """
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = %s::regclass AND contype IN ('f', 'u', 'x')
                ORDER BY contype DESC, conname
                """,
                [name],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i
                WHERE indrelid = %s::regclass AND NOT indisprimary AND NOT EXISTS (
                    SELECT 1 FROM pg_constraint c
                    WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
                """,
                [name],
            )
            indexes = cursor.fetchall()
            quoted = connection.ops.quote_name(name)
            for constraint, _definition in constraints:
                cursor.execute(f'ALTER TABLE {quoted} DROP CONSTRAINT "{constraint}"')
            for index, _definition in indexes:
                cursor.execute(f"DROP INDEX {index}")
            saved.append((quoted, constraints, indexes))
    yield
    with connection.cursor() as cursor:
        for quoted, constraints, indexes in saved:
            for _index, definition in indexes:
                cursor.execute(definition)
            # Unique and exclusion constraints first, then the foreign keys.
            for constraint, definition in sorted(constraints, key=lambda c: "FOREIGN" in c[1]):
                cursor.execute(f'ALTER TABLE {quoted} ADD CONSTRAINT "{constraint}" {definition}')
