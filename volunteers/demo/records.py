"""The demo's records: volunteers, teams, the hours ledger, units, certificates."""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as day_time
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from centers.privacy import mask_id_number
from volunteers import crypto
from volunteers.demo.people import AGE_REFERENCE, SUBTEAMS, TROUPE_PER_SUBTEAM, Person, World
from volunteers.identity import IdType
from volunteers.models import (
    HoursCertificate,
    PaidWorkItem,
    PaidWorkUnits,
    ServiceHours,
    Skill,
    Team,
    TeamMembership,
    Volunteer,
    volunteer_numbers,
)
from volunteers.services.certificates import certificate_issue
from volunteers.services.registration import CONSENT_TEXT

GRASSROOTS = "草根明星志愿者服务队"
JIULONG_WORK = [
    "社区环境整治",
    "上门关爱独居老人",
    "文明劝导",
    "社区安全巡逻",
    "政策宣传",
    "垃圾分类指导",
    "防诈骗知识宣传",
    "图书室值守",
    "便民服务（量血压）",
    "义务理发",
    "邻里纠纷调解",
    "文艺汇演服务",
]
REJECTION = "与同日另一条记录重复"


def volunteer_ids(people: list[Person]) -> dict[str, int]:
    """The primary keys of those people already registered, by the hash of their ID."""
    digests = [p.digest for p in people]
    ids = {}
    for start in range(0, len(digests), 2000):
        ids.update(
            Volunteer.objects.filter(
                id_number_digest__in=digests[start : start + 2000]
            ).values_list("id_number_digest", "pk")
        )
    return ids


def create_volunteers(people: list[Person]) -> int:
    """Register those not registered yet (only they are encrypted)."""
    existing = volunteer_ids(people)
    missing = sorted((p for p in people if p.digest not in existing), key=lambda p: p.registered_on)
    if not missing:
        return 0
    by_year = defaultdict(list)
    for person in missing:
        by_year[person.registered_on.year].append(person)
    consent_text = str(CONSENT_TEXT)
    tz = timezone.get_current_timezone()
    volunteers = []
    for year, group in sorted(by_year.items()):
        for person, number in zip(group, volunteer_numbers(len(group), year=year), strict=True):
            registered = datetime.combine(person.registered_on, day_time(10), tzinfo=tz)
            minor = (person.registered_on - person.birth_date).days < 18 * 365
            volunteer = Volunteer(
                volunteer_no=number,
                name=person.name,
                gender=person.gender,
                birth_date=person.birth_date,
                phone=person.phone,
                community=person.community,
                center=person.center,
                consent_source=Volunteer.ConsentSource.PAPER,
                consent_at=registered,
                consent_text=consent_text,
                status=person.status,
                status_reason="长期未参加活动，暂停" if person.status == "suspended" else "",
                registered_on=None if person.status == "applied" else person.registered_on,
                left_on=person_end(person) if person.status == "left" else None,
                guardian_name=f"{person.name[0]}某（监护人）" if minor else "",
                guardian_phone="13800000000" if minor else "",
                guardian_consent_at=registered if minor else None,
                **_availability(person),
            )
            volunteer.id_type = IdType.RESIDENT_ID
            volunteer.id_number_sealed = crypto.seal(person.id_number)
            volunteer.id_number_digest = person.digest
            volunteer.id_number_masked = mask_id_number(person.id_number)
            volunteers.append(volunteer)
    created = bulk_create_with_history(volunteers, Volunteer, batch_size=2000)
    skills = Skill.objects.in_bulk(field_name="name")
    missing_by_digest = {p.digest: p for p in missing}
    Volunteer.skills.through.objects.bulk_create(
        [
            Volunteer.skills.through(volunteer_id=volunteer.pk, skill_id=skills[name].pk)
            for volunteer in created
            for name in missing_by_digest[volunteer.id_number_digest].skills
        ],
        batch_size=5000,
    )
    return len(created)


def _availability(person: Person) -> dict:
    rng = random.Random(person.digest)
    retired = (AGE_REFERENCE - person.birth_date).days > 60 * 365
    return {
        "weekday_mornings": retired or rng.random() < 0.2,
        "weekday_afternoons": retired or rng.random() < 0.2,
        "weekday_evenings": rng.random() < 0.4,
        "weekends": rng.random() < 0.7,
    }


def _team(name: str, **fields) -> Team:
    parent = fields.get("parent")
    team, _created = Team.objects.get_or_create(name=name, parent=parent, defaults=fields)
    return team


def teams(world: World, people: list[Person], ids: dict) -> None:
    grassroots = _team(
        GRASSROOTS,
        organization=world.troupe,
        description="以彩云湖社区艺术团骨干成员为主体组建，下设六支小分队。",
        serves="每月第一个周五上午",
        founded_on=date(2017, 3, 1),
    )
    subteams = {
        name: _team(
            name,
            parent=grassroots,
            organization=world.troupe,
            description=content,
            serves="每月第一个周五上午",
            founded_on=date(2017, 3, 1),
        )
        for name, content in SUBTEAMS
    }
    traffic = _team(
        "交通文明劝导志愿服务队",
        organization=world.yigong,
        description="在宜宾市区各社区交通路口维护人行道交通秩序。",
        serves="每天早晚高峰",
        founded_on=date(world.year, 7, 1),
    )
    census = _team(
        "人口普查入户信息核实志愿者队",
        organization=world.yigong,
        description="承接政府购买服务，入户核实人口普查信息，每核查1人补贴1元。",
        founded_on=date(world.year, 8, 20),
    )
    plan = []  # (team, person, role, joined_on)
    troupe = [p for p in people if p.group == "troupe"]
    founded = grassroots.founded_on
    plan.append((grassroots, troupe[0], "leader", max(founded, troupe[0].registered_on)))
    for number, (name, _content) in enumerate(SUBTEAMS):
        members = troupe[1 + number * TROUPE_PER_SUBTEAM : 1 + (number + 1) * TROUPE_PER_SUBTEAM]
        for position, person in enumerate(members):
            role = TeamMembership.Role.LEADER if position == 0 else TeamMembership.Role.MEMBER
            plan.append((subteams[name], person, role, max(founded, person.registered_on)))
    zhang_jie = next(p for p in people if p.group == "zhang_jie")
    plan.append(
        (subteams["时事政治宣传小分队"], zhang_jie, TeamMembership.Role.MEMBER, date(2019, 2, 8))
    )
    for person in people:
        if person.group in ("traffic", "luo_xin"):
            plan.append((traffic, person, TeamMembership.Role.MEMBER, date(world.year, 7, 1)))
        elif person.group in ("census", "li_bin"):
            role = TeamMembership.Role.LEADER if person.group == "li_bin" else "member"
            plan.append((census, person, role, date(world.year, 8, 20)))
    have = set(TeamMembership.objects.values_list("team_id", "volunteer_id"))
    bulk_create_with_history(
        [
            TeamMembership(team=team, volunteer_id=ids[person.digest], role=role, joined_on=joined)
            for team, person, role, joined in plan
            if (team.pk, ids[person.digest]) not in have
        ],
        TeamMembership,
        batch_size=2000,
    )


# The team an activity's hours were served with.
TEAM_OF_ACTIVITY = {
    "草根明星每月第一个周五上午为民服务": GRASSROOTS,
    "交通文明劝导": "交通文明劝导志愿服务队",
    "人口普查入户信息核实": "人口普查入户信息核实志愿者队",
}


def hours(world: World, people: list[Person], ids: dict) -> int:
    """A ledger over the years: light, regular, committed and core volunteers,
    the grassroots-star team's first Fridays, Zhang Jie's busy weeks, the traffic
    volunteers' shifts since July and the census fortnight."""
    have = set(ServiceHours.objects.values_list("volunteer_id", flat=True).distinct())
    teams = dict(Team.objects.values_list("name", "pk"))
    team_of = {activity: teams.get(name) for activity, name in TEAM_OF_ACTIVITY.items()}
    entries = []
    for person in people:
        pk = ids[person.digest]
        if pk in have or person.status == Volunteer.Status.APPLIED:
            continue
        rng = random.Random(f"hours-{person.digest}")
        end = min(world.today, person_end(person))
        for served_on, hours, content, activity in _plan(world, person, rng, end):
            entry = _entry(world, rng, pk, person.center, served_on, hours, content, activity)
            entry.community = person.community
            entry.team_id = team_of.get(activity)
            entries.append(entry)
    bulk_create_with_history(entries, ServiceHours, batch_size=5000)
    return len(entries)


def person_end(person: Person) -> date:
    """The last day a volunteer served: a year or so after joining for those who left."""
    if person.status == Volunteer.Status.LEFT:
        return min(person.registered_on + timedelta(days=400), AGE_REFERENCE)
    return date.max


def _plan(world: World, person: Person, rng, end: date):
    start = person.registered_on
    if person.group == "zhang_jie":
        # Composing, arranging for the dance teams, helping with videos: three
        # sessions a week.
        for served_on in _days(start, end, step=7, offsets=(0, 2, 4)):
            yield (
                served_on,
                Decimal(3),
                rng.choice(["为社区舞队编曲", "创作宣传歌曲", "视频制作指导"]),
                "",
            )
        yield from _first_fridays(start, end, "时事政策宣传")
        return
    if person.group == "troupe":
        yield from _first_fridays(max(start, date(2017, 3, 1)), end, "为民服务")
        return
    if person.group in ("traffic", "luo_xin"):
        shifts = 1.0 if person.group == "luo_xin" else rng.uniform(0.008, 0.015)
        for served_on in _days(date(world.year, 7, 1), end, step=1):
            if rng.random() < shifts:
                yield served_on, Decimal("2.5"), "路口人行道交通秩序维护", "交通文明劝导"
        return
    if person.group in ("census", "li_bin"):
        for served_on in _days(date(world.year, 8, 25), min(end, date(world.year, 9, 8)), step=1):
            yield served_on, Decimal(6), "人口普查入户信息核实", "人口普查入户信息核实"
        return
    count, low, high = _activity_level(rng)
    span = (end - start).days
    if span <= 0:
        return
    for offset in sorted(rng.sample(range(span), min(count, span))):
        yield (
            start + timedelta(days=offset),
            Decimal(rng.randint(low * 2, high * 2)) / 2,
            rng.choice(JIULONG_WORK),
            "",
        )


# How much Jiulong's volunteers serve: (share in 1000, entries, hours per entry).
# Most registered volunteers serve now and then; a few core volunteers serve
# often and long enough to reach the star levels.
ACTIVITY_LEVELS = [
    (850, (0, 1), (2, 4)),
    (110, (2, 4), (2, 4)),
    (30, (8, 12), (3, 6)),
    (9, (25, 40), (6, 8)),
    (1, (100, 150), (7, 8)),
]


def _activity_level(rng) -> tuple[int, int, int]:
    shares = [share for share, _entries, _hours in ACTIVITY_LEVELS]
    _share, entries, hours = rng.choices(ACTIVITY_LEVELS, weights=shares)[0]
    return rng.randint(*entries), *hours


def _days(start: date, end: date, *, step: int, offsets=(0,)):
    day = start
    while day <= end:
        for offset in offsets:
            if day + timedelta(days=offset) <= end:
                yield day + timedelta(days=offset)
        day += timedelta(days=step)


def _first_fridays(start: date, end: date, content: str):
    """每月第一个周五的上午: 3 hours on the first Friday of each month."""
    month = date(start.year, start.month, 1)
    while month <= end:
        friday = month + timedelta(days=(4 - month.weekday()) % 7)
        if start <= friday <= end:
            yield friday, Decimal(3), content, "草根明星每月第一个周五上午为民服务"
        month = (month + timedelta(days=32)).replace(day=1)


def _entry(world, rng, pk, center, served_on, hours, content, activity) -> ServiceHours:
    """Entries of the last two weeks wait for confirmation; 1 in 100 was rejected."""
    tz = timezone.get_current_timezone()
    decided = datetime.combine(served_on + timedelta(days=3), day_time(16), tzinfo=tz)
    if served_on > world.today - timedelta(days=14):
        status, decided = ServiceHours.Status.RECORDED, None
    elif rng.random() < 0.01:
        status = ServiceHours.Status.REJECTED
    else:
        status = ServiceHours.Status.CONFIRMED
    return ServiceHours(
        volunteer_id=pk,
        center=center,
        served_on=served_on,
        hours=hours,
        content=content,
        activity=activity,
        status=status,
        rejection_reason=REJECTION if status == ServiceHours.Status.REJECTED else "",
        confirmed_at=decided,
    )


def census_units(world: World, people: list[Person], ids: dict) -> None:
    """人口普查入户信息核实, 1 yuan for each person verified; the first week is paid."""
    item, _created = PaidWorkItem.objects.get_or_create(
        center=world.incubator,
        name="人口普查入户信息核实",
        defaults={
            "organization": world.yigong,
            "unit": "人",
            "unit_price": Decimal("1.00"),
            "starts_on": date(world.year, 8, 25),
            "ends_on": date(world.year, 9, 8),
            "description": "政府向义工组织购买服务：志愿者每完成1人的信息核查，补贴1元。",
        },
    )
    have = set(PaidWorkUnits.objects.filter(item=item).values_list("volunteer_id", "worked_on"))
    paid_until = item.starts_on + timedelta(days=6)
    units = []
    for person in people:
        if person.group not in ("census", "li_bin"):
            continue
        rng = random.Random(f"census-units-{person.digest}")
        for worked_on in _days(item.starts_on, item.ends_on, step=1):
            if (ids[person.digest], worked_on) in have:
                continue
            units.append(
                PaidWorkUnits(
                    item=item,
                    volunteer_id=ids[person.digest],
                    worked_on=worked_on,
                    units=rng.randint(45, 70) if person.group == "li_bin" else rng.randint(15, 50),
                    paid_on=paid_until + timedelta(days=3) if worked_on <= paid_until else None,
                )
            )
    bulk_create_with_history(units, PaidWorkUnits, batch_size=2000)


def certificates(world: World, *, revoked_for: str) -> list[str]:
    """Zhang Jie's for last year, Luo Xin's since July, and a revoked one."""
    last_year = world.today.year - 1
    wanted = [
        ("张杰", world.jiulong, date(last_year, 1, 1), date(last_year, 12, 31), ""),
        (
            "罗新",
            world.incubator,
            date(world.year, 7, 1),
            min(world.today, date(world.year, 9, 30)),
            "",
        ),
        (
            revoked_for,
            world.jiulong,
            date(2019, 4, 1),
            date(last_year, 12, 31),
            "填写有误，已重新出具",
        ),
    ]
    numbers = []
    for name, center, start, end, revoked in wanted:
        volunteer = Volunteer.objects.filter(name=name, center=center).first()
        if volunteer is None:
            continue
        certificate = HoursCertificate.objects.filter(
            volunteer=volunteer, center=center, period_start=start, period_end=end
        ).first()
        if certificate is None:
            has_hours = ServiceHours.objects.confirmed().filter(
                volunteer=volunteer, center=center, served_on__range=(start, end)
            )
            if not has_hours.exists():
                continue
            certificate = certificate_issue(
                certificate=HoursCertificate(
                    volunteer=volunteer,
                    center=center,
                    period_start=start,
                    period_end=end,
                    content="",
                ),
                user=None,
            )
            if revoked:
                certificate.revoked_at = timezone.now()
                certificate.revocation_reason = revoked
                certificate.save(update_fields=["revoked_at", "revocation_reason"])
        numbers.append(f"{certificate.number} ({name}{', revoked' if revoked else ''})")
    return numbers
