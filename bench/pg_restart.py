"""Fault: PostgreSQL restarts while the site is under load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanshe_yibin \\
        flock /tmp/sanshe-bench.lock .venv/bin/python bench/pg_restart.py

Root only, on the machine's own cluster (`pg_ctlcluster 15 main`), with the load
test's pieces (bench/load/: gunicorn with production settings, the locust mix
at --rate requests/s offered, bench/.venv-load for locust). After --before
seconds of load it stops PostgreSQL (`-m fast`), waits --down seconds and
starts it again, while /healthz is polled every 0.2 s. It reports:

- what the requests that came during the outage got: our 503 page (with
  Retry-After, no stack trace), or anything else;
- what /healthz said while the database was away;
- the time from the database accepting connections again to the first 200 of
  /healthz and of a page (goal ≤ 5 s), and to the last failed request;
- whether the database is whole afterwards: every sign-up and repair order made
  during the run has its history row (and an order its first status event, the
  month's tally counts it), no occurrence holds more people than its places,
  and the rules bench/yibin checks (`bench.yibin.check.rule_breaches`).

PostgreSQL is started again whatever happens. It prints the report and writes it
to bench/results/pg_restart.md (git-ignored).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import run as load  # noqa: E402

CLUSTER = ["15", "main"]
HEALTH_EVERY = 0.2  # seconds


def pg_ctl(action: str, *options: str) -> None:
    subprocess.run(["pg_ctlcluster", *CLUSTER, action, *options], check=True)


def postgres_running() -> bool:
    return (
        subprocess.run(["pg_ctlcluster", *CLUSTER, "status"], capture_output=True).returncode == 0
    )


def accepting(dsn: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(dsn, connect_timeout=1) as connection:
            connection.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


class HealthPoller(threading.Thread):
    """GET /healthz every 0.2 s; keeps (time, status), 0 for no answer."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.seen, self.done = url, [], threading.Event()

    def run(self):
        while not self.done.is_set():
            at = time.time()
            self.seen.append((at, load.http_status(self.url, timeout=1.0)))
            self.done.wait(max(0.0, HEALTH_EVERY - (time.time() - at)))


class DatabasePoller(threading.Thread):
    """Connect to PostgreSQL every 0.1 s; keeps (time, answered)."""

    def __init__(self, dsn: str):
        super().__init__(daemon=True)
        self.dsn, self.seen, self.done = dsn, [], threading.Event()

    def run(self):
        while not self.done.is_set():
            self.seen.append((time.time(), accepting(self.dsn)))
            self.done.wait(0.1)


def read_log(path: Path) -> list[tuple[float, float, str, int, str]]:
    rows = []
    for line in path.read_text().splitlines():
        start, ms, name, status, kind = line.split("\t")
        rows.append((float(start), float(ms), name, int(status), kind))
    return rows


# --- is the database whole? --------------------------------------------------------


def next_ids() -> dict[str, int]:
    """The first id the run's sign-ups and repair orders can have (the data set
    holds sign-ups and orders dated after today, so dates do not tell them apart)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT coalesce(max(id), 0) + 1 FROM services_signup),"
            " (SELECT coalesce(max(id), 0) + 1 FROM services_repairorder)"
        )
        signup, order = cursor.fetchone()
    connection.close()
    return {"signup": signup, "order": order}


def whole(first_ids: dict[str, int]) -> list[tuple[str, int, int]]:
    """(check, rows looked at, rows breaking it) for what the run wrote."""
    from django.db import connection

    from bench.yibin.check import rule_breaches

    def one(sql, *params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    connection.close()  # a fresh connection, after the restart
    checks = []
    since_signup, since_order = first_ids["signup"], first_ids["order"]
    signups = one("SELECT count(*) FROM services_signup WHERE id >= %s", since_signup)[0]
    checks.append(
        (
            "sign-ups made in the run without their history row",
            signups,
            one(
                """SELECT count(*) FROM services_signup s WHERE s.id >= %s
                   AND NOT EXISTS (SELECT 1 FROM services_historicalsignup h
                                   WHERE h.id = s.id AND h.history_type = '+')""",
                since_signup,
            )[0],
        )
    )
    checks.append(
        (
            "sign-ups made in the run without consent or occurrence",
            signups,
            one(
                """SELECT count(*) FROM services_signup s WHERE s.id >= %s
                   AND (s.consented_at IS NULL OR NOT EXISTS (
                        SELECT 1 FROM services_occurrence o WHERE o.id = s.occurrence_id))""",
                since_signup,
            )[0],
        )
    )
    occurrences = one("SELECT count(*) FROM services_occurrence WHERE capacity IS NOT NULL")[0]
    checks.append(
        (
            "occurrences with more people holding places than their capacity",
            occurrences,
            one(
                """SELECT count(*) FROM (SELECT 1 FROM services_signup s
                   JOIN services_occurrence o ON o.id = s.occurrence_id
                   WHERE s.status IN ('confirmed', 'attended', 'no_show')
                     AND o.capacity IS NOT NULL
                   GROUP BY o.id, o.capacity HAVING sum(s.people) > o.capacity) x"""
            )[0],
        )
    )
    orders = one("SELECT count(*) FROM services_repairorder WHERE id >= %s", since_order)[0]
    checks.append(
        (
            "repair orders made in the run without their first status event",
            orders,
            one(
                """SELECT count(*) FROM services_repairorder r WHERE r.id >= %s
                   AND NOT EXISTS (SELECT 1 FROM services_repairevent e
                                   WHERE e.order_id = r.id AND e.status = 'submitted')""",
                since_order,
            )[0],
        )
    )
    checks.append(
        (
            "repair orders made in the run without their history row",
            orders,
            one(
                """SELECT count(*) FROM services_repairorder r WHERE r.id >= %s
                   AND NOT EXISTS (SELECT 1 FROM services_historicalrepairorder h
                                   WHERE h.id = r.id AND h.history_type = '+')""",
                since_order,
            )[0],
        )
    )
    checks.append(("this month's repair tally against the orders", 1, tally_mismatch()))
    breaches = rule_breaches()
    checks.append(("bench/yibin's rules (`rule_breaches`)", 1, len(breaches)))
    for breach in breaches:
        print("  breach:", breach)
    return checks


def tally_mismatch() -> int:
    """1 when the orders this month (local time) differ from the tally's count."""
    from django.db.models import Sum
    from django.utils import timezone

    from services.models import RepairMonth, RepairOrder

    first = timezone.localdate().replace(day=1)
    start = timezone.make_aware(datetime(first.year, first.month, 1))
    counted = RepairOrder.objects.filter(submitted_at__gte=start).count()
    tallied = RepairMonth.objects.filter(month=first).aggregate(n=Sum("orders"))["n"] or 0
    if counted != tallied:
        print(f"  this month: {counted} orders, tally {tallied}")
    return int(counted != tallied)


# --- the run -------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8012)
    parser.add_argument(
        "--rate", type=float, default=4, help="requests/s offered (the mix; about half saturation)"
    )
    parser.add_argument("--before", type=float, default=15, help="seconds of load before")
    parser.add_argument("--down", type=float, default=5, help="seconds the database is down")
    parser.add_argument("--after", type=float, default=20, help="seconds of load after")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a database bench/yibin built (PostgreSQL).")
    if os.geteuid() != 0:
        sys.exit("Run it as root: it stops and starts the PostgreSQL cluster.")
    work = Path(tempfile.mkdtemp(prefix="sanshe-pg-restart-"))
    data_file, request_log = work / "data.json", work / "requests.tsv"
    load.load_data(data_file)
    env = load.server_environment(database_url, args.port)
    load.collectstatic(env)
    dsn = database_url.replace("postgres://", "postgresql://", 1)
    server = locust = None
    poller = HealthPoller(f"http://127.0.0.1:{args.port}/healthz")
    database = DatabasePoller(dsn)
    timeline = {}
    try:
        server = load.start_gunicorn(env, args.port, work)
        first_ids = next_ids()
        seconds = round(args.before + args.down + args.after + 15)
        users = max(1, round(args.rate / load.MIX_USER_RATE))
        locust = subprocess.Popen(
            [
                str(load.LOCUST),
                "--locustfile",
                str(load.LOCUSTFILE),
                "--headless",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--only-summary",
                "--loglevel",
                "ERROR",
                "Resident",
                "Leader",
                "Staff",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "SANSHE_LOAD_DATA": str(data_file),
                "SANSHE_LOAD_LOG": str(request_log),
                "SANSHE_LOAD_USER_RATE": str(load.MIX_USER_RATE),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        poller.start()
        database.start()
        time.sleep(args.before)
        timeline["stop asked"] = time.time()
        pg_ctl("stop", "-m", "fast")
        timeline["stopped"] = time.time()
        time.sleep(args.down)
        timeline["start asked"] = time.time()
        pg_ctl("start")
        timeline["started"] = time.time()
        while not accepting(dsn):
            time.sleep(0.05)
        timeline["accepting"] = time.time()
        print(f"PostgreSQL down {timeline['accepting'] - timeline['stop asked']:.1f} s")
        locust.wait(timeout=seconds + 60)
    finally:
        if not postgres_running():
            pg_ctl("start")
        poller.done.set()
        database.done.set()
        load.stop(locust)
        load.stop(server)
    if not postgres_running():
        sys.exit("PostgreSQL is not running")
    # The outage as the database itself was seen: from the first refused
    # connection after the stop to the first accepted one after it.
    refused = [at for at, ok in database.seen if not ok and at >= timeline["stop asked"]]
    if refused:
        timeline["down"] = refused[0]
        timeline["accepting"] = next(at for at, ok in database.seen if ok and at > refused[0])
    else:
        timeline["down"] = timeline["stop asked"]
    report = analyse(args, first_ids, timeline, poller.seen, read_log(request_log))
    print("\n" + report)
    load.RESULTS.mkdir(exist_ok=True)
    (load.RESULTS / "pg_restart.md").write_text(report + "\n")


def analyse(args, first_ids, timeline, health, requests) -> str:
    down_from, back = timeline["down"], timeline["accepting"]
    during = [r for r in requests if down_from <= r[0] < back]
    before = [r for r in requests if r[0] < down_from]
    after = [r for r in requests if r[0] >= back]
    kinds = Counter(r[4] for r in during)
    statuses = Counter(r[3] for r in during)
    health_during = Counter(status for at, status in health if down_from <= at < back)
    first_health = next((at for at, status in health if at >= back and status == 200), None)
    first_page = min((r[0] + r[1] / 1000 for r in after if r[4] == "ok"), default=None)
    failed_after = [r for r in after if r[4] != "ok"]
    last_failure = max((r[0] + r[1] / 1000 for r in failed_after), default=None)

    def since_back(at):
        return "never" if at is None else f"{at - back:.2f} s"

    outage = [
        [
            "`stop -m fast` asked → first connection refused",
            f"{down_from - timeline['stop asked']:.2f} s",
        ],
        [
            "database unreachable (first refused → first accepted connection)",
            f"{back - down_from:.2f} s",
        ],
        ["requests during the outage", str(len(during))],
        [
            "… answered with our 503 page (Retry-After, no stack trace)",
            str(kinds.get("our-503", 0)),
        ],
        [
            "… answered 200/3xx (no database needed, or before the stop took effect)",
            str(kinds.get("ok", 0)),
        ],
        [
            "… anything else (status: count)",
            ", ".join(
                f"{s}: {n}"
                for s, n in sorted(statuses.items())
                if s not in (503,) and not 0 < s < 400
            )
            or "none",
        ],
        ["… a page showing a stack trace", str(kinds.get("leak", 0))],
        [
            "`/healthz` while the database was away (status: polls)",
            ", ".join(f"{s}: {n}" for s, n in sorted(health_during.items())),
        ],
        ["database back → first 200 of `/healthz` (goal ≤ 5 s)", since_back(first_health)],
        ["database back → first page answered (goal ≤ 5 s)", since_back(first_page)],
        [
            "database back → last failed request",
            since_back(last_failure) if failed_after else "none failed after",
        ],
        [
            "requests before the outage / failed",
            f"{len(before)} / {sum(1 for r in before if r[4] != 'ok')}",
        ],
        ["requests after / failed", f"{len(after)} / {len(failed_after)}"],
    ]
    checks = whole(first_ids)
    return "\n\n".join(
        [
            f"# PostgreSQL restart under load, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"The mix at {args.rate:.0f} requests/s offered; PostgreSQL stopped after "
            f"{args.before:.0f} s, started {args.down:.0f} s later; `/healthz` polled every "
            f"{HEALTH_EVERY} s.",
            load.table(["", "measured"], outage),
            "## Is the database whole?",
            load.table(
                ["check", "rows looked at", "breaking it"],
                [[label, str(n), str(bad)] for label, n, bad in checks],
            ),
        ]
    )


if __name__ == "__main__":
    main()
