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

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as day_time
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from centers.models import Center, Community, SocialOrganization
from centers.privacy import mask_id_number
from volunteers import crypto
from volunteers.identity import Gender, IdType, check_character
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
from volunteers.services.hours import confirmed_hours_refresh
from volunteers.services.registration import CONSENT_TEXT

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
AGE_REFERENCE = date(2026, 6, 30)  # ages of made-up people are drawn against this day
JIULONG_VOLUNTEERS = 20_500
TRAFFIC_VOLUNTEERS = 3_050
# Enough Caiyunhu volunteers for the troupe's six sub-teams at any DEMO_SCALE.
MIN_JIULONG = 700
MIN_TRAFFIC = 30
CENSUS_VOLUNTEERS = 31  # plus 李彬
TROUPE_PER_SUBTEAM = 10
GRASSROOTS = "草根明星志愿者服务队"
SUBTEAMS = [
    ("纠纷调解小分队", "调解邻里纠纷"),
    ("安全小分队", "社区安全巡查"),
    ("法律咨询小分队", "法律法规咨询"),
    ("时事政治宣传小分队", "时事政策宣传"),
    ("文艺演出小分队", "文艺演出"),
    ("邻里关爱小分队", "上门关爱独居老人"),
]
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
CONTENT_OF_SUBTEAM = dict(SUBTEAMS)
LOCAL_REGIONS = {"九龙坡区": "500107", "叙州区": "511521"}
OTHER_REGIONS = ["500103", "500106", "500108", "511502", "511503", "510104", "510722"]
REJECTION = "与同日另一条记录重复"


@dataclass
class Person:
    name: str
    gender: str
    birth_date: date
    id_number: str
    phone: str
    community: Community
    center: Center
    registered_on: date
    skills: list[str] = field(default_factory=list)
    status: str = Volunteer.Status.ACTIVE
    group: str = "jiulong"
    digest: str = ""


def load(*, stdout) -> None:
    started = time.monotonic()
    world = _World(scale=settings.DEMO_SCALE)
    people = world.people()
    created = _create_volunteers(people)
    by_digest = dict(
        Volunteer.objects.filter(id_number_digest__in=[p.digest for p in people]).values_list(
            "id_number_digest", "pk"
        )
    )
    teams = _teams(world, people, by_digest)
    entries = _hours(world, people, by_digest, teams)
    _census_units(world, people, by_digest)
    confirmed_hours_refresh(volunteer_ids=[by_digest[p.digest] for p in people])
    troupe_leader = next(p for p in people if p.group == "troupe")
    certificates = _certificates(world, revoked_for=troupe_leader.name)
    stdout.write(
        f"  volunteers: {Volunteer.objects.count()} volunteers ({created} new), "
        f"{ServiceHours.objects.count()} hours entries ({entries} new), "
        f"{Team.objects.count()} teams; certificates "
        f"{', '.join(certificates)} ({time.monotonic() - started:.1f} s)"
    )


class _World:
    """The places and organizations the volunteers belong to (from centers' demo)."""

    def __init__(self, *, scale: float = 1.0):
        self.jiulong_count = max(MIN_JIULONG, round(JIULONG_VOLUNTEERS * scale))
        self.traffic_count = max(MIN_TRAFFIC, round(TRAFFIC_VOLUNTEERS * scale))
        self.jiulong = Center.objects.get(name="九龙社工中心")
        self.incubator = Center.objects.get(name="叙州社会组织培育服务中心")
        self.troupe = SocialOrganization.objects.get(name="彩云湖社区艺术团")
        self.yigong = SocialOrganization.objects.get(name="宜宾市酒都义工联合会")
        communities = Community.objects.select_related("street__district")
        self.jiulong_communities = sorted(
            (c for c in communities if c.street_id == self.jiulong.street_id), key=_pk
        )
        self.nanan_communities = sorted(
            (c for c in communities if c.street_id == self.incubator.street_id), key=_pk
        )
        self.community = {c.name: c for c in communities}
        self.skills = {skill.name: skill for skill in Skill.objects.all()}
        self.today = timezone.localdate()
        # "今年7月以来" and "8月底到9月初": in the latest year in which they are past.
        self.year = (
            self.today.year if self.today >= date(self.today.year, 9, 10) else (self.today.year - 1)
        )
        self.used_ids: set[str] = set()

    def people(self) -> list[Person]:
        people = [*self._named(), *self._jiulong(), *self._traffic(), *self._census()]
        for person in people:
            person.digest = crypto.digest(IdType.RESIDENT_ID, person.id_number)
        return people

    def id_number(self, rng, birth_date: date, gender: str, region: str) -> str:
        while True:
            sequence = rng.randrange(500) * 2 + (1 if gender == Gender.MALE else 0)
            first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
            number = first17 + check_character(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def made_up(self, index: int, rng, *, community, center, group, since: date) -> Person:
        gender = Gender.FEMALE if rng.random() < 0.58 else Gender.MALE
        birth_date = _birth_date(rng)
        local = LOCAL_REGIONS[community.street.district.name]
        region = local if rng.random() < 0.75 else rng.choice(OTHER_REGIONS)
        registered_on = since + timedelta(days=rng.randrange(max(1, (self.today - since).days)))
        # Nobody registers before 14 (DOMAIN.md): a young volunteer joined later.
        past_fourteen = birth_date + timedelta(days=14 * 366)
        registered_on = min(max(registered_on, past_fourteen), self.today)
        person = Person(
            name=f"{SURNAMES[index % len(SURNAMES)]}某{index:05d}",
            gender=gender,
            birth_date=birth_date,
            id_number=self.id_number(rng, birth_date, gender, region),
            phone=f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
            community=community,
            center=center,
            registered_on=registered_on,
            group=group,
        )
        roll = rng.random()
        if registered_on > self.today - timedelta(days=20) and roll < 0.5:
            person.status = Volunteer.Status.APPLIED
        elif roll < 0.01:
            person.status = Volunteer.Status.LEFT
        elif roll < 0.015:
            person.status = Volunteer.Status.SUSPENDED
        return person

    def _named(self) -> list[Person]:
        return [
            Person(
                name="张杰",
                gender=Gender.MALE,
                birth_date=date(1945, 3, 2),
                id_number=self._fixed_id("500107", date(1945, 3, 2), "031"),
                phone="13908300081",
                community=self.community["广厦城社区"],
                center=self.jiulong,
                registered_on=date(2019, 2, 8),
                skills=["音乐创作", "文艺表演", "摄影摄像"],
                group="zhang_jie",
            ),
            Person(
                name="罗新",
                gender=Gender.FEMALE,
                birth_date=date(1966, 8, 14),
                id_number=self._fixed_id("511521", date(1966, 8, 14), "046"),
                phone="13908310923",
                community=self.community["金鱼社区"],
                center=self.incubator,
                registered_on=date(self.year, 6, 28),
                skills=["交通劝导"],
                group="luo_xin",
            ),
            Person(
                name="李彬",
                gender=Gender.FEMALE,
                birth_date=date(1988, 11, 5),
                id_number=self._fixed_id("511502", date(1988, 11, 5), "128"),
                phone="13908311130",
                community=self.community["金鱼社区"],
                center=self.incubator,
                registered_on=date(2018, 5, 12),
                skills=["信息核查", "电脑网络"],
                group="li_bin",
            ),
        ]

    def _fixed_id(self, region: str, birth_date: date, sequence: str) -> str:
        first17 = f"{region}{birth_date:%Y%m%d}{sequence}"
        number = first17 + check_character(first17)
        self.used_ids.add(number)
        return number

    def _jiulong(self) -> list[Person]:
        people = []
        skills = list(self.skills)
        for index in range(1, self.jiulong_count + 1):
            rng = random.Random(f"jiulong-{index}")
            community = self.jiulong_communities[index % len(self.jiulong_communities)]
            person = self.made_up(
                index,
                rng,
                community=community,
                center=self.jiulong,
                group="jiulong",
                since=date(2019, 4, 1),
            )
            person.skills = rng.sample(skills, rng.choice([0, 1, 1, 2, 3]))
            people.append(person)
        # The art troupe's people: the first of Caiyunhu's volunteers.
        caiyunhu = [p for p in people if p.community.name == "彩云湖社区"]
        for person in caiyunhu[: TROUPE_PER_SUBTEAM * len(SUBTEAMS) + 1]:
            person.group = "troupe"
            person.status = Volunteer.Status.ACTIVE
            person.registered_on = min(person.registered_on, date(2019, 4, 1))
            person.skills = sorted({*person.skills, "文艺表演"})
        return people

    def _traffic(self) -> list[Person]:
        people = []
        for number in range(1, self.traffic_count + 1):
            index = JIULONG_VOLUNTEERS + number
            rng = random.Random(f"traffic-{number}")
            person = self.made_up(
                index,
                rng,
                community=self.nanan_communities[number % len(self.nanan_communities)],
                center=self.incubator,
                group="traffic",
                since=date(self.year, 6, 1),
            )
            person.registered_on = min(person.registered_on, date(self.year, 6, 30))
            person.status = Volunteer.Status.ACTIVE
            person.skills = ["交通劝导"]
            people.append(person)
        return people

    def _census(self) -> list[Person]:
        people = []
        for number in range(1, CENSUS_VOLUNTEERS + 1):
            index = JIULONG_VOLUNTEERS + TRAFFIC_VOLUNTEERS + number
            rng = random.Random(f"census-{number}")
            person = self.made_up(
                index,
                rng,
                community=self.nanan_communities[number % len(self.nanan_communities)],
                center=self.incubator,
                group="census",
                since=date(2017, 1, 1),
            )
            person.registered_on = min(person.registered_on, date(self.year, 8, 1))
            person.status = Volunteer.Status.ACTIVE
            person.skills = ["信息核查"]
            people.append(person)
        return people


def _pk(obj):
    return obj.pk


def _birth_date(rng) -> date:
    """Volunteers' ages, most between 25 and 70; a few 14–17 (with a guardian)."""
    bucket = rng.choices(
        [(14, 17), (18, 30), (31, 45), (46, 60), (61, 75), (76, 85)],
        weights=[1, 22, 25, 27, 22, 3],
    )[0]
    age = rng.randint(*bucket)
    return AGE_REFERENCE - timedelta(days=age * 365 + rng.randrange(365) + age // 4)


# --- Writing ----------------------------------------------------------------------


def _create_volunteers(people: list[Person]) -> int:
    existing = set()
    digests = [p.digest for p in people]
    for start in range(0, len(digests), 2000):
        existing.update(
            Volunteer.objects.filter(
                id_number_digest__in=digests[start : start + 2000]
            ).values_list("id_number_digest", flat=True)
        )
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


def _teams(world: _World, people: list[Person], ids: dict) -> dict:
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
    plan.append((grassroots, troupe[0], TeamMembership.Role.LEADER, date(2017, 3, 1)))
    for number, (name, _content) in enumerate(SUBTEAMS):
        members = troupe[1 + number * TROUPE_PER_SUBTEAM : 1 + (number + 1) * TROUPE_PER_SUBTEAM]
        for position, person in enumerate(members):
            role = TeamMembership.Role.LEADER if position == 0 else TeamMembership.Role.MEMBER
            plan.append((subteams[name], person, role, date(2017, 3, 1)))
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
    return {"grassroots": grassroots, "subteams": subteams, "traffic": traffic}


def _hours(world: _World, people: list[Person], ids: dict, teams: dict) -> int:
    """A ledger over the years: light, regular, committed and core volunteers,
    the grassroots-star team's first Fridays, Zhang Jie's busy weeks, the traffic
    volunteers' shifts since July and the census fortnight."""
    have = set(ServiceHours.objects.values_list("volunteer_id", flat=True).distinct())
    entries = []
    for person in people:
        pk = ids[person.digest]
        if pk in have or person.status == Volunteer.Status.APPLIED:
            continue
        rng = random.Random(f"hours-{person.digest}")
        end = min(world.today, person_end(person))
        for served_on, hours, content, activity in _plan(world, person, rng, end):
            entries.append(
                _entry(world, rng, pk, person.center, served_on, hours, content, activity)
            )
    bulk_create_with_history(entries, ServiceHours, batch_size=5000)
    return len(entries)


def person_end(person: Person) -> date:
    """The last day a volunteer served: a year or so after joining for those who left."""
    if person.status == Volunteer.Status.LEFT:
        return min(person.registered_on + timedelta(days=400), AGE_REFERENCE)
    return date.max


def _plan(world: _World, person: Person, rng, end: date):
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
        shifts = 1.0 if person.group == "luo_xin" else rng.uniform(0.01, 0.02)
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
    (110, (2, 5), (2, 4)),
    (30, (8, 15), (3, 6)),
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


def _census_units(world: _World, people: list[Person], ids: dict) -> None:
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


def _certificates(world: _World, *, revoked_for: str) -> list[str]:
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
