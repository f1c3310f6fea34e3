"""Benchmark: the volunteers and hours lists in the admin at city scale
(Yibin: 376,000 volunteers, 3,782,000 hours entries, 13 agencies).

    createdb -h 127.0.0.1 -U postgres sanshe_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanshe_bench DEBUG=1 \\
        .venv/bin/python bench/admin_lists.py [--scale 1]

PostgreSQL only. On an empty database it first builds the Yibin data set
(bench/yibin, at --scale); on a database that bench/yibin built it measures at
once. Each list is requested as a superuser and as the staff of one center, and
the time of each page (median of 3) and its number of queries are printed,
slowest query first.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("volunteers", "/admin/volunteers/volunteer/", {}),
    ("volunteers: applications", "/admin/volunteers/volunteer/", {"status__exact": "applied"}),
    ("volunteers: 3 stars", "/admin/volunteers/volunteer/", {"stars": "3"}),
    ("volunteers: name search", "/admin/volunteers/volunteer/", {"q": "王某01234"}),
    ("volunteers: number search", "/admin/volunteers/volunteer/", {"q": "ZY20200012"}),
    ("volunteers: page 150", "/admin/volunteers/volunteer/", {"p": "{page}"}),
    ("hours", "/admin/volunteers/servicehours/", {}),
    ("hours: to confirm", "/admin/volunteers/servicehours/", {"status__exact": "recorded"}),
    ("hours: this month", "/admin/volunteers/servicehours/", {"period": "month"}),
    ("hours: one volunteer", "/admin/volunteers/servicehours/", {"volunteer__id__exact": "{vid}"}),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="of the Yibin set, if built")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    from bench.yibin import build
    from volunteers.models import Volunteer

    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL (DATABASE_URL=postgres://…), the city's database.")
    call_command("migrate", verbosity=0)
    users = get_user_model().objects
    if build.is_empty():
        build.build(scale=args.scale)
    elif not users.filter(username="yibin_staff").exists():
        sys.exit("Use an empty database, or one that bench/yibin built.")
    settings.ALLOWED_HOSTS = ["testserver"]
    # The superuser, and the staff of 南岸街道社工服务中心 (6% of the volunteers).
    root, staff = users.get(username="yibin_root"), users.get(username="yibin_staff")
    vid = (
        Volunteer.objects.filter(confirmed_hours__gt=0).order_by("pk").values_list("pk", flat=True)
    ).first()

    settings.DEBUG = True  # count and time the queries
    print(f"\n{'page':32} {'user':6} {'median':>8} {'queries':>8}  slowest query")
    for user in (root, staff):
        client = Client()
        client.force_login(user)
        # Page 150, or the last page of a smaller set (the admin shows 100 a page).
        page = min(150, -(-Volunteer.objects.visible_to(user).count() // 100))
        for label, url, params in PAGES:
            params = {key: value.format(vid=vid, page=page) for key, value in params.items()}
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
