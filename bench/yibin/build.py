"""The build: its steps in order, one transaction, each step timed and counted."""

import time
from collections.abc import Callable

from django.db import connection, transaction

from bench.yibin import activities, care, places, repairs, volunteers, workforce
from bench.yibin.context import Context
from bench.yibin.sql import count

LEADER_STREET = "南岸街道"


def logins(ctx: Context) -> list:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from centers.models import Center, StaffAssignment
    from centers.roles import Role

    User = get_user_model()
    root = User(username="yibin_root", is_staff=True, is_superuser=True)
    leader = User(username="yibin_leader", is_staff=True)
    staff = User(username="yibin_staff", is_staff=True)
    for user in (root, leader, staff):
        user.set_unusable_password()
        user.save()
    leader.groups.add(Group.objects.get(name=Role.LEADER.value))
    staff.groups.add(Group.objects.get(name=Role.STAFF.value))
    street = next(s for s in ctx.streets if s.name == LEADER_STREET)
    StaffAssignment.objects.create(user=leader, street=street)
    StaffAssignment.objects.create(
        user=staff, center=Center.objects.get(name=f"{LEADER_STREET}社工服务中心")
    )
    return [User, StaffAssignment]


def tallies(ctx: Context) -> list:
    from bench.yibin.check import TALLIES
    from centers.tallies import rebuild_all

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    ctx.rebuilt = rebuild_all()
    return list(TALLIES)


# In order: each step stands on the ones before it.
STEPS: list[tuple[str, Callable]] = [
    ("places and centers", places.build),
    ("organizations", places.build_organizations),
    ("workers, certificates, training", workforce.build),
    ("volunteers", volunteers.build_people),
    ("teams", volunteers.build_teams),
    ("unit subsidies", volunteers.build_paid_work),
    ("residents", care.build_residents),
    ("projects", care.build_projects),
    ("activities, sign-ups, shifts", activities.build),
    ("hours ledger", volunteers.build_hours),
    ("hours certificates", volunteers.build_certificates),
    ("home visits", care.build_visits),
    ("cases", care.build_cases),
    ("repairs", repairs.build),
    ("room bookings", repairs.build_bookings),
    ("logins", logins),
    ("tallies (rebuild_all)", tallies),
]


def is_empty() -> bool:
    from centers.models import Center, District
    from members.models import Member
    from volunteers.models import Volunteer

    return not any(m.objects.exists() for m in (District, Center, Member, Volunteer))


def build(*, scale: float, out=print) -> list[tuple[str, float, list[tuple[str, int]]]]:
    """Build the data set in one transaction (a failed build leaves the database
    as it was); returns (step, seconds, [(table, rows)]) for each step."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The Yibin data set is made with PostgreSQL's SQL: use PostgreSQL.")
    if not is_empty():
        raise RuntimeError("The database holds records already: give an empty one.")
    ctx = Context(scale=scale)
    done = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            # Row estimates of generate_series joins are far off: JIT would spend
            # seconds compiling each statement.
            cursor.execute("SET LOCAL jit = off")
            # Foreign keys checked at each statement's end, not at commit: no
            # pending checks stand in the way of dropping them for a big table.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for label, step in STEPS:
            started = time.perf_counter()
            models = step(ctx)
            seconds = time.perf_counter() - started
            rows = [(m._meta.db_table, count(m)) for m in models]
            done.append((label, seconds, rows))
            out(f"{label:34} {seconds:7.1f} s  " + ", ".join(f"{name} {n:,}" for name, n in rows))
            if label.startswith("tallies"):
                out("    " + ", ".join(f"{app} {s:.1f} s" for app, s in ctx.rebuilt))
    return done
