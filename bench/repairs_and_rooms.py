"""Benchmark: the repairs reports feed, the response board, the tracking page and
/venues/ at city scale, on a throwaway database.

    DEBUG=1 .venv/bin/python bench/repairs_and_rooms.py            # SQLite
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanshe \\
        .venv/bin/python bench/repairs_and_rooms.py --communities 200

Scale: Jinyu's first month had 100+ orders; the default is 200 communities at
100 orders a month for 12 months (240,000 orders), and 50 rooms with a booked
slot every opening day for the two weeks shown. Each figure is the median of
5 runs after one warm-up, with the number of queries.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SHOW_SLOWEST = False


def measure(label, action, runs=5):
    action()  # warm-up
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            action()
            timings.append((time.perf_counter() - started) * 1000)
    print(f"{label:<58} {statistics.median(timings):8.1f} ms  {len(queries):3d} queries")
    if SHOW_SLOWEST:
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        print(f"    slowest query {float(slowest['time']) * 1000:.1f} ms: {slowest['sql'][:600]}")


def build(communities: int, per_month: int, rooms: int):
    from centers.models import Center, Community, District, Street, Venue, VenueOpeningHours
    from services.models import RepairOrder, RepairService, RepairStatus, VenueBooking

    rng = random.Random(1)
    district = District.objects.create(city="宜宾市", name="基准区")
    street = Street.objects.create(district=district, name="基准街道")
    center = Center.objects.create(name="基准中心", kind="service_hall", street=street)
    places = Community.objects.bulk_create(
        [Community(street=street, name=f"基准社区{n:03d}") for n in range(communities)]
    )
    service = RepairService.objects.create(center=center, name="E修就好")
    service.communities.set(places)
    tz = timezone.get_current_timezone()
    start = datetime(2025, 1, 1, tzinfo=tz)
    orders = []
    for community in places:
        for month in range(12):
            for n in range(per_month):
                submitted = start + timedelta(days=month * 30 + n % 30, hours=7 + rng.random() * 13)
                minutes = rng.choice([rng.randint(10, 59)] * 9 + [rng.randint(60, 120)])
                on_site = submitted + timedelta(minutes=minutes)
                orders.append(
                    RepairOrder(
                        service=service,
                        community=community,
                        name="基准",
                        phone="13900000000",
                        address="1栋",
                        category="plumbing",
                        description="基准",
                        status=RepairStatus.DONE,
                        technician=None,
                        submitted_at=submitted,
                        respond_by=submitted + timedelta(minutes=60),
                        on_site_at=on_site,
                        response_seconds=minutes * 60,
                        closed_at=on_site + timedelta(minutes=30),
                        rating=rng.choice([5, 5, 5, 4, 4, 3]),
                    )
                )
    # Done orders need a technician (a database constraint).
    technician = service.technicians.create(name="基准师傅")
    for order in orders:
        order.technician = technician
    RepairOrder.objects.bulk_create(orders, batch_size=5000)
    waiting = RepairOrder.objects.bulk_create(
        [
            RepairOrder(
                service=service,
                community=places[n % len(places)],
                name="等待",
                phone="13900000001",
                address="2栋",
                category="electrical",
                description="基准",
                submitted_at=timezone.now() - timedelta(minutes=n),
                respond_by=timezone.now() - timedelta(minutes=n) + timedelta(minutes=60),
            )
            for n in range(200)
        ]
    )
    venues = Venue.objects.bulk_create(
        [
            Venue(center=center, name=f"活动室{n:02d}", kind="other", capacity=30)
            for n in range(rooms)
        ]
    )
    VenueOpeningHours.objects.bulk_create(
        [
            VenueOpeningHours(venue=v, weekday=d, opens="08:30", closes="20:30")
            for v in venues
            for d in range(1, 8)
        ]
    )
    today = timezone.localdate()
    VenueBooking.objects.bulk_create(
        [
            VenueBooking(
                venue=v,
                starts_at=datetime.combine(today + timedelta(days=d), datetime.min.time(), tz)
                + timedelta(hours=14),
                ends_at=datetime.combine(today + timedelta(days=d), datetime.min.time(), tz)
                + timedelta(hours=16),
                status="approved",
                name="基准",
                phone="13900000000",
                purpose="基准",
                people=10,
            )
            for v in venues
            for d in range(settings.VENUE_BOOKING_DAYS_SHOWN)
        ]
    )
    return len(orders) + len(waiting), waiting[0].tracking_code


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=200)
    parser.add_argument("--per-month", type=int, default=100)
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--slowest", action="store_true", help="print each step's slowest query")
    args = parser.parse_args()
    global SHOW_SLOWEST
    SHOW_SLOWEST = args.slowest

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        count, code = build(args.communities, args.per_month, args.rooms)
        print(
            f"{connection.vendor}: {count:,} repair orders, {args.rooms} rooms, "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        from django.contrib.auth import get_user_model

        from services.models import RepairOrder
        from services.selectors.repairs import repair_figures

        admin = get_user_model().objects.create_superuser("bench", password="x")
        staff = Client()
        staff.force_login(admin)
        resident = Client()
        orders = RepairOrder.objects.all()
        year = {"since": date(2025, 1, 1), "until": date(2025, 12, 31)}
        measure(
            "repair_figures: a year, per month and community",
            lambda: repair_figures(orders, **year),
        )
        measure(
            "repair_figures: a year, per month (whole street)",
            lambda: repair_figures(orders, by_community=False, **year),
        )
        measure(
            "repair_figures: one month, per community",
            lambda: repair_figures(orders, since=date(2025, 6, 1), until=date(2025, 6, 30)),
        )
        measure(
            "admin: response board (first page of orders)",
            lambda: staff.get("/admin/services/repairorder/"),
        )
        measure(
            "admin: orders waiting past the target (filter)",
            lambda: staff.get("/admin/services/repairorder/?response=overdue"),
        )
        measure("public: tracking page", lambda: resident.get(f"/repairs/{code}/"))
        measure("public: /venues/ (all rooms, 14 days)", lambda: resident.get("/venues/"))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
