"""Load test: the site under gunicorn with production settings, driven by locust
(bench/load/locustfile.py), on a database that bench/yibin built.

    python3 -m venv bench/.venv-load
    bench/.venv-load/bin/pip install -r bench/load/requirements.txt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanshe_yibin \\
        flock /tmp/sanshe-bench.lock .venv/bin/python bench/load/run.py

It starts gunicorn (2 workers, 127.0.0.1 only, DEBUG off, a random SECRET_KEY,
Redis as the cache, settings bench.load.settings: the project's plus the bare
view /bench/hello/), then measures, with locust headless:

1. the bare view alone, stepping up the offered rate until throughput stops rising;
2. the mix of pages (residents, a street leader, center staff), stepping up the
   same way: saturation is the highest throughput reached;
3. each page alone with 8 users that never pause: its own throughput, as a
   ratio to the bare view's measured the same way (goal for public pages ≥ 0.3);
4. the mix at a fixed offered rate, by default 70% of the saturation found in 2
   (`--rate` to give one): goals zero errors and p99 ≤ 3 × p50.

It prints the tables and writes them to bench/results/load.md (git-ignored).
`--quick` runs shorter steps, for a trial. Nothing is left running.
"""

import argparse
import csv
import json
import math
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
LOCUST = ROOT / "bench" / ".venv-load" / "bin" / "locust"
LOCUSTFILE = ROOT / "bench" / "load" / "locustfile.py"
RESULTS = ROOT / "bench" / "results"
# The key bench/yibin encrypts ID numbers with when built with DEBUG=1 (the
# public development key of config/settings.py); FIELD_ENCRYPTION_KEY overrides.
YIBIN_KEY = "c2Fuc2hlLWRldmVsb3BtZW50LW9ubHkta2V5LTAwMDA="
PUBLIC = ("home", "activities", "activity", "signup", "repair")
SOLO = [
    # (endpoint, the locust entry that measures it, label)
    ("hello", "/bench/hello/", "bare view `/bench/hello/`"),
    ("home", "/", "home `/`"),
    ("activities", "/activities/", "activities `/activities/`"),
    ("activity", "/activities/[id]/", "activity `/activities/<id>/`"),
    ("signup", "/activities/[id]/ sign-up POST", "sign-up POST (form, POST, own page)"),
    ("repair", "/repairs/[code]/", "repair tracking `/repairs/<code>/`"),
    ("dashboard", "/dashboard/", "dashboard, street leader"),
    ("volunteers_admin", "/admin/volunteers/volunteer/", "admin volunteers, staff"),
]
SOLO_USERS = 8
# Tasks a second each user of the mix offers: 4 users a request a second, so
# that even a low rate has its street leader and center staff among the users.
MIX_USER_RATE = 0.25


# --- the site ----------------------------------------------------------------------


def server_environment(database_url: str, port: int) -> dict:
    """Production settings from the environment, as deploy/sanshe.env.example
    lists them. Loopback stands in for nginx: the clients send X-Forwarded-Proto
    (BEHIND_HTTPS_PROXY and SECURE_SSL_REDIRECT keep their production values)."""
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.load.settings",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        CACHE_URL=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/1"),
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "60"),
        FIELD_ENCRYPTION_KEY=os.environ.get("FIELD_ENCRYPTION_KEY", YIBIN_KEY),
        WEB_CONCURRENCY="2",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
    )
    return env


def collectstatic(env: dict) -> None:
    """The manifest the production static storage needs (staticfiles/, git-ignored)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_gunicorn(env: dict, port: int, log_dir: Path) -> subprocess.Popen:
    if http_status(f"http://127.0.0.1:{port}/healthz"):
        sys.exit(f"Something already answers on 127.0.0.1:{port}; choose another --port.")
    env = {
        **env,
        "GUNICORN_ACCESS_LOG": str(log_dir / "access.log"),
        "GUNICORN_ERROR_LOG": str(log_dir / "error.log"),
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--config",
            "deploy/gunicorn.conf.py",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start; see {log_dir / 'error.log'}")
        if http_status(f"http://127.0.0.1:{port}/healthz") == 200:
            return server
        time.sleep(0.3)
    stop(server)
    sys.exit("gunicorn did not answer /healthz within 60 s")


def stop(process: subprocess.Popen | None) -> None:
    """Stop a process we started and its children (its own session)."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def http_status(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


# --- what to request -----------------------------------------------------------------


def load_data(path: Path) -> dict:
    """From the database: upcoming occurrences that take sign-ups and have places
    (most places left first), tracking codes, the communities a repair service
    covers; and a fresh password for the benchmark logins."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")  # this process only reads; gunicorn runs without it
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db.models import F
    from django.utils import timezone

    from centers.models import Community
    from services.models import Occurrence, RepairOrder

    users = get_user_model().objects
    if not users.filter(username="yibin_staff").exists():
        sys.exit("Run it on a database bench/yibin built (DATABASE_URL=…/sanshe_yibin).")
    password = secrets.token_urlsafe(16)
    for username in ("yibin_leader", "yibin_staff"):
        user = users.get(username=username)
        user.set_password(password)
        user.save(update_fields=["password"])
    occurrences = list(
        Occurrence.objects.upcoming()
        .public()
        .filter(
            activity__signup_required=True,
            starts_at__gt=timezone.now() + timedelta(hours=2),
            capacity__isnull=False,
        )
        .with_places_taken()
        .annotate(left=F("capacity") - F("places_taken"))
        .filter(left__gte=10)
        .order_by("-left", "starts_at")
        .values_list("pk", flat=True)[:300]
    )
    if not occurrences:
        sys.exit("No upcoming occurrence with places left to sign up for.")
    codes = list(RepairOrder.objects.order_by("?").values_list("tracking_code", flat=True)[:500])
    communities = list(
        Community.objects.filter(repair_services__is_active=True)
        .distinct()
        .values_list("pk", flat=True)
    )
    data = {
        "occurrences": occurrences,
        "tracking_codes": codes,
        "repair_communities": communities,
        "leader": "yibin_leader",
        "staff": "yibin_staff",
        "password": password,
    }
    path.write_text(json.dumps(data))
    return data


# --- locust ------------------------------------------------------------------------


def locust(
    *,
    port: int,
    data: Path,
    out: Path,
    users: int,
    seconds: int,
    user_rate: float = 1.0,
    classes: tuple[str, ...] = ("Resident", "Leader", "Staff"),
    only: str = "",
    log: Path | None = None,
) -> dict[str, dict]:
    """One headless run; the stats per request name (and "Aggregated") from its CSV,
    counted after every user has started (and logged in)."""
    env = {
        **os.environ,
        "SANSHE_LOAD_DATA": str(data),
        "SANSHE_LOAD_USER_RATE": str(user_rate),
        "SANSHE_LOAD_ONLY": only,
    }
    if log is not None:
        env["SANSHE_LOAD_LOG"] = str(log)
    command = [
        str(LOCUST),
        "--locustfile",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(users, 1)),
        "--run-time",
        f"{seconds}s",
        "--reset-stats",
        "--only-summary",
        "--csv",
        str(out),
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "5",
        *classes,
    ]
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)
    stats = {}
    with open(f"{out}_stats.csv", newline="") as file:
        for row in csv.DictReader(file):
            count = int(row["Request Count"])
            stats[row["Name"]] = {
                "count": count,
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": _ms(row["50%"]),
                "p95": _ms(row["95%"]),
                "p99": _ms(row["99%"]),
                "error_rate": int(row["Failure Count"]) / count if count else 0.0,
            }
    return stats


def _ms(value: str) -> float:
    return float(value) if value not in ("", "N/A") else math.nan


# --- the measurements ----------------------------------------------------------------


def step_up(*, run, rates: list[float], user_rate: float, classes, seconds: int) -> list[dict]:
    """Offer each rate in turn (users × user_rate); stop once throughput has not
    risen for two steps. Returns one row per step."""
    rows = []
    for rate in rates:
        users = max(1, round(rate / user_rate))
        stats = run(users=users, seconds=seconds, user_rate=user_rate, classes=classes)
        total = stats["Aggregated"]
        rows.append({"offered": users * user_rate, "users": users, **total})
        print(
            f"  offered {users * user_rate:6.0f}/s ({users} users): {total['rps']:6.1f}/s, "
            f"p50 {total['p50']:.0f} ms, p99 {total['p99']:.0f} ms, "
            f"errors {total['error_rate']:.2%}",
            flush=True,
        )
        best = max(r["rps"] for r in rows)
        if (
            len(rows) >= 3
            and all(r["rps"] < best * 1.05 for r in rows[-2:])
            and (rows[-3]["rps"] == best)
        ):
            break
    return rows


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def fmt(stats: dict) -> list[str]:
    return [
        f"{stats['rps']:.1f}",
        f"{stats['p50']:.0f}",
        f"{stats['p95']:.0f}",
        f"{stats['p99']:.0f}",
        f"{stats['error_rate']:.2%}",
    ]


def step_table(rows: list[dict]) -> str:
    return table(
        ["offered /s", "users", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
        [[f"{r['offered']:.0f}", str(r["users"]), *fmt(r)] for r in rows],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument(
        "--rate", type=float, help="the fixed offered rate (default: 70%% of saturation)"
    )
    parser.add_argument("--seconds", type=int, default=25, help="of each step")
    parser.add_argument("--fixed-seconds", type=int, default=60)
    parser.add_argument("--quick", action="store_true", help="short steps, for a trial")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a database bench/yibin built (PostgreSQL).")
    if not LOCUST.exists():
        sys.exit(
            f"No {LOCUST}: python3 -m venv bench/.venv-load && "
            "bench/.venv-load/bin/pip install -r bench/load/requirements.txt"
        )
    seconds = 8 if args.quick else args.seconds
    work = Path(tempfile.mkdtemp(prefix="sanshe-load-"))
    data_file = work / "data.json"
    data = load_data(data_file)
    env = server_environment(database_url, args.port)
    collectstatic(env)
    counter = iter(range(1000))

    def run(**kwargs):
        return locust(port=args.port, data=data_file, out=work / f"run{next(counter)}", **kwargs)

    server = None
    try:
        server = start_gunicorn(env, args.port, work)
        started = datetime.now(UTC)
        load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"gunicorn on 127.0.0.1:{args.port}, logs and CSV in {work}")
        print(
            f"{len(data['occurrences'])} occurrences with places, "
            f"{len(data['tracking_codes'])} tracking codes"
        )
        run(users=4, seconds=5, classes=("Resident", "Leader", "Staff"))  # warm up

        print("1. the bare view, stepping up")
        hello_steps = step_up(
            run=run,
            rates=[100, 200, 300, 400, 500, 650, 800, 1000, 1200],
            user_rate=10,
            classes=("Hello",),
            seconds=seconds,
        )
        print("2. the mix, stepping up")
        mix_steps = step_up(
            run=run,
            rates=[2, 4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50],
            user_rate=MIX_USER_RATE,
            classes=("Resident", "Leader", "Staff"),
            seconds=seconds,
        )
        saturation = max(r["rps"] for r in mix_steps)
        print(f"   saturation: {saturation:.1f} requests/s")

        print(f"3. each page alone, {SOLO_USERS} users without pause")
        solo = {}
        for endpoint, entry, _label in SOLO:
            stats = run(users=SOLO_USERS, seconds=seconds, classes=("Solo",), only=endpoint)
            solo[endpoint] = stats.get(entry) or {
                "rps": 0.0,
                "p50": math.nan,
                "p95": math.nan,
                "p99": math.nan,
                "error_rate": 1.0,
            }
            print(f"  {endpoint:18} {solo[endpoint]['rps']:7.1f}/s", flush=True)

        rate = args.rate or round(0.7 * saturation)
        print(f"4. the mix at a fixed {rate:.0f} requests/s offered")
        fixed = run(
            users=max(1, round(rate / MIX_USER_RATE)),
            user_rate=MIX_USER_RATE,
            seconds=8 if args.quick else args.fixed_seconds,
        )
    finally:
        stop(server)

    hello = solo["hello"]["rps"] or math.nan
    solo_rows = []
    for endpoint, _entry, label in SOLO:
        s = solo[endpoint]
        ratio = s["rps"] / hello
        goal = ""
        if endpoint in PUBLIC:
            goal = "yes" if ratio >= 0.3 else "**no**"
        solo_rows.append([label, *fmt(s), f"{ratio:.2f}", goal])
    fixed_rows = []
    for name, s in sorted(fixed.items(), key=lambda item: (item[0] == "Aggregated", item[0])):
        ok = s["failures"] == 0 and s["p99"] <= 3 * s["p50"]
        fixed_rows.append(
            [
                f"`{name}`" if name != "Aggregated" else "**all**",
                str(s["count"]),
                *fmt(s),
                f"{s['p99'] / s['p50']:.1f}",
                "yes" if ok else "**no**",
            ]
        )
    report = "\n\n".join(
        [
            f"# Load test, {started:%Y-%m-%d %H:%M} UTC",
            f"Database `{database_url.rsplit('/', 1)[-1]}`; gunicorn, 2 workers, production "
            f"settings, Redis cache; locust on the same machine. Steps of {seconds} s. "
            f"Load average at the start: {load_before}.",
            "## The bare view, stepping up\n\n" + step_table(hello_steps),
            f"## The mix, stepping up (saturation {saturation:.1f} requests/s)\n\n"
            + step_table(mix_steps),
            f"## Each page alone ({SOLO_USERS} users without pause), ratio to the bare view "
            "(goal for public pages ≥ 0.3)\n\n"
            + table(
                [
                    "page",
                    "requests/s",
                    "p50 ms",
                    "p95 ms",
                    "p99 ms",
                    "errors",
                    "÷ bare view",
                    "≥ 0.3",
                ],
                solo_rows,
            ),
            f"## The mix at a fixed {rate:.0f} requests/s offered "
            f"({rate / saturation:.0%} of saturation; goals: no errors, p99 ≤ 3 × p50)\n\n"
            + table(
                [
                    "request",
                    "count",
                    "requests/s",
                    "p50 ms",
                    "p95 ms",
                    "p99 ms",
                    "errors",
                    "p99 / p50",
                    "goals",
                ],
                fixed_rows,
            ),
        ]
    )
    print("\n" + report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.md").write_text(report + "\n")
    (RESULTS / "load.json").write_text(
        json.dumps(
            {
                "hello_steps": hello_steps,
                "mix_steps": mix_steps,
                "solo": solo,
                "fixed": fixed,
                "rate": rate,
                "saturation": saturation,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
