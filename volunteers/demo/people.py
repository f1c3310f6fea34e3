"""The demo's people: who they are, where they live, their made-up IDs."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from centers.models import Center, Community, SocialOrganization
from volunteers import crypto
from volunteers.identity import Gender, IdType, check_character
from volunteers.models import Skill, Volunteer

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
AGE_REFERENCE = date(2026, 6, 30)  # ages of made-up people are drawn against this day
JIULONG_VOLUNTEERS = 20_500
TRAFFIC_VOLUNTEERS = 3_050
# Enough Caiyunhu volunteers for the troupe's six sub-teams at any DEMO_SCALE.
MIN_JIULONG = 700
MIN_TRAFFIC = 30
CENSUS_VOLUNTEERS = 31  # plus 李彬
TROUPE_PER_SUBTEAM = 10
SUBTEAMS = [
    ("纠纷调解小分队", "调解邻里纠纷"),
    ("安全小分队", "社区安全巡查"),
    ("法律咨询小分队", "法律法规咨询"),
    ("时事政治宣传小分队", "时事政策宣传"),
    ("文艺演出小分队", "文艺演出"),
    ("邻里关爱小分队", "上门关爱独居老人"),
]
LOCAL_REGIONS = {"九龙坡区": "500107", "叙州区": "511521"}
OTHER_REGIONS = ["500103", "500106", "500108", "511502", "511503", "510104", "510722"]


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


class World:
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
        return self._group(
            "traffic",
            self.traffic_count,
            offset=JIULONG_VOLUNTEERS,
            since=date(self.year, 6, 1),
            until=date(self.year, 6, 30),
            skills=["交通劝导"],
        )

    def _census(self) -> list[Person]:
        return self._group(
            "census",
            CENSUS_VOLUNTEERS,
            offset=JIULONG_VOLUNTEERS + TRAFFIC_VOLUNTEERS,
            since=date(2017, 1, 1),
            until=date(self.year, 8, 1),
            skills=["信息核查"],
        )

    def _group(self, group, count, *, offset, since, until, skills) -> list[Person]:
        """Made-up volunteers of 宜宾市酒都义工联合会, kept by the incubator."""
        people = []
        for number in range(1, count + 1):
            person = self.made_up(
                offset + number,
                random.Random(f"{group}-{number}"),
                community=self.nanan_communities[number % len(self.nanan_communities)],
                center=self.incubator,
                group=group,
                since=since,
            )
            person.registered_on = min(person.registered_on, until)
            person.status = Volunteer.Status.ACTIVE
            person.skills = skills
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
