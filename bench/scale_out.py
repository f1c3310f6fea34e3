"""Past one machine, on one machine: a streaming replica, two app nodes, a balancer.

    .venv/bin/python bench/scale_out.py [--db sanshe_yibin_10]
        [--locustfile bench/load/locustfile.py] [--users 20] [--seconds 60]

Run as root on the machine with the local PostgreSQL (127.0.0.1:5432, trust auth) and
Redis, on a Yibin benchmark database already built (`python -m bench.yibin build`).
Everything listens on loopback only, and everything started is stopped at the end:

1. a PostgreSQL streaming replica of the local server: `pg_basebackup -R` into a
   temporary directory (owned by postgres), its own postgresql.conf and port (5433),
   started with pg_ctl as postgres. Replication connections need a pg_hba line
   (`host replication all 127.0.0.1/32 trust`): it is added in a marked block,
   the server reloaded, and the block removed again at the end (try/finally);
2. two gunicorn app nodes (deploy/gunicorn.conf.py, production settings from the
   environment: DEBUG=0, DATABASE_URL = the primary, DATABASE_REPLICA_URL = the
   replica, CACHE_URL = Redis, so sessions are shared);
3. nginx with its own config file in the temporary directory: port 8100 balances
   over both nodes (`proxy_next_upstream error timeout` — GETs go to the other node
   when one fails, POSTs are never sent twice), port 8099 has node A alone; TLS with
   a certificate made for the run (the app's cookies are Secure).

Then, holding the CPU lock (/tmp/sanshe-bench.lock), it runs the load test (the
locustfile of bench/load: residents, a street leader on the dashboard, staff on the
volunteer list; no pause between tasks) against the balancer:

- one node vs two nodes: throughput and p95; and, as a control, one node with as
  many workers as the two together (on one machine the gain of a second node is its
  workers, not more CPU);
- where reads go: a dashboard-only phase and a sign-up-only phase, with each
  server's pg_stat_database counters (transactions, rows read, rows written) for
  the database before and after, and pg_stat_activity sampled every 0.2 s;
- a node killed mid-run (SIGKILL to its whole process group): the GET requests
  that failed (should be none), and that every sign-up locust saw accepted is in
  the primary, none half-written (each has its history row, no occurrence holds
  more people than its places), and the replica has the same sign-ups;
- the replica stopped: the dashboard still answers, from the primary (the router's
  fallback, centers/db_routing.py).

Logins: two of its own (`scale_leader`, `scale_staff`, copies of `yibin_leader` and
`yibin_staff`: same groups and staff assignments) with a random password, deleted
at the end, so the logins of other benchmarks are left alone. Rate limits of the
public forms are raised for the nodes (every locust user has its own address, but
runs without pause). Writes bench/results/scale_out.md.
"""

import argparse
import csv
import fcntl
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PRIMARY = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HBA = Path("/etc/postgresql/15/main/pg_hba.conf")
HBA_BEGIN = "# BEGIN sanshe bench/scale_out.py (temporary; removed when it ends)"
HBA_END = "# END sanshe bench/scale_out.py"
HBA_LINE = "host replication all 127.0.0.1/32 trust"
LOCK = "/tmp/sanshe-bench.lock"
DEV_FERNET_KEY = "c2Fuc2hlLWRldmVsb3BtZW50LW9ubHkta2V5LTAwMDA="  # the data was built with it
SIGNUP = "/activities/[id]/ sign-up POST"
UNVERIFIED = ssl._create_unverified_context()  # the run's self-signed certificate
LOAD_NAME = "压测居民"  # the name the locustfile signs up with


def say(line):
    print(line, flush=True)


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def sql(query, params=None, *, port=PRIMARY["port"], db="postgres", one=False):
    with psycopg.connect(
        host=PRIMARY["host"], port=port, user=PRIMARY["user"], dbname=db, autocommit=True
    ) as conn:
        rows = conn.execute(query, params).fetchall()
    return rows[0] if one else rows


# --- pg_hba ------------------------------------------------------------------------


def hba_add():
    text = HBA.read_text()
    if HBA_BEGIN not in text:
        HBA.write_text(text.rstrip("\n") + f"\n{HBA_BEGIN}\n{HBA_LINE}\n{HBA_END}\n")
    sql("SELECT pg_reload_conf()")


def hba_remove():
    lines, inside = [], False
    for line in HBA.read_text().splitlines():
        if line == HBA_BEGIN:
            inside = True
        elif line == HBA_END:
            inside = False
        elif not inside:
            lines.append(line)
    HBA.write_text("\n".join(lines) + "\n")
    sql("SELECT pg_reload_conf()")


# --- the replica -------------------------------------------------------------------


def as_postgres(cmd, **kwargs):
    return run(["runuser", "-u", "postgres", "--", *cmd], **kwargs)


def replica_start(tmp: Path, port: int) -> dict:
    data = tmp / "replica"
    run(["chown", "postgres:postgres", str(tmp)])
    started = time.perf_counter()
    as_postgres(
        ["pg_basebackup", "-h", PRIMARY["host"], "-p", str(PRIMARY["port"]), "-U", "postgres",
         "-D", str(data), "-R", "-X", "stream", "-c", "fast"]
    )  # fmt: skip
    copied = time.perf_counter() - started
    size = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
    # A standby needs these at least as high as the primary's.
    same = {
        name: sql(f"SHOW {name}", one=True)[0]
        for name in ("max_connections", "max_worker_processes", "max_wal_senders",
                     "max_prepared_transactions", "max_locks_per_transaction")
    }  # fmt: skip
    conf = {
        "port": port,
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{tmp}'",
        "hot_standby": "on",
        "hot_standby_feedback": "on",  # dashboard reads are not cancelled by vacuum
        "shared_buffers": "'128MB'",
        "track_activity_query_size": 2048,
        **same,
    }
    (data / "postgresql.conf").write_text("".join(f"{k} = {v}\n" for k, v in conf.items()))
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (data / "pg_ident.conf").write_text("")
    run(["chown", "-R", "postgres:postgres", str(tmp)])
    as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(tmp / "replica.log"),
                 "-w", "start"], stdout=subprocess.DEVNULL)  # fmt: skip
    assert sql("SELECT pg_is_in_recovery()", port=port, one=True)[0], "the replica is no standby"
    return {"seconds": copied, "bytes": size, "data": data}


def replica_stop(data: Path):
    with suppress(subprocess.CalledProcessError):
        as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                    stdout=subprocess.DEVNULL)  # fmt: skip


def replica_caught_up(port, timeout=60):
    target = sql("SELECT pg_current_wal_lsn()::text", one=True)[0]
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target], port=port, one=True)[
            0
        ]
        if done:
            return True
        time.sleep(0.2)
    return False


# --- the app nodes and the balancer ------------------------------------------------


def node_env(args, tmp, replica_port):
    base = f"postgres://postgres@127.0.0.1:%s/{args.db}"
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))},
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": DEV_FERNET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": ",".join(
            f"https://127.0.0.1:{port}" for port in (args.lb_port, args.one_port, args.big_port)
        ),
        "DATABASE_URL": base % PRIMARY["port"],
        "DATABASE_REPLICA_URL": base % replica_port,
        "CACHE_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
        "CONN_MAX_AGE": "60",
        "BEHIND_HTTPS_PROXY": "1",
        "SECURE_SSL_REDIRECT": "1",
        "WEB_CONCURRENCY": str(args.workers),
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        # every locust user has its own address but runs without pause
        "ACTIVITY_SIGNUPS_PER_HOUR": "1000000",
        "ACTIVITY_SIGNUP_MISSES_PER_HOUR": "1000000",
        "REPAIR_ORDERS_PER_HOUR": "1000000",
        "REPAIR_TRACKING_MISSES_PER_HOUR": "1000000",
        "VENUE_BOOKING_REQUESTS_PER_HOUR": "1000000",
    }


def node_start(env, tmp, name, port):
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(tmp / f"node_{name}.access.log"),
        "GUNICORN_ERROR_LOG": str(tmp / f"node_{name}.error.log"),
    }
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    wait_http(f"http://127.0.0.1:{port}/healthz")
    return process


def wait_http(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with suppress(OSError), urllib.request.urlopen(url, timeout=2, context=UNVERIFIED) as r:
            if r.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{url} does not answer")


def stop_group(process, sig=signal.SIGTERM):
    if process is None or process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


NGINX = """
# Sanshe bench/scale_out.py: a balancer on loopback. It stands for the TLS-terminating
# front: the client's X-Forwarded-For/-Proto (set by locust) are passed on as they came.
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx.error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {tmp}/nginx.access.log;
    client_body_temp_path {tmp}/nginx_body;
    proxy_temp_path {tmp}/nginx_proxy;
    fastcgi_temp_path {tmp}/nginx_fastcgi;
    uwsgi_temp_path {tmp}/nginx_uwsgi;
    scgi_temp_path {tmp}/nginx_scgi;
    upstream two_nodes {{
        server 127.0.0.1:{a};
        server 127.0.0.1:{b};
        keepalive 32;
    }}
    upstream one_node {{
        server 127.0.0.1:{a};
        keepalive 32;
    }}
    upstream one_big_node {{
        server 127.0.0.1:{c};
        keepalive 32;
    }}
    map $http_x_forwarded_proto $forwarded_proto {{ default $http_x_forwarded_proto; "" $scheme; }}
    server {{
        listen 127.0.0.1:{lb} ssl;
        include {tmp}/tls.conf;
        location / {{
            proxy_pass http://two_nodes;
            include {tmp}/proxy.conf;
        }}
    }}
    server {{
        listen 127.0.0.1:{one} ssl;
        include {tmp}/tls.conf;
        location / {{
            proxy_pass http://one_node;
            include {tmp}/proxy.conf;
        }}
    }}
    server {{
        listen 127.0.0.1:{big} ssl;
        include {tmp}/tls.conf;
        location / {{
            proxy_pass http://one_big_node;
            include {tmp}/proxy.conf;
        }}
    }}
}}
"""
PROXY = """
proxy_http_version 1.1;
proxy_set_header Connection "";
proxy_set_header Host $host;
proxy_set_header X-Forwarded-For $http_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $forwarded_proto;
proxy_read_timeout 60s;
# A failed GET goes to the next node; a POST is never sent twice (no non_idempotent).
proxy_next_upstream error timeout;
"""


def nginx_start(args, tmp):
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX.format(tmp=tmp, a=args.node_ports[0], b=args.node_ports[1], c=args.big_port - 1000,
                     lb=args.lb_port, one=args.one_port, big=args.big_port)
    )  # fmt: skip
    (tmp / "proxy.conf").write_text(PROXY)
    # TLS as in production (the session and CSRF cookies are Secure): a self-signed
    # certificate made for the run; locust does not verify it.
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-keyout", str(tmp / "tls.key"), "-out", str(tmp / "tls.crt")],
        capture_output=True)  # fmt: skip
    (tmp / "tls.conf").write_text(
        f"ssl_certificate {tmp}/tls.crt;\nssl_certificate_key {tmp}/tls.key;\n"
        "ssl_session_cache shared:tls:1m;\n"
    )
    run(["nginx", "-t", "-q", "-c", str(conf), "-p", str(tmp)])
    run(["nginx", "-c", str(conf), "-p", str(tmp)])
    wait_http(f"https://127.0.0.1:{args.lb_port}/healthz")
    return conf


def nginx_stop(tmp):
    pid_file = tmp / "nginx.pid"
    if pid_file.exists():
        with suppress(ProcessLookupError, ValueError):
            pid = int(pid_file.read_text())
            os.kill(pid, signal.SIGQUIT)
            for _ in range(50):
                os.kill(pid, 0)
                time.sleep(0.1)


# --- logins and the load data ------------------------------------------------------

DJANGO_SNIPPET = r"""
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.utils import timezone
from centers.models import StaffAssignment
from services.models import Occurrence, RepairOrder
User = get_user_model()
command, password = sys.argv[1], sys.argv[2]
COPIES = {"scale_leader": "yibin_leader", "scale_staff": "yibin_staff"}
if command == "delete":
    User.objects.filter(username__in=list(COPIES)).delete()
    sys.exit()
for name, source in COPIES.items():
    original = User.objects.get(username=source)
    user, _ = User.objects.update_or_create(
        username=name, defaults={"is_staff": True, "is_active": True})
    user.set_password(password)
    user.save()
    user.groups.set(original.groups.all())
    StaffAssignment.objects.filter(user=user).delete()
    for assignment in StaffAssignment.objects.filter(user=original):
        assignment.pk = None
        assignment.user = user
        assignment.save()
from datetime import timedelta
from django.db.models import F
from centers.models import Community
# as bench/load/run.py picks them: sign-up needed, at least 10 places left
occurrences = list(
    Occurrence.objects.upcoming().public()
    .filter(activity__signup_required=True, capacity__isnull=False,
            starts_at__gt=timezone.now() + timedelta(hours=2))
    .with_places_taken().annotate(left=F("capacity") - F("places_taken"))
    .filter(left__gte=10).order_by("-left", "starts_at").values_list("pk", flat=True)[:300])
codes = list(RepairOrder.objects.order_by("?").values_list("tracking_code", flat=True)[:500])
communities = list(Community.objects.filter(repair_services__is_active=True).distinct()
                   .values_list("pk", flat=True))
print(json.dumps({"occurrences": occurrences, "tracking_codes": codes,
                  "repair_communities": communities, "password": password,
                  "leader": "scale_leader", "staff": "scale_staff"}))
"""


def django_run(env, *argv):
    env = {**env, "DEBUG": "1"}
    out = run([str(ROOT / ".venv/bin/python"), "-c", DJANGO_SNIPPET, *argv], cwd=ROOT, env=env,
              capture_output=True, text=True)  # fmt: skip
    return out.stdout


# --- locust ------------------------------------------------------------------------


def locust(
    args,
    tmp,
    label,
    host,
    *,
    classes=("Resident", "Leader", "Staff"),
    seconds=None,
    during=None,
    locustfile=None,
):
    prefix = tmp / f"locust_{label}"
    env = {
        **os.environ,
        "SANSHE_LOAD_DATA": str(tmp / "load.json"),
        "SANSHE_LOAD_USER_RATE": "1000",  # no pause: as fast as the site answers
        "SANSHE_LOCUSTFILE": args.locustfile,
    }
    seconds = seconds or args.seconds
    cmd = [args.locust, "-f", locustfile or args.locustfile, "--headless", "-u", str(args.users),
           "-r", str(args.users), "-t", f"{seconds}s", "--host", host, "--csv", str(prefix),
           "--only-summary", "--reset-stats", "--stop-timeout", "10", "--loglevel", "WARNING",
           *classes]  # fmt: skip
    with open(tmp / f"locust_{label}.log", "w") as log:
        process = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
        try:
            if during:
                during(process)
            process.wait(timeout=seconds + 120)
        finally:
            stop_group(process, signal.SIGINT)
    with open(f"{prefix}_stats.csv") as f:
        rows = list(csv.DictReader(f))
    failures = []
    with suppress(FileNotFoundError), open(f"{prefix}_failures.csv") as f:
        failures = list(csv.DictReader(f))
    return rows, failures


def aggregated(rows):
    row = next(r for r in rows if r["Name"] == "Aggregated")
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "median": float(row["50%"]),
        "p95": float(row["95%"]),
    }


def named(rows, name):
    row = next((r for r in rows if r["Name"] == name), None)
    if row is None:
        return {"requests": 0, "failures": 0}
    return {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"])}


# --- the counters ------------------------------------------------------------------

COUNTERS = (
    "SELECT xact_commit, tup_returned + tup_fetched, tup_inserted + tup_updated + tup_deleted"
    " FROM pg_stat_database WHERE datname = %s"
)


def counters(db, replica_port):
    return {
        "primary": sql(COUNTERS, [db], one=True),
        "replica": sql(COUNTERS, [db], port=replica_port, one=True),
    }


class Sampler(threading.Thread):
    """pg_stat_activity of both servers every 0.2 s: active queries in the database."""

    QUERY = (
        "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 70) FROM pg_stat_activity"
        " WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid()"
    )

    def __init__(self, db, replica_port):
        super().__init__(daemon=True)
        self.db, self.replica_port = db, replica_port
        self.seen = {"primary": [], "replica": []}
        self.samples = 0
        self.stopped = threading.Event()

    def run(self):
        conns = {
            "primary": psycopg.connect(**PRIMARY, dbname="postgres", autocommit=True),
            "replica": psycopg.connect(**{**PRIMARY, "port": self.replica_port},
                                       dbname="postgres", autocommit=True),
        }  # fmt: skip
        try:
            while not self.stopped.wait(0.2):
                self.samples += 1
                for name, conn in conns.items():
                    self.seen[name] += [r[0] for r in conn.execute(self.QUERY, [self.db])]
        except psycopg.Error:
            pass  # a server went away: the run is ending
        finally:
            for conn in conns.values():
                conn.close()

    def stop(self):
        self.stopped.set()
        self.join()


def phase_counters(args, tmp, label, only, replica_port):
    time.sleep(11)  # backends flush their statistics at least every 10 s when idle
    before = counters(args.db, replica_port)
    sampler = Sampler(args.db, replica_port)
    sampler.start()
    rows, _failures = locust(args, tmp, label, f"https://127.0.0.1:{args.lb_port}",
                             classes=[only], seconds=args.phase_seconds,
                             locustfile=str(ROOT / "bench/scale/phases.py"))  # fmt: skip
    sampler.stop()
    time.sleep(11)
    after = counters(args.db, replica_port)
    delta = {
        server: [a - b for a, b in zip(after[server], before[server], strict=True)]
        for server in after
    }
    return {"stats": aggregated(rows), "delta": delta, "sampler": sampler}


# --- the node kill -----------------------------------------------------------------


def signup_checks(db, since, until, replica_port):
    window = [LOAD_NAME, since, until]
    where = "name = %s AND created_at >= %s AND created_at <= %s"
    made = sql(f"SELECT count(*) FROM services_signup WHERE {where}", window, db=db, one=True)[0]
    no_history = sql(
        f"SELECT count(*) FROM services_signup s WHERE {where} AND NOT EXISTS ("
        " SELECT 1 FROM services_historicalsignup h WHERE h.id = s.id AND h.history_type = '+')",
        window, db=db, one=True,
    )[0]  # fmt: skip
    over = sql(
        "SELECT count(*) FROM services_occurrence o JOIN ("
        "  SELECT occurrence_id, sum(people) AS people FROM services_signup"
        "  WHERE status IN ('confirmed', 'attended', 'no_show') GROUP BY occurrence_id"
        " ) t ON t.occurrence_id = o.id"
        " WHERE o.capacity IS NOT NULL AND t.people > o.capacity AND o.id IN ("
        f"  SELECT occurrence_id FROM services_signup WHERE {where})",
        window, db=db, one=True,
    )[0]  # fmt: skip
    replica_caught_up(replica_port)
    on_replica = sql(
        f"SELECT count(*) FROM services_signup WHERE {where}", window, db=db,
        port=replica_port, one=True,
    )[0]  # fmt: skip
    return {"made": made, "no_history": no_history, "over": over, "on_replica": on_replica}


def now_db():
    return sql("SELECT now()", one=True)[0]


# --- main --------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sanshe_yibin_10", help="the benchmark database")
    parser.add_argument("--locustfile", default=None, help="default bench/load/locustfile.py")
    parser.add_argument("--locust", default=None, help="the locust program (its own venv)")
    parser.add_argument("--users", type=int, default=20, help="locust users, without pause")
    parser.add_argument("--seconds", type=int, default=60, help="each throughput phase")
    parser.add_argument("--phase-seconds", type=int, default=30, help="the routing phases")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per node")
    parser.add_argument("--replica-port", type=int, default=5433)
    parser.add_argument("--node-ports", type=int, nargs=2, default=[8101, 8102])
    parser.add_argument("--lb-port", type=int, default=8100)
    parser.add_argument("--one-port", type=int, default=8099)
    parser.add_argument(
        "--big-port",
        type=int,
        default=9098,
        help="the control node (twice the workers) behind"
        " nginx; the node itself on this port - 1000",
    )
    parser.add_argument("--redis-db", type=int, default=5, help="its own Redis database")
    parser.add_argument("--out", default=str(ROOT / "bench/results/scale_out.md"))
    args = parser.parse_args()
    args.locustfile = args.locustfile or next(
        (str(p) for p in (ROOT / "bench/load/locustfile.py",
                          Path("/work/wt/load/bench/load/locustfile.py")) if p.exists()),
        str(ROOT / "bench/load/locustfile.py"),
    )  # fmt: skip
    args.locust = args.locust or next(
        (str(p) for p in (ROOT / "bench/.venv-load/bin/locust",
                          Path("/work/wt/load/bench/.venv-load/bin/locust")) if p.exists()),
        "locust",
    )  # fmt: skip
    if os.geteuid() != 0:
        sys.exit("Run it as root (pg_hba.conf, runuser postgres).")
    if not sql("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]):
        sys.exit(f"No database {args.db}: build it first (python -m bench.yibin build).")
    if not sql("SELECT 1 FROM auth_user WHERE username = 'yibin_leader'", db=args.db):
        sys.exit(f"{args.db} is not built to the end (no yibin_leader).")
    say(f"locustfile {args.locustfile}, locust {args.locust}, database {args.db}")

    tmp = Path(tempfile.mkdtemp(prefix="sanshe-scale-"))
    os.chmod(tmp, 0o755)
    (tmp / "media").mkdir()
    (tmp / "private").mkdir()
    nodes, replica, env, results = {}, None, None, {"args": vars(args)}
    password = secrets.token_urlsafe(16)
    try:
        say("pg_hba: replication from 127.0.0.1 (a marked block) …")
        hba_add()
        say("replica: pg_basebackup …")
        replica = replica_start(tmp, args.replica_port)
        results["basebackup"] = replica
        say(f"  {replica['bytes'] / 2**30:.1f} GB in {replica['seconds']:.0f} s")
        env = node_env(args, tmp, args.replica_port)
        (tmp / "load.json").write_text(django_run(env, "create", password))
        say("collectstatic, app nodes …")
        run([str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT, env=env)  # fmt: skip
        for name, port in zip("ab", args.node_ports, strict=True):
            nodes[name] = node_start(env, tmp, name, port)
        nginx_start(args, tmp)
        results["lag"] = sql(
            "SELECT coalesce(max(extract(epoch FROM replay_lag)), 0) FROM pg_stat_replication"
        )
        say(f"waiting for the CPU lock {LOCK} …")
        with open(LOCK, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            measure(args, tmp, nodes, results, env)
            fcntl.flock(lock, fcntl.LOCK_UN)
    finally:
        say("stopping everything …")
        nginx_stop(tmp)
        for process in nodes.values():
            stop_group(process)
        if env is not None:
            with suppress(subprocess.CalledProcessError):
                django_run(env, "delete", password)
        if replica is not None:
            replica_stop(replica["data"])
        hba_remove()
        keep = tmp.with_name(tmp.name + "-logs")
        keep.mkdir(exist_ok=True)
        for log in list(tmp.glob("*.log")) + list(tmp.glob("locust_*.csv")):
            shutil.copy(log, keep)
        shutil.rmtree(tmp, ignore_errors=True)
        say(f"logs kept in {keep}")
    report = render(args, results)
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report)


def served_by(tmp):
    logs = {name: tmp / f"node_{name}.access.log" for name in "abc"}
    return {name: sum(1 for _ in open(log)) if log.exists() else 0 for name, log in logs.items()}


def measure(args, tmp, nodes, results, env):
    lb, one = f"https://127.0.0.1:{args.lb_port}", f"https://127.0.0.1:{args.one_port}"
    say("warm-up …")
    locust(args, tmp, "warmup", lb, seconds=15)
    for label, host in (("one node", one), ("two nodes", lb)):
        say(f"{label}: {args.users} users for {args.seconds} s …")
        before = served_by(tmp)
        rows, _failures = locust(args, tmp, label.replace(" ", "_"), host)
        after = served_by(tmp)
        results[label] = {
            "total": aggregated(rows),
            "rows": rows,
            "served": {n: after[n] - before[n] for n in after},
        }
    # The control: one node with as many workers as the two nodes together.
    say(f"one node with {2 * args.workers} workers (control) …")
    nodes["c"] = node_start({**env, "WEB_CONCURRENCY": str(2 * args.workers)}, tmp, "c",
                            args.big_port - 1000)  # fmt: skip
    before = served_by(tmp)
    rows, _failures = locust(args, tmp, "one_big_node", f"https://127.0.0.1:{args.big_port}")
    after = served_by(tmp)
    stop_group(nodes.pop("c"))
    results["one node, twice the workers"] = {
        "total": aggregated(rows),
        "rows": rows,
        "served": {n: after[n] - before[n] for n in after},
    }
    for label, only in (("dashboard only", "DashboardOnly"), ("sign-up only", "SignupOnly")):
        say(f"{label}: counters …")
        results[label] = phase_counters(args, tmp, label.replace(" ", "_"), only,
                                        args.replica_port)  # fmt: skip
    say(f"node kill: node b gets SIGKILL after {args.seconds // 2} s …")
    killed = {}

    def kill_b(process):
        time.sleep(args.seconds / 2)
        killed["at"] = time.time()
        os.killpg(nodes["b"].pid, signal.SIGKILL)
        nodes["b"].wait()

    since = now_db()
    before = served_by(tmp)
    rows, failures = locust(args, tmp, "node_kill", lb, during=kill_b)
    until = now_db()
    after = served_by(tmp)
    gets = [r for r in rows if r["Type"] == "GET"]
    posts = [r for r in rows if r["Type"] == "POST"]
    results["node kill"] = {
        "total": aggregated(rows),
        "get": (sum(int(r["Request Count"]) for r in gets),
                sum(int(r["Failure Count"]) for r in gets)),
        "post": (sum(int(r["Request Count"]) for r in posts),
                 sum(int(r["Failure Count"]) for r in posts)),
        "signup": named(rows, SIGNUP),
        "failures": failures,
        "served": {n: after[n] - before[n] for n in after},
        "checks": signup_checks(args.db, since, until, args.replica_port),
    }  # fmt: skip
    say("replica stopped: the dashboard alone …")
    replica_stop(results["basebackup"]["data"])
    time.sleep(11)
    before = sql(COUNTERS, [args.db], one=True)
    rows, _failures = locust(args, tmp, "replica_stopped", lb, classes=["DashboardOnly"],
                             seconds=args.phase_seconds,
                             locustfile=str(ROOT / "bench/scale/phases.py"))  # fmt: skip
    time.sleep(11)
    after = sql(COUNTERS, [args.db], one=True)
    results["replica stopped"] = {
        "stats": aggregated(rows),
        "delta": [a - b for a, b in zip(after, before, strict=True)],
    }


def render(args, results):
    lines = [
        "# Past one machine: a replica, two app nodes, a balancer",
        "",
        f"`bench/scale_out.py --db {args.db}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
        f"The machine: {os.cpu_count()} shared vCPUs for everything — the primary, the replica, "
        "both app nodes, nginx and locust — so two nodes share the same CPUs as one. "
        f"Each node: gunicorn with {args.workers} workers, production settings (DEBUG=0, "
        "Redis sessions, CONN_MAX_AGE=60). "
        f"Load: `{Path(args.locustfile).relative_to(ROOT) if Path(args.locustfile).is_relative_to(ROOT) else args.locustfile}` "  # noqa: E501
        f"(its mix: residents, a street leader on the dashboard, staff on the volunteer list), "
        f"{args.users} users without pause, {args.seconds} s a phase, under the CPU lock.",
        "",
    ]
    if "basebackup" in results:
        b = results["basebackup"]
        lines += [f"Replica: `pg_basebackup -R -X stream` of the whole cluster, "
                  f"{b['bytes'] / 2**30:.1f} GB in {b['seconds']:.0f} s.", ""]  # fmt: skip
    if "two nodes" in results:
        lines += [
            "## One node vs two nodes",
            "",
            "| balancer over | requests | req/s | median ms | p95 ms | failures "
            "| served by a / b |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for label in ("one node", "two nodes", "one node, twice the workers"):
            if label not in results:
                continue
            t, s = results[label]["total"], results[label]["served"]
            workers = 2 * args.workers if label != "one node" else args.workers
            served = f"{s['a']:,} / {s['b']:,}" + (f" (c: {s['c']:,})" if s.get("c") else "")
            lines.append(
                f"| {label} ({workers} workers) | {t['requests']:,} | {t['rps']:.1f} | "
                f"{t['median']:.0f} | {t['p95']:.0f} | {t['failures']} | {served} |"
            )
        lines += ["", "Per page (two nodes):", "", "| page | requests | median ms | p95 ms |",
                  "|---|---:|---:|---:|"]  # fmt: skip
        for row in results["two nodes"]["rows"]:
            if row["Name"] != "Aggregated":
                lines.append(f"| {row['Type']} {row['Name']} | {row['Request Count']} | "
                             f"{row['50%']} | {row['95%']} |")  # fmt: skip
        lines.append("")
    if "sign-up only" in results:
        lines += [
            "## Where the reads go",
            "",
            f"pg_stat_database of `{args.db}` on each server, the change over a phase of "
            f"{args.phase_seconds} s with one page only (`bench/scale/phases.py`), and "
            "pg_stat_activity sampled every 0.2 s (active queries seen in the database).",
            "",
            "| phase | requests | server | transactions | rows read | rows written | "
            "active queries sampled |",
            "|---|---:|---|---:|---:|---:|---:|",
        ]
        for label in ("dashboard only", "sign-up only"):
            phase = results[label]
            for server in ("primary", "replica"):
                xacts, read, written = phase["delta"][server]
                lines.append(
                    f"| {label} | {phase['stats']['requests']:,} | {server} | {xacts:,} | "
                    f"{read:,} | {written:,} | {len(phase['sampler'].seen[server])} |"
                )
        for label in ("dashboard only", "sign-up only"):
            seen = results[label]["sampler"].seen
            for server in ("primary", "replica"):
                common = {}
                for q in seen[server]:
                    common[q] = common.get(q, 0) + 1
                top = sorted(common.items(), key=lambda kv: -kv[1])[:2]
                shown = "; ".join(f"`{q}` ({n})" for q, n in top) or "—"
                lines.append(f"\n{label}, {server}: most seen {shown}")
        lines += ["", "(The standby's counters of rows written stay 0: replay is not counted.)", ""]
    if "node kill" in results:
        k = results["node kill"]
        c = k["checks"]
        ok = k["signup"]["requests"] - k["signup"]["failures"]
        lines += [
            "## One node killed mid-run",
            "",
            f"The mix against the balancer for {args.seconds} s; after {args.seconds // 2} s "
            "node b "
            "(gunicorn's master and workers) gets SIGKILL.",
            "",
            "| | figure |",
            "|---|---:|",
            f"| requests / failures | {k['total']['requests']:,} / {k['total']['failures']} |",
            f"| GET requests / failed (lost) | {k['get'][0]:,} / {k['get'][1]} |",
            f"| POST requests / failed | {k['post'][0]:,} / {k['post'][1]} |",
            f"| sign-ups accepted (locust) | {ok} |",
            f"| sign-ups in the primary, made in the run | {c['made']} |",
            f"| of them without their history row (half-written) | {c['no_history']} |",
            f"| occurrences signed up for holding more people than places | {c['over']} |",
            f"| sign-ups of the run on the replica | {c['on_replica']} |",
            f"| served by node a / b | {k['served']['a']:,} / {k['served']['b']:,} |",
            f"| p95 ms | {k['total']['p95']:.0f} |",
            "",
        ]
        if k["failures"]:
            lines += ["Failures:", "", "| method | name | error | count |", "|---|---|---|---:|"]
            for f in k["failures"]:
                lines.append(f"| {f['Method']} | {f['Name']} | {f['Error'][:80]} | "
                             f"{f['Occurrences']} |")  # fmt: skip
            lines.append("")
    if "replica stopped" in results:
        r = results["replica stopped"]
        xacts, read, _written = r["delta"]
        lines += [
            "## The replica stopped",
            "",
            f"Then the replica is shut down and the dashboard alone is read for "
            f"{args.phase_seconds} s (node a only): {r['stats']['requests']:,} requests, "
            f"{r['stats']['failures']} failed, p95 {r['stats']['p95']:.0f} ms; the primary "
            f"ran {xacts:,} transactions reading {read:,} rows (the router's fallback).",
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
