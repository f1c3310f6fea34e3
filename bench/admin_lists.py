"""Benchmark: the volunteers and hours lists in the admin at city scale
(Yibin: 376,000 volunteers, 3,782,000 hours entries, 13 agencies).

    createdb -h 127.0.0.1 -U postgres sanshe_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanshe_bench DEBUG=1 \\
        .venv/bin/python bench/admin_lists.py [--volunteers 376000 --hours 3782000]

PostgreSQL only. The rows are made with INSERT … SELECT generate_series (they
are never decrypted by a list, so the ID columns hold placeholders); then each
list is requested as a superuser and as the staff of one center, and the time
of each page (median of 3) and its number of queries are printed, slowest query
first. Run it on an empty database: it refuses one that holds volunteers.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CENTERS = 13

PAGES = [
    ("volunteers", "/admin/volunteers/volunteer/", {}),
    ("volunteers: applications", "/admin/volunteers/volunteer/", {"status__exact": "applied"}),
    ("volunteers: 3 stars", "/admin/volunteers/volunteer/", {"stars": "3"}),
    ("volunteers: name search", "/admin/volunteers/volunteer/", {"q": "志愿者12345"}),
    ("volunteers: number search", "/admin/volunteers/volunteer/", {"q": "ZY20200012"}),
    ("volunteers: page 150", "/admin/volunteers/volunteer/", {"p": "150"}),
    ("hours", "/admin/volunteers/servicehours/", {}),
    ("hours: to confirm", "/admin/volunteers/servicehours/", {"status__exact": "recorded"}),
    ("hours: this month", "/admin/volunteers/servicehours/", {"period": "month"}),
    ("hours: one volunteer", "/admin/volunteers/servicehours/", {"volunteer__id__exact": "{vid}"}),
]


def populate(volunteers: int, hours: int) -> None:
    from django.db import connection

    from centers.models import Center, Community, District, Street

    district = District.objects.create(city="宜宾市", name="基准区")
    street = Street.objects.create(district=district, name="基准街道")
    communities = [Community.objects.create(street=street, name=f"基准社区{n}") for n in range(72)]
    centers = [
        Center.objects.create(name=f"基准机构{n:02d}", kind="street_center", street=street)
        for n in range(CENTERS)
    ]
    c0, k0 = centers[0].pk, communities[0].pk
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO volunteers_volunteer (
                volunteer_no, name, id_type, id_number_sealed, id_number_digest,
                id_number_masked, gender, birth_date, phone, community_id, center_id,
                weekday_mornings, weekday_afternoons, weekday_evenings, weekends,
                consent_source, consent_at, consent_text, guardian_name, guardian_phone,
                status, status_reason, registered_on, confirmed_hours, created_at)
            SELECT 'ZY' || (2014 + g %% 12) || lpad(g::text, 7, '0'),
                   '志愿者' || g, 'resident_id', 'placeholder',
                   md5(g::text) || md5('x' || g::text),
                   '5115**********' || lpad((g %% 10000)::text, 4, '0'),
                   CASE WHEN g %% 2 = 0 THEN 'F' ELSE 'M' END,
                   DATE '1950-01-01' + (g %% 20000),
                   '139' || lpad((g %% 100000000)::text, 8, '0'),
                   %s + g %% 72, %s + g %% %s,
                   g %% 3 = 0, g %% 5 = 0, g %% 4 = 0, g %% 2 = 0,
                   'paper', now(), '同意', '', '',
                   CASE WHEN g %% 500 = 0 THEN 'applied' ELSE 'active' END, '',
                   DATE '2014-01-01' + (g %% 4000),
                   CASE WHEN g %% 1000 = 0 THEN 1200 WHEN g %% 100 = 0 THEN 350
                        ELSE g %% 40 END,
                   now()
            FROM generate_series(1, %s) AS g
            """,
            [k0, c0, CENTERS, volunteers],
        )
        print(f"{volunteers} volunteers in {time.perf_counter() - started:.0f} s")
        cursor.execute("SELECT min(id) FROM volunteers_volunteer")
        (v0,) = cursor.fetchone()
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO volunteers_servicehours (
                volunteer_id, center_id, served_on, hours, content, activity, status,
                rejection_reason, recorded_at, confirmed_at)
            SELECT %s + (g %% %s), %s + ((g %% %s) + 1) %% %s,
                   CURRENT_DATE - (g %% 1500), 1 + (g %% 7), '社区服务', '',
                   CASE WHEN g %% 1500 < 14 THEN 'recorded' ELSE 'confirmed' END, '',
                   now(), CASE WHEN g %% 1500 < 14 THEN NULL ELSE now() END
            FROM generate_series(1, %s) AS g
            """,
            [v0, volunteers, c0, volunteers, CENTERS, hours],
        )
        print(f"{hours} hours entries in {time.perf_counter() - started:.0f} s")
        cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--volunteers", type=int, default=376_000)
    parser.add_argument("--hours", type=int, default=3_782_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    from centers.models import Center, StaffAssignment
    from centers.roles import Role
    from volunteers.models import Volunteer

    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL (DATABASE_URL=postgres://…), the city's database.")
    call_command("migrate", verbosity=0)
    if Volunteer.objects.exists():
        sys.exit("The database holds volunteers already: use an empty one.")
    settings.ALLOWED_HOSTS = ["testserver"]
    populate(args.volunteers, args.hours)

    from django.contrib.auth import get_user_model

    User = get_user_model()
    root = User.objects.create(username="bench_root", is_staff=True, is_superuser=True)
    staff = User.objects.create(username="bench_staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=Role.STAFF.value))
    StaffAssignment.objects.create(user=staff, center=Center.objects.order_by("pk").first())
    vid = Volunteer.objects.order_by("pk").values_list("pk", flat=True).first()

    settings.DEBUG = True  # count and time the queries
    print(f"\n{'page':32} {'user':6} {'median':>8} {'queries':>8}  slowest query")
    for user in (root, staff):
        client = Client()
        client.force_login(user)
        for label, url, params in PAGES:
            params = {key: value.format(vid=vid) for key, value in params.items()}
            times = []
            for _ in range(3):
                reset_queries()
                started = time.perf_counter()
                response = client.get(url, params)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, (label, response.status_code)
            slowest = max(connection.queries, key=lambda q: float(q["time"]))
            print(
                f"{label:32} {user.username[6:]:6} {statistics.median(times) * 1000:6.0f} ms "
                f"{len(connection.queries):8}  {float(slowest['time']) * 1000:.0f} ms: "
                f"{slowest['sql'][:70]}…"
            )


if __name__ == "__main__":
    main()
