"""The hours ledger at 1x and 10x Yibin, as a plain table and range-partitioned by month.

    .venv/bin/python bench/hours_10x.py [--scales 1,10] [--source-db sanshe_yibin]

Builds, in a scratch database of its own (sanshe_scratch_hours, created here and
dropped at the end), copies of `volunteers_servicehours` with the same columns,
check constraints and indexes — the DDL is read from the source database with
`pg_dump -s -t volunteers_servicehours` — filled with generate_series: 3.78 million
rows per 1x (376,000 volunteers, 85 centers, 72 communities, entries since
2019-01-01 appended day by day as the app appends them), 10x with ten times the
volunteers, centers and communities (more cities, not bigger centers). Each scale
is built twice from the same rows: schema `plain_<n>x` (the table as the app has
it) and `part_<n>x` (PARTITION BY RANGE (served_on), one partition a month; the
primary key becomes (id, served_on), since a unique constraint on a partitioned
table must hold the partition key; PostgreSQL 15 has no identity column on a
partitioned table, so id takes its default from a sequence). Foreign keys are left
out (the referenced tables are not copied), so the insert times lack their checks.

Then it times, holding the CPU lock (/tmp/sanshe-bench.lock), the queries the app
runs on the ledger, each with varying parameters, warm cache (the machine's RAM
holds the tables), median and slowest of the runs:

- one volunteer's entries (their page: ORDER BY served_on DESC, id DESC),
- a center's month (the admin list filtered by center and month: count, sum, first page),
- the month's total per center (the figures' rebuild of one month),
- inserting one entry (autocommit, one transaction each),
- the admin list's first page (ORDER BY -served_on, -id LIMIT 100), all and one center's.

Prints a table and writes bench/results/hours_10x.md.
"""

import argparse
import fcntl
import os
import random
import re
import statistics
import subprocess
import sys
import time
from contextlib import suppress
from datetime import date
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = "sanshe_scratch_hours"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
LOCK = "/tmp/sanshe-bench.lock"
TABLE = "volunteers_servicehours"

ROWS_1X = 3_782_000
VOLUNTEERS_1X = 376_000
CENTERS_1X = 85  # 13 agencies and a social-work room in each of the 72 communities
COMMUNITIES_1X = 72
TEAMS_1X = 700
SINCE = date(2019, 1, 1)
UNTIL = date(2026, 11, 30)  # the last day with entries
MONTH = date(2026, 10, 1)  # the month the per-month queries ask about
COLUMNS = (
    "id, served_on, hours, content, activity, status, rejection_reason, recorded_at,"
    " confirmed_at, center_id, confirmed_by_id, recorded_by_id, volunteer_id, community_id,"
    " team_id"
)


def say(line):
    print(line, flush=True)


def dump(source, section):
    out = subprocess.run(
        ["pg_dump", "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"], "-s", "-t", TABLE,
         f"--section={section}", source],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    lines = [
        line
        for line in out.splitlines()
        if not line.startswith(("--", "\\", "SET ", "SELECT pg_catalog.set_config"))
    ]
    statements = [s.strip() for s in "\n".join(lines).split(";\n") if s.strip()]
    return [s.rstrip(";") for s in statements if "OWNER TO" not in s]


def ddl(source):
    """(create table, identity, [primary key, indexes]) of the app's table; no foreign keys."""
    pre = dump(source, "pre-data")
    create = next(s for s in pre if s.startswith("CREATE TABLE"))
    identity = next(s for s in pre if "ADD GENERATED" in s)
    post = [s for s in dump(source, "post-data") if "FOREIGN KEY" not in s]
    return create, identity, post


def in_schema(statement, name):
    return statement.replace("public.", f"{name}.")


def schema(layout, scale):
    return f"{layout}_{scale:g}x".replace(".", "_")


def months():
    day = date(SINCE.year, SINCE.month, 1)
    while day <= UNTIL:
        after = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        yield day, after
        day = after


def post_statement(statement, name, partitioned):
    statement = in_schema(statement, name)
    if partitioned and "PRIMARY KEY (id)" in statement:
        statement = statement.replace("PRIMARY KEY (id)", "PRIMARY KEY (id, served_on)")
        statement = statement.replace("ALTER TABLE ONLY", "ALTER TABLE")
    return statement


def resume(conn, scale, post):
    """Finish the tables of an interrupted build (--resume): the indexes missing, then
    VACUUM ANALYZE; the rows must all be there. Build times are not known then."""
    plain, part = schema("plain", scale), schema("part", scale)
    rows = int(ROWS_1X * scale)
    times = {f"{plain} rows": None, f"{plain} indexes": None, f"{part} rows": None}
    with conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        for name in (plain, part):
            cur.execute(f"SELECT count(*) FROM {name}.{TABLE}")
            have = cur.fetchone()[0]
            assert have == rows, f"{name} has {have} rows, not {rows}: build it again"
        step = time.perf_counter()
        for name in (plain, part):
            for statement in post:
                index = re.search(r"(?:INDEX|CONSTRAINT) (\w+)", statement).group(1)
                cur.execute(
                    "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = %s AND c.relname = %s",
                    [name, index],
                )
                if cur.fetchone() is None:
                    say(f"  {name}: {index}")
                    cur.execute(post_statement(statement, name, name == part))
                    conn.commit()
        times[f"{part} indexes"] = time.perf_counter() - step
        conn.commit()
    return times


def build(conn, scale, source_ddl, resumed=False):
    create, identity, post = source_ddl
    rows = int(ROWS_1X * scale)
    volunteers = int(VOLUNTEERS_1X * scale)
    centers = max(1, int(CENTERS_1X * scale))
    communities = max(1, int(COMMUNITIES_1X * scale))
    teams = max(1, int(TEAMS_1X * scale))
    span = (UNTIL - SINCE).days
    plain, part = schema("plain", scale), schema("part", scale)
    times = {}
    if resumed:
        times = resume(conn, scale, post)
    with conn.cursor() as cur:
        if resumed:
            return finish(conn, cur, scale, times, rows, volunteers, centers)
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        cur.execute("SET synchronous_commit = off")  # the load, not the timings
        for name in (plain, part):
            cur.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            cur.execute(f"CREATE SCHEMA {name}")
        # The plain table: rows in the order the app appends them (by day), then the
        # primary key and indexes as the app's migrations make them.
        started = time.perf_counter()
        cur.execute(in_schema(create, plain))
        cur.execute(in_schema(identity, plain))
        # volunteer v belongs to center v % C and community v % K; entries spread
        # evenly over the days since 2019, a volunteer picked by a hash of the row.
        cur.execute(f"""
            INSERT INTO {plain}.{TABLE} ({COLUMNS}) OVERRIDING SYSTEM VALUE
            SELECT i, d, h, '社区志愿服务：' || (i % 40), CASE WHEN i % 3 = 0 THEN '' ELSE
                   '邻里互助活动' || (i % 300) END, st,
                   CASE WHEN st = 'rejected' THEN '时长与签到记录不符' ELSE '' END,
                   d + time '18:00', CASE WHEN st <> 'recorded' THEN d + time '21:00' END,
                   1 + v % {centers}, CASE WHEN st <> 'recorded' THEN 1 + v % 50 END,
                   1 + v % 50, v, 1 + v % {communities},
                   CASE WHEN v % 2 = 0 THEN 1 + v % {teams} END
            FROM (
                SELECT i, DATE '{SINCE}' + (i::bigint * {span} / {rows})::int AS d,
                       1 + ((i::bigint * 2654435761) % {volunteers}) AS v,
                       (0.5 + (i % 8) * 0.5)::numeric(4, 2) AS h,
                       CASE WHEN i % 50 = 7 THEN 'rejected'
                            WHEN i % 50 < 5 THEN 'recorded' ELSE 'confirmed' END AS st
                FROM generate_series(1, {rows}) AS i
            ) AS g
        """)
        cur.execute(f"SELECT setval('{plain}.{TABLE}_id_seq', {rows})")
        conn.commit()
        times[f"{plain} rows"] = time.perf_counter() - started
        step = time.perf_counter()
        for statement in post:
            cur.execute(in_schema(statement, plain))
            conn.commit()
        times[f"{plain} indexes"] = time.perf_counter() - step
        # The partitioned table: same columns and checks, PARTITION BY RANGE (served_on),
        # one partition a month, the same rows copied over.
        step = time.perf_counter()
        table = in_schema(create, part)
        cur.execute(f"CREATE SEQUENCE {part}.{TABLE}_id_seq")
        cur.execute(table + " PARTITION BY RANGE (served_on)")
        cur.execute(
            f"ALTER TABLE {part}.{TABLE} ALTER COLUMN id SET DEFAULT "
            f"nextval('{part}.{TABLE}_id_seq')"
        )
        for first, after in months():
            cur.execute(
                f"CREATE TABLE {part}.{TABLE}_{first:%Y_%m} PARTITION OF {part}.{TABLE} "
                f"FOR VALUES FROM ('{first}') TO ('{after}')"
            )
        cur.execute(f"CREATE TABLE {part}.{TABLE}_later PARTITION OF {part}.{TABLE} DEFAULT")
        cur.execute(f"INSERT INTO {part}.{TABLE} SELECT * FROM {plain}.{TABLE}")
        cur.execute(f"SELECT setval('{part}.{TABLE}_id_seq', {rows})")
        conn.commit()
        times[f"{part} rows"] = time.perf_counter() - step
        step = time.perf_counter()
        for statement in post:
            cur.execute(post_statement(statement, part, True))
            conn.commit()
        times[f"{part} indexes"] = time.perf_counter() - step
        return finish(conn, cur, scale, times, rows, volunteers, centers)


def finish(conn, cur, scale, times, rows, volunteers, centers):
    plain, part = schema("plain", scale), schema("part", scale)
    conn.autocommit = True
    step = time.perf_counter()
    cur.execute(f"VACUUM ANALYZE {plain}.{TABLE}")
    cur.execute(f"VACUUM ANALYZE {part}.{TABLE}")
    conn.autocommit = False
    times[f"{scale:g}x vacuum analyze"] = time.perf_counter() - step
    cur.execute(
        "SELECT pg_total_relation_size(%s), "
        "(SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i "
        " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass)",
        [f"{plain}.{TABLE}", f"{part}.{TABLE}"],
    )
    sizes = cur.fetchone()
    conn.commit()
    for name, seconds in times.items():
        if seconds is not None:
            say(f"  {name:28} {seconds:7.1f} s")
    return {"rows": rows, "volunteers": volunteers, "centers": centers, "sizes": sizes,
            "times": times}  # fmt: skip


def queries(scale, volunteers, centers):
    """(name, SQL, parameter maker) of the app's queries on the ledger."""
    first = MONTH
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    page = "ORDER BY served_on DESC, id DESC LIMIT 100"
    cols = "id, served_on, hours, content, activity, status, center_id, volunteer_id"
    return [
        (
            "one volunteer's entries",
            f"SELECT {cols} FROM {{t}} WHERE volunteer_id = %s {page}",
            lambda: [random.randint(1, volunteers)],
        ),
        (
            "a center's month: count and sum",
            f"SELECT count(*), sum(hours) FROM {{t}} WHERE center_id = %s "
            f"AND served_on >= '{first}' AND served_on < '{after}'",
            lambda: [random.randint(1, centers)],
        ),
        (
            "a center's month: first page",
            f"SELECT {cols} FROM {{t}} WHERE center_id = %s "
            f"AND served_on >= '{first}' AND served_on < '{after}' {page}",
            lambda: [random.randint(1, centers)],
        ),
        (
            "the month's total per center",
            f"SELECT center_id, count(*), sum(hours) FROM {{t}} WHERE status = 'confirmed' "
            f"AND served_on >= '{first}' AND served_on < '{after}' GROUP BY center_id",
            list,
        ),
        (
            "insert one entry",
            "INSERT INTO {t} (served_on, hours, content, activity, status, rejection_reason,"
            " recorded_at, center_id, recorded_by_id, volunteer_id, community_id)"
            f" VALUES (DATE '{UNTIL}', 2, '社区志愿服务', '', 'recorded', '', now(),"
            " %s, 1, %s, 1) RETURNING id",
            lambda: [random.randint(1, centers), random.randint(1, volunteers)],
        ),
        ("admin list, first page (all)", f"SELECT {cols} FROM {{t}} {page}", list),
        (
            "admin list, first page (one center)",
            f"SELECT {cols} FROM {{t}} WHERE center_id = %s {page}",
            lambda: [random.randint(1, centers)],
        ),
    ]


def measure(conn, scale, built, runs):
    results = {}
    conn.autocommit = True
    with conn.cursor() as cur:
        for name, sql, params in queries(scale, built["volunteers"], built["centers"]):
            for layout in ("plain", "part"):
                table = f"{schema(layout, scale)}.{TABLE}"
                statement = sql.format(t=table)
                random.seed(9)
                for _ in range(3):  # warm up: plan cache, buffers
                    cur.execute(statement, params())
                    cur.fetchall()
                took = []
                for _ in range(runs):
                    values = params()
                    started = time.perf_counter()
                    cur.execute(statement, values)
                    cur.fetchall()
                    took.append((time.perf_counter() - started) * 1000)
                results[(name, layout)] = (statistics.median(took), max(took))
    conn.autocommit = False
    return results


def again(conn_args, step, tries=4):
    """step(conn) on a new connection; when the server goes away under it (other
    benchmarks restart it), wait for it and do the step again from its start."""
    for attempt in range(tries):
        try:
            with psycopg.connect(f"{conn_args} dbname={SCRATCH}") as conn:
                return step(conn)
        except psycopg.OperationalError as error:
            if attempt == tries - 1:
                raise
            say(f"  the server went away ({type(error).__name__}); again when it is back …")
            for _ in range(120):
                time.sleep(1)
                with suppress(psycopg.OperationalError):
                    psycopg.connect(f"{conn_args} dbname={SCRATCH}").close()
                    break


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated, 1 = 3.78 M rows")
    parser.add_argument("--source-db", default="sanshe_yibin", help="whose table DDL to copy")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each query")
    parser.add_argument("--keep", action="store_true", help="do not drop the scratch database")
    parser.add_argument(
        "--indexes",
        choices=["all", "composite"],
        default="all",
        help="all of the app's indexes, or (faster to build) the primary key and the four"
        " composite ones the queries use, without the six single-column foreign-key indexes",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="finish the tables a run left (interrupted with --keep"
        " or by a server restart) instead of building them again",
    )
    parser.add_argument("--out", default=str(ROOT / "bench/results/hours_10x.md"))
    args = parser.parse_args()
    scales = [float(s) for s in args.scales.split(",")]
    source_ddl = ddl(args.source_db)
    if args.indexes == "composite":
        create, identity, post = source_ddl
        post = [s for s in post if "PRIMARY KEY" in s or "INDEX hours_" in s]
        source_ddl = (create, identity, post)
    conn_args = " ".join(f"{k}={v}" for k, v in PG.items())
    if not args.resume:
        subprocess.run(
            ["dropdb", "-h", PG["host"], "-U", PG["user"], "--if-exists", SCRATCH], check=True
        )
        subprocess.run(["createdb", "-h", PG["host"], "-U", PG["user"], SCRATCH], check=True)
    started = time.perf_counter()
    built, measured = {}, {}
    done = False
    try:
        for scale in scales:
            say(f"building {scale:g}x ({int(ROWS_1X * scale):,} rows) …")
            built[scale] = again(
                conn_args, lambda conn, s=scale, r=args.resume: build(conn, s, source_ddl, r)
            )
        say(f"waiting for the CPU lock {LOCK} …")
        with open(LOCK, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            say("timing …")
            for scale in scales:
                measured[scale] = again(
                    conn_args, lambda conn, s=scale: measure(conn, s, built[s], args.runs)
                )
            fcntl.flock(lock, fcntl.LOCK_UN)
        done = True
    finally:
        if not args.keep and done:
            subprocess.run(["dropdb", "-h", PG["host"], "-U", PG["user"], "--if-exists", SCRATCH])
        elif not done:
            say(f"{SCRATCH} kept: finish it with --resume, or drop it (dropdb {SCRATCH}).")
    report = render(scales, built, measured, args, time.perf_counter() - started)
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report)


def render(scales, built, measured, args, total):
    names = [name for name, _sql, _p in queries(1, 1, 1)]
    lines = [
        f"# The hours ledger: plain vs partitioned by month, at {args.scales.replace(',', 'x, ')}x",
        "",
        f"`bench/hours_10x.py --scales {args.scales} --runs {args.runs} "
        f"--indexes {args.indexes}` on "
        f"{date.today()}, PostgreSQL "
        f"{subprocess.run(['psql', '-h', PG['host'], '-U', PG['user'], '-Atc', 'show server_version'], capture_output=True, text=True).stdout.strip()}"  # noqa: E501
        f" (shared_buffers 128 MB, the tables in the OS cache: 23 GB RAM), "
        f"{os.cpu_count()} shared vCPUs, timings under the CPU lock. "
        "Milliseconds, median (slowest) of the runs, each with other parameters "
        "(volunteer, center). The month asked is "
        f"{MONTH:%Y-%m}; partitions are months since {SINCE:%Y-%m} "
        f"({len(list(months()))} and a default one). Data made with generate_series "
        "(see the script's docstring); no foreign keys, so inserts lack their checks"
        + (
            "; only the primary key and the four composite indexes (`--indexes composite`)."
            if args.indexes == "composite"
            else "."
        ),
        "",
        "## Sizes and build times",
        "",
        "| scale | rows | volunteers | centers | plain (table + indexes) | partitioned | "
        "build plain: rows / indexes | build partitioned: rows / indexes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale in scales:
        b = built[scale]
        t = {k: "—" if v is None else f"{v:.0f}" for k, v in b["times"].items()}
        lines.append(
            f"| {scale:g}x | {b['rows']:,} | {b['volunteers']:,} | {b['centers']:,} | "
            f"{b['sizes'][0] / 2**30:.2f} GB | {b['sizes'][1] / 2**30:.2f} GB | "
            f"{t[schema('plain', scale) + ' rows']} s / "
            f"{t[schema('plain', scale) + ' indexes']} s | "
            f"{t[schema('part', scale) + ' rows']} s / "
            f"{t[schema('part', scale) + ' indexes']} s |"
        )
    lines += ["", "## Query times (ms)", ""]
    header = "| query | " + " | ".join(
        f"{scale:g}x plain | {scale:g}x partitioned" for scale in scales
    )
    lines += [header + " |", "|---|" + "---:|" * (2 * len(scales))]
    for name in names:
        cells = []
        for scale in scales:
            for layout in ("plain", "part"):
                median, slowest = measured[scale][(name, layout)]
                cells.append(f"{median:.2f} ({slowest:.1f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", f"Whole run {total / 60:.0f} min (build, timings, drop).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
