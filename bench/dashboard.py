"""Benchmark: the leaders' dashboard on the Yibin data set (bench/yibin) at two
scales, against the same figures computed by raw SQL over the raw tables.

    DEBUG=1 .venv/bin/python bench/dashboard.py \\
        --small postgres://postgres@127.0.0.1:5432/sanshe_yibin_10 \\
        --large postgres://postgres@127.0.0.1:5432/sanshe_yibin

For each database (one child process each, so that each has its own settings)
and each case — the street leader's /dashboard/ (南岸街道, this year), the same
street as a superuser, and the whole city as a superuser (the picker offers
streets, not the city, so the city scope is handed to the real view) — it
reports the dashboard's time through Django's test Client with a real login
(median of 5 after a warm-up), its number of queries, and the time of the raw
SQL (median of 5, warm, JIT off: the best case for a scan) that computes the
same figures from the records. It checks that both give the same figures,
then prints the table and writes it to bench/results/ (git-ignored).

Goals: dashboard / raw SQL ≤ 0.05; the same number of queries at both scales;
dashboard at the large scale / at the small one ≤ 1.2.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 5
STREET = "南岸街道"
CASES = [
    ("street, leader", "yibin_leader", "street"),
    ("street, superuser", "yibin_root", "street"),
    ("city, superuser", "yibin_root", "city"),
]
REGISTERED = ("active", "suspended", "left")


# --- The same figures from the raw tables --------------------------------------


def raw_queries(center_ids: list[int], start: date, end: date, today: date, tz: str):
    """(name, SQL) of each raw computation, for the centers of a scope and a
    period: what the dashboard's sections and comparison table show."""
    from volunteers import stars

    centers = "(" + ", ".join(map(str, center_ids)) + ")"
    period = f"DATE '{start}' AND DATE '{end}'"
    local_day = f"(o.submitted_at AT TIME ZONE '{tz}')::date"
    month_start = start.replace(day=1)
    levels = " + ".join(f"(v.confirmed_hours >= {t})::int" for t in stars.thresholds())
    ce_first, ce_last = _ce_period(end)
    return [
        (
            "certification rate",
            f"""
            SELECT count(*), count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM members_certificate c
                WHERE c.member_id = m.id AND c.issued_on <= DATE '{end}'))
            FROM members_member m WHERE m.center_id IN {centers}
              AND (m.joined_on IS NULL OR m.joined_on <= DATE '{end}')
              AND (m.left_on IS NULL OR m.left_on > DATE '{end}')
            """,
        ),
        (
            "certified by level",
            f"""
            SELECT top, count(*) FROM (
                SELECT (SELECT c.level FROM members_certificate c
                        WHERE c.member_id = m.id AND c.issued_on <= DATE '{end}'
                        ORDER BY CASE c.level WHEN 'senior' THEN 3
                                 WHEN 'intermediate' THEN 2 ELSE 1 END DESC LIMIT 1) AS top
                FROM members_member m WHERE m.center_id IN {centers}
                  AND (m.joined_on IS NULL OR m.joined_on <= DATE '{end}')
                  AND (m.left_on IS NULL OR m.left_on > DATE '{end}')
            ) x WHERE top IS NOT NULL GROUP BY top ORDER BY top
            """,
        ),
        (
            "continuing education",
            f"""
            SELECT count(*), count(*) FILTER (
                WHERE coalesce(t.hours, 0) + CASE WHEN d.member_id IS NULL THEN 0 ELSE 90 END
                      >= m.required)
            FROM (
                SELECT m.id, CASE WHEN EXISTS (SELECT 1 FROM members_certificate c
                            WHERE c.member_id = m.id AND c.issued_on <= DATE '{ce_last}'
                              AND c.level <> 'assistant') THEN 90 ELSE 72 END AS required
                FROM members_member m WHERE m.center_id IN {centers}
                  AND (m.joined_on IS NULL OR m.joined_on <= DATE '{end}')
                  AND (m.left_on IS NULL OR m.left_on > DATE '{end}')
                  AND EXISTS (SELECT 1 FROM members_certificate c
                              WHERE c.member_id = m.id AND c.issued_on <= DATE '{end}')
            ) m
            LEFT JOIN (
                SELECT a.member_id, sum(s.hours) AS hours FROM members_trainingattendance a
                JOIN members_trainingsession s ON s.id = a.session_id
                WHERE s.held_on BETWEEN DATE '{ce_first}' AND DATE '{ce_last}'
                GROUP BY a.member_id
            ) t ON t.member_id = m.id
            LEFT JOIN (
                SELECT DISTINCT member_id FROM members_educationenrollment
                WHERE is_social_work AND completed_on BETWEEN DATE '{ce_first}'
                    AND DATE '{ce_last}'
            ) d ON d.member_id = m.id
            """,
        ),
        (
            "organizations",
            f"""
            SELECT count(*), count(*) FILTER (WHERE registration_status = 'filed'),
                   count(*) FILTER (WHERE registration_status = 'registered'),
                   count(*) FILTER (WHERE is_hub),
                   (SELECT count(DISTINCT organization_id) FROM centers_residency
                    WHERE center_id IN {centers} AND moved_in <= DATE '{end}'
                      AND (moved_out IS NULL OR moved_out > DATE '{end}')),
                   (SELECT count(*) FROM centers_followupvisit
                    WHERE center_id IN {centers} AND visited_on BETWEEN {period})
            FROM centers_socialorganization WHERE center_id IN {centers}
            """,
        ),
        (
            "volunteers registered, new",
            f"""
            SELECT count(*) FILTER (WHERE status IN {REGISTERED}
                                      AND registered_on <= DATE '{end}')
                   - count(*) FILTER (WHERE status = 'left' AND left_on <= DATE '{end}'),
                   count(*) FILTER (WHERE status IN {REGISTERED}
                                      AND registered_on BETWEEN {period})
            FROM volunteers_volunteer WHERE center_id IN {centers}
            """,
        ),
        (
            "volunteers active, hours, entries",
            f"""
            SELECT count(DISTINCT volunteer_id), coalesce(sum(hours), 0), count(*)
            FROM volunteers_servicehours
            WHERE center_id IN {centers} AND status = 'confirmed' AND served_on BETWEEN {period}
            """,
        ),
        (
            "hours per month",
            f"""
            SELECT date_trunc('month', served_on)::date, sum(hours)
            FROM volunteers_servicehours
            WHERE center_id IN {centers} AND status = 'confirmed' AND served_on BETWEEN {period}
            GROUP BY 1 ORDER BY 1
            """,
        ),
        (
            "star levels",
            f"""
            SELECT {levels} AS level, count(*) FROM volunteers_volunteer v
            WHERE v.center_id IN {centers} AND v.status = 'active' GROUP BY 1 ORDER BY 1
            """,
        ),
        (
            "top teams",
            f"""
            SELECT h.team_id, sum(h.hours) AS hours FROM volunteers_servicehours h
            JOIN volunteers_team t ON t.id = h.team_id
            LEFT JOIN centers_socialorganization o ON o.id = t.organization_id
            WHERE (t.center_id IN {centers} OR o.center_id IN {centers})
              AND h.status = 'confirmed' AND h.served_on BETWEEN {period}
            GROUP BY h.team_id ORDER BY hours DESC, h.team_id LIMIT 5
            """,
        ),
        (
            "repair orders, median, p90",
            f"""
            SELECT count(*), count(o.on_site_at),
                   count(*) FILTER (WHERE o.on_site_at <= o.respond_by),
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY o.response_seconds / 60),
                   percentile_disc(0.9) WITHIN GROUP (ORDER BY o.response_seconds / 60),
                   coalesce(sum(o.rating), 0), count(o.rating),
                   count(*) FILTER (WHERE o.status IN ('submitted', 'dispatched')
                                      AND o.respond_by < now())
            FROM services_repairorder o JOIN services_repairservice s ON s.id = o.service_id
            WHERE s.center_id IN {centers}
              AND {local_day} BETWEEN DATE '{month_start}' AND DATE '{end}'
            """,
        ),
        (
            "comparison: organizations",
            f"""
            SELECT community_id, count(*) FROM centers_socialorganization
            WHERE center_id IN {centers} AND community_id IS NOT NULL GROUP BY 1
            """,
        ),
        (
            "comparison: volunteers",
            f"""
            SELECT community_id,
                   count(*) FILTER (WHERE status IN {REGISTERED}
                                      AND registered_on <= DATE '{end}')
                   - count(*) FILTER (WHERE status = 'left' AND left_on <= DATE '{end}')
            FROM volunteers_volunteer WHERE center_id IN {centers} GROUP BY 1
            """,
        ),
        (
            "comparison: hours",
            f"""
            SELECT community_id, sum(hours) FROM volunteers_servicehours
            WHERE center_id IN {centers} AND status = 'confirmed' AND served_on BETWEEN {period}
            GROUP BY 1
            """,
        ),
        (
            "comparison: repair orders",
            f"""
            SELECT o.community_id, count(*) FROM services_repairorder o
            JOIN services_repairservice s ON s.id = o.service_id
            WHERE s.center_id IN {centers}
              AND {local_day} BETWEEN DATE '{month_start}' AND DATE '{end}' GROUP BY 1
            """,
        ),
    ]


def person_times_query(center_ids, start, end, tz):
    """Person-times served (not on the dashboard yet): attended sign-ups' people,
    home visits and case sessions in the period."""
    centers = "(" + ", ".join(map(str, center_ids)) + ")"
    period = f"DATE '{start}' AND DATE '{end}'"
    return f"""
        SELECT
          (SELECT coalesce(sum(s.people), 0) FROM services_signup s
           JOIN services_occurrence o ON o.id = s.occurrence_id
           JOIN services_activity a ON a.id = o.activity_id
           WHERE a.center_id IN {centers} AND s.status = 'attended'
             AND (o.starts_at AT TIME ZONE '{tz}')::date BETWEEN {period})
        + (SELECT count(*) FROM services_homevisit v
           JOIN services_resident r ON r.id = v.resident_id
           WHERE r.center_id IN {centers} AND v.visited_on BETWEEN {period})
        + (SELECT count(*) FROM services_casenote n JOIN services_case c ON c.id = n.case_id
           WHERE c.center_id IN {centers} AND n.is_session AND n.written_on BETWEEN {period})
    """


def _ce_period(on: date) -> tuple[date, date]:
    from members.figures import continuing_education_period

    period = continuing_education_period(on)
    return period.start, period.end


# --- One database (a child process) ---------------------------------------------


def timed(action, runs=RUNS) -> tuple[float, object]:
    """Median seconds of `runs` runs after one warm-up, and the last result."""
    result = action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure() -> dict:
    import django

    django.setup()
    from unittest import mock

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from centers.models import Center
    from reports import views
    from reports.periods import period_from
    from reports.scopes import Scope
    from volunteers.models import ServiceHours, Volunteer

    settings.ALLOWED_HOSTS = ["testserver"]
    today = timezone.localdate()
    period = period_from({})
    users = get_user_model().objects
    city = Scope("centers", "宜宾市", tuple(Center.objects.select_related("street").order_by("pk")))
    street_ids = list(Center.objects.filter(street__name=STREET).values_list("pk", flat=True))
    result = {
        "database": connection.settings_dict["NAME"],
        "volunteers": Volunteer.objects.count(),
        "hours": ServiceHours.objects.count(),
        "today": str(today),
        "period": period.label,
        "cases": {},
    }
    for label, username, scope in CASES:
        client = Client()
        client.force_login(users.get(username=username))

        def page(client=client):
            response = client.get("/dashboard/")
            assert response.status_code == 200, response.status_code
            return response

        def page_for_city(client=client):
            with mock.patch.object(views, "scope_among", lambda choices, params: city):
                return page(client)

        action = page_for_city if scope == "city" else page
        seconds, _response = timed(action)
        with CaptureQueriesContext(connection) as queries:
            action()
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        center_ids = [c.pk for c in city.centers] if scope == "city" else street_ids
        raw = raw_queries(center_ids, period.start, period.end, today, settings.TIME_ZONE)
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")

            def run_raw(cursor=cursor, raw=raw):
                answers = {}
                for name, sql in raw:
                    cursor.execute(sql)
                    answers[name] = cursor.fetchall()
                return answers

            raw_seconds, answers = timed(run_raw)
            each = {}
            for name, sql in raw:
                each[name], _ = timed(lambda sql=sql: cursor.execute(sql), runs=3)
            people_sql = person_times_query(
                center_ids, period.start, period.end, settings.TIME_ZONE
            )
            people_raw, people = timed(
                lambda sql=people_sql: (cursor.execute(sql), cursor.fetchone())
            )
            cursor.execute("RESET jit")
        people_tally, people_kept = timed(lambda ids=center_ids: served_from_tallies(ids, period))
        result["cases"][label] = {
            "dashboard": seconds,
            "queries": len(queries.captured_queries),
            "slowest": [(float(q["time"]), q["sql"][:300]) for q in slowest],
            "raw": raw_seconds,
            "raw_each": each,
            "differences": differences(center_ids, period, today, answers),
            "people_raw": people_raw,
            "people_tally": people_tally,
            "people": [int(people[1][0]), people_kept],
        }
    return result


def served_from_tallies(center_ids, period) -> int:
    from django.db.models import Sum

    from services.models import ServedDay

    return (
        ServedDay.objects.filter(
            center__in=center_ids, day__gte=period.start, day__lte=period.end
        ).aggregate(people_served=Sum("people"))["people_served"]
        or 0
    )


def differences(center_ids, period, today, answers) -> list[str]:
    """Where the dashboard's figures (the sections' own functions) and the raw SQL
    disagree (there should be none)."""
    from decimal import Decimal

    from members.figures import continuing_education_period
    from members.models import Member
    from members.selectors import continuing_education_counts
    from services.figures import repair_orders_per_community, repair_period_figures
    from volunteers.figures import (
        hours_by_month,
        volunteer_figures,
        volunteers_by_star_level,
        volunteers_per_community,
    )

    where = {"center_ids": center_ids, "community_id": None}
    found = []

    def same(name, kept, raw):
        if kept != raw:
            found.append(f"{name}: dashboard {kept!r}, raw {raw!r}")

    members = Member.objects.filter(center__in=center_ids)
    rate = members.certification_rate(period.end)
    same("workers, certified", (rate.total, rate.certified), answers["certification rate"][0])
    same(
        "continuing education",
        continuing_education_counts(
            members.active(period.end).certified(period.end),
            continuing_education_period(period.end),
        ),
        answers["continuing education"][0],
    )
    v = volunteer_figures(**where, start=period.start, end=period.end, today=today)
    registered, new = answers["volunteers registered, new"][0]
    active, hours, entries = answers["volunteers active, hours, entries"][0]
    same("volunteers registered, new", (v.registered, v.new), (registered, new))
    same(
        "volunteers active, hours, entries",
        (v.active, v.hours, v.entries),
        (active, Decimal(hours), entries),
    )
    same(
        "hours per month",
        [(m, Decimal(h)) for m, h in hours_by_month(**where, start=period.start, end=period.end)],
        [(m, Decimal(h)) for m, h in answers["hours per month"]],
    )
    same("star levels", volunteers_by_star_level(**where), dict(answers["star levels"]))
    r = repair_period_figures(**where, start=period.start, end=period.end)
    orders, on_site, within, median, p90, rating_sum, ratings, late = answers[
        "repair orders, median, p90"
    ][0]
    same(
        "repairs",
        (
            r.orders,
            r.on_site,
            r.within_target,
            r.median_minutes,
            r.p90_minutes,
            r.ratings,
            r.late_waiting,
        ),
        (orders, on_site, within, median, p90, ratings, late),
    )
    per_community = volunteers_per_community(
        center_ids=center_ids, start=period.start, end=period.end
    )
    same(
        "comparison: volunteers",
        {k: c["volunteers"] for k, c in per_community.items() if c["volunteers"]},
        {k: n for k, n in answers["comparison: volunteers"] if n},
    )
    same(
        "comparison: hours",
        {k: c["hours"] for k, c in per_community.items() if c["hours"]},
        {k: Decimal(h) for k, h in answers["comparison: hours"]},
    )
    same(
        "comparison: repair orders",
        repair_orders_per_community(center_ids=center_ids, start=period.start, end=period.end),
        dict(answers["comparison: repair orders"]),
    )
    return found


# --- Both databases and the table ----------------------------------------------


def child(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": os.environ.get("DEBUG", "1")}
    output = subprocess.run(
        [sys.executable, __file__, "--measure"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def combined(results: list[dict]) -> dict:
    """The first result, its times replaced by the medians over all results."""
    first = results[0]
    for case, data in first["cases"].items():
        for key in ("dashboard", "raw", "people_raw", "people_tally"):
            data[key] = statistics.median(r["cases"][case][key] for r in results)
        for name in data["raw_each"]:
            data["raw_each"][name] = statistics.median(
                r["cases"][case]["raw_each"][name] for r in results
            )
        data["queries_seen"] = sorted({r["cases"][case]["queries"] for r in results})
    return first


def table(small: dict, large: dict) -> str:
    lines = [
        f"Dashboard benchmark, {datetime.now():%Y-%m-%d %H:%M}, period {large['period']}",
        f"small: {small['database']} ({small['volunteers']:,} volunteers, "
        f"{small['hours']:,} hours entries); large: {large['database']} "
        f"({large['volunteers']:,} volunteers, {large['hours']:,} hours entries)",
        "",
        "| case | scale | dashboard | queries | raw SQL | dashboard / raw (≤ 0.05) "
        "| large / small (≤ 1.2) | figures agree |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for case in small["cases"]:
        s, g = small["cases"][case], large["cases"][case]
        for name, data in (("small", s), ("large", g)):
            growth = f"{g['dashboard'] / s['dashboard']:.2f}" if name == "large" else ""
            agree = "yes" if not data["differences"] else "; ".join(data["differences"])
            lines.append(
                f"| {case} | {name} | {data['dashboard'] * 1000:.0f} ms | {data['queries']} "
                f"| {data['raw'] * 1000:.0f} ms | {data['dashboard'] / data['raw']:.3f} "
                f"| {growth} | {agree} |"
            )
        counts = {*s.get("queries_seen", [s["queries"]]), *g.get("queries_seen", [g["queries"]])}
        same = "same" if len(counts) == 1 else "DIFFERENT"
        lines.append(f"| {case} | queries at both scales: {same} | | | | | | |")
    lines += ["", "Raw SQL per figure, large scale (median of 3, ms):", ""]
    for case, data in large["cases"].items():
        parts = ", ".join(f"{k} {v * 1000:.0f}" for k, v in data["raw_each"].items())
        lines.append(f"- {case}: {parts}")
    lines += ["", "Slowest dashboard queries, large scale:", ""]
    for case, data in large["cases"].items():
        for seconds, sql in data["slowest"]:
            lines.append(f"- {case}: {seconds * 1000:.0f} ms `{' '.join(sql.split())[:160]}…`")
    lines += [
        "",
        "Person-times served in the period (not on the dashboard yet): "
        "ServedDay tally vs raw sign-ups + visits + case sessions:",
        "",
    ]
    for scale, data in (("small", small), ("large", large)):
        for case, c in data["cases"].items():
            kept, raw = c["people"][1], c["people"][0]
            lines.append(
                f"- {scale}, {case}: tally {c['people_tally'] * 1000:.1f} ms, raw "
                f"{c['people_raw'] * 1000:.0f} ms; {kept:,} vs {raw:,} "
                f"{'(equal)' if kept == raw else '(DIFFERENT)'}"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", help="URL of the small database (e.g. scale 0.1)")
    parser.add_argument("--large", help="URL of the large database (scale 1)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure both databases this many times, in turn, and take the median "
        "(the machine is shared: this evens out the load)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args.measure:
        print(json.dumps(measure(), default=str))
        return
    if not (args.small and args.large):
        parser.error("give --small and --large")
    runs = {"small": [], "large": []}
    for _ in range(args.repeat):
        runs["small"].append(child(args.small))
        runs["large"].append(child(args.large))
    small, large = combined(runs["small"]), combined(runs["large"])
    report = table(small, large)
    if args.repeat > 1:
        report += (
            f"\n\nEach time is the median of {args.repeat} measurements of both databases "
            f"in turn, each the median of {RUNS} requests."
        )
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = f"{datetime.now():%Y%m%d-%H%M}"
    (results / f"dashboard-{stamp}.md").write_text(report + "\n")
    (results / f"dashboard-{stamp}.json").write_text(
        json.dumps({"small": small, "large": large}, default=str, indent=1)
    )
    print(f"\nwritten to bench/results/dashboard-{stamp}.md")


if __name__ == "__main__":
    main()
