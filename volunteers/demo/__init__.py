"""The article's world, part 3: volunteers.

Jiulong's 20,000+ registered volunteers across its ten communities, the
Caiyunhu art troupe's grassroots-star team (草根明星志愿者服务队) and its six
sub-teams, Zhang Jie (81, 广厦城社区) in its current-affairs sub-team, Yibin's
3,000+ traffic volunteers with 罗新 among them, the 30+ census volunteers with
李彬, paid 1 yuan per person verified, a ledger of service hours over the
years, and a few certificates (one revoked).

Everyone but the people the article names has a plainly made-up name
("王某00001") and a made-up but well-formed ID number. Idempotent: volunteers
are found by the keyed hash of their ID number, and only what is missing is
made (and only that is encrypted). Ages are computed against a fixed day, so a
run on another day finds the same people.
"""

import time

from django.conf import settings

from volunteers.demo import records
from volunteers.demo.people import World
from volunteers.models import ServiceHours, Team, Volunteer
from volunteers.services.hours import confirmed_hours_refresh


def load(*, stdout) -> None:
    started = time.monotonic()
    world = World(scale=settings.DEMO_SCALE)
    people = world.people()
    created = records.create_volunteers(people)
    by_digest = records.volunteer_ids(people)
    records.teams(world, people, by_digest)
    entries = records.hours(world, people, by_digest)
    records.census_units(world, people, by_digest)
    confirmed_hours_refresh(volunteer_ids=[by_digest[p.digest] for p in people])
    troupe_leader = next(p for p in people if p.group == "troupe")
    certificates = records.certificates(world, revoked_for=troupe_leader.name)
    stdout.write(
        f"  volunteers: {Volunteer.objects.count()} volunteers ({created} new), "
        f"{ServiceHours.objects.count()} hours entries ({entries} new), "
        f"{Team.objects.count()} teams; certificates "
        f"{', '.join(certificates)} ({time.monotonic() - started:.1f} s)"
    )
