"""Service projects: Jiulong's 41 city and district social-work projects
("累计实施市、区级社会工作项目41个") and the Xuzhou incubator's 7 packaged and 4
introduced projects, 9 of them landed, covering 72 communities and reaching
30,000+ people ("成功包装社会服务项目7个，引进成熟项目4个，其中9个项目已落地。这些
服务项目直接覆盖72个社区，惠及3万人以上").

Jiulong's projects are bought by the city's and the district's bureaus from the
organizations hosted at its center, one or two years each, renewed over the
years since 2014; those still running are landed, the others closed, each with
its deliverables (accepted once due, the last ones of a running project still
open) and expenses. The Xuzhou incubator's projects started after it opened in
April 2020 (the traffic and census projects in the year the volunteers demo puts
them in), two are still being prepared; the census project pays 1 yuan a record
through the volunteers demo's paid work item.

Idempotent: a project found by its center and name is left as it is.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from centers.models import Center, Community, SocialOrganization
from services.demo.common import rng_for, today
from services.models import (
    ProjectDeliverable,
    ProjectExpense,
    ProjectLevel,
    ProjectOrigin,
    ProjectOutput,
    ProjectStatus,
    ServiceProject,
    TargetGroup,
)
from services.services.residents import with_main_groups
from volunteers.models import PaidWorkItem


@dataclass(frozen=True)
class Theme:
    """A project bought again and again: one project per start year."""

    stem: str
    level: str
    purchaser: str
    contractor: str
    groups: tuple[str, ...]
    years: tuple[int, ...]
    months: int  # how long each runs
    budget: tuple[int, int]  # in thousands of yuan
    reach: tuple[int, int]  # people to reach


DISTRICT, CITY = ProjectLevel.DISTRICT, ProjectLevel.CITY
JIULONG_THEMES = [
    Theme(
        "独居老人关爱服务项目",
        DISTRICT,
        "九龙坡区民政局",
        "九龙坡区夕阳红养老服务中心",
        ("elderly_alone",),
        (2014, 2016, 2018, 2020, 2022, 2024, 2026),
        24,
        (120, 260),
        (150, 400),
    ),
    Theme(
        "社区矫正对象社会工作服务项目",
        DISTRICT,
        "九龙坡区司法局",
        "九龙坡区阳光矫正社会工作服务社",
        ("community_corrections",),
        (2015, 2018, 2021, 2024),
        12,
        (80, 150),
        (30, 80),
    ),
    Theme(
        "残疾人社区康复服务项目",
        DISTRICT,
        "九龙坡区残疾人联合会",
        "九龙坡区同心残疾人服务中心",
        ("disabled",),
        (2014, 2017, 2020, 2023, 2026),
        12,
        (90, 180),
        (60, 200),
    ),
    Theme(
        "“四点半课堂”儿童托管服务项目",
        DISTRICT,
        "共青团九龙坡区委",
        "九龙坡区童心儿童服务中心",
        ("children", "left_behind"),
        (2016, 2019, 2022, 2025),
        16,
        (100, 200),
        (120, 300),
    ),
    Theme(
        "社区心理健康服务项目",
        DISTRICT,
        "九龙坡区卫生健康委员会",
        "九龙坡区心桥心理咨询服务中心",
        (),
        (2015, 2018, 2021, 2024),
        12,
        (80, 160),
        (300, 800),
    ),
    Theme(
        "邻里纠纷调解服务项目",
        DISTRICT,
        "九龙坡区司法局",
        "九龙坡区和睦调解服务中心",
        (),
        (2016, 2020, 2024),
        12,
        (60, 120),
        (200, 500),
    ),
    Theme(
        "社区志愿服务能力建设项目",
        DISTRICT,
        "九龙坡区民政局",
        "九龙坡区邻里守望志愿者协会",
        (),
        (2017, 2021, 2025),
        24,
        (100, 220),
        (800, 2000),
    ),
    Theme(
        "乐龄学堂老年教育项目",
        DISTRICT,
        "九龙坡区教育委员会",
        "九龙坡区乐龄社会工作服务社",
        ("elderly",),
        (2019, 2023),
        12,
        (60, 120),
        (200, 500),
    ),
    Theme(
        "困境儿童关爱保护项目",
        CITY,
        "重庆市民政局",
        "重庆市向日葵青少年服务中心",
        ("children_in_hardship",),
        (2015, 2019, 2023),
        24,
        (300, 600),
        (80, 200),
    ),
    Theme(
        "社会救助对象“一户一策”帮扶项目",
        CITY,
        "重庆市民政局",
        "重庆市暖阳社会救助服务中心",
        ("social_assistance", "families_in_hardship"),
        (2018, 2022, 2026),
        24,
        (300, 700),
        (150, 400),
    ),
    Theme(
        "城市社区“三社联动”示范项目",
        CITY,
        "重庆市民政局",
        "九龙坡区启航社会工作服务中心",
        (),
        (2014,),
        24,
        (500, 800),
        (2000, 5000),
    ),
    Theme(
        "社区社会组织孵化培育项目",
        CITY,
        "重庆市民政局",
        "重庆市共享公益发展中心",
        (),
        (2019,),
        24,
        (400, 600),
        (500, 1500),
    ),
    Theme(
        "长者健康促进项目",
        CITY,
        "重庆市卫生健康委员会",
        "重庆市安康社区服务中心",
        ("elderly",),
        (2025,),
        24,
        (300, 500),
        (600, 1500),
    ),
]
JIULONG_PROJECTS = 41
# The projects that have activities of their own (see activities.py).
HOMEWORK_CLUB_PROJECT = "九龙街道“四点半课堂”儿童托管服务项目（2025—2026年度）"
SMARTPHONE_PROJECT = "九龙街道乐龄学堂老年教育项目（2023年度）"
EXPENSES = ["人员经费", "活动物资", "专业督导", "宣传印刷", "场地布置", "培训费用"]


@dataclass(frozen=True)
class Xuzhou:
    name: str
    level: str
    origin: str
    status: str
    purchaser: str
    contractor: str
    starts_on: date
    ends_on: date | None
    budget: int  # yuan
    reach: int
    communities: slice  # of the street's 72, in order
    groups: tuple[str, ...] = ()
    description: str = ""


CENSUS_PROJECT = "人口普查入户信息核实服务项目"
TRAFFIC_PROJECT = "文明城市创建交通文明劝导志愿服务项目"


def _xuzhou_projects(census_item: PaidWorkItem | None) -> list[Xuzhou]:
    census_year = census_item.starts_on.year if census_item else today().year
    packaged, introduced = ProjectOrigin.PACKAGED, ProjectOrigin.INTRODUCED
    landed, preparing = ProjectStatus.LANDED, ProjectStatus.PREPARING
    # Still being prepared: to start this month.
    soon = today().replace(day=1)
    return [
        Xuzhou(
            CENSUS_PROJECT,
            DISTRICT,
            packaged,
            landed,
            "叙州区统计局",
            "宜宾市酒都义工联合会",
            date(census_year, 8, 1),
            date(census_year, 12, 31),
            30_000,
            15_000,
            slice(0, 40),
            description="政府向义工组织购买服务：志愿者入户核实人口普查信息，每核查1人补贴1元。",
        ),
        Xuzhou(
            TRAFFIC_PROJECT,
            CITY,
            packaged,
            landed,
            "宜宾市精神文明建设委员会办公室",
            "宜宾市酒都义工联合会",
            date(census_year, 7, 1),
            None,
            120_000,
            6_000,
            slice(40, 72),
            description="志愿者分赴各社区交通路口，义务维护人行道交通秩序。",
        ),
        Xuzhou(
            "童萌亲子园社区亲子服务项目",
            DISTRICT,
            packaged,
            landed,
            "叙州区妇女联合会",
            "叙州区童萌亲子服务中心",
            date(2020, 6, 1),
            None,
            80_000,
            800,
            slice(0, 6),
            ("children",),
        ),
        Xuzhou(
            "南岸街道独居老人关爱项目",
            DISTRICT,
            packaged,
            landed,
            "叙州区民政局",
            "叙州区南岸养老服务中心",
            date(2020, 7, 1),
            None,
            150_000,
            1_200,
            slice(0, 12),
            ("elderly_alone",),
        ),
        Xuzhou(
            "社区矛盾纠纷多元化解项目",
            DISTRICT,
            packaged,
            landed,
            "叙州区司法局",
            "叙州区和谐调解服务中心",
            date(2020, 8, 1),
            None,
            100_000,
            2_500,
            slice(10, 25),
        ),
        Xuzhou(
            "城乡经济产品直通车便民项目",
            DISTRICT,
            packaged,
            landed,
            "叙州区商务局",
            "叙州区城乡经济发展促进会",
            date(2020, 9, 1),
            None,
            60_000,
            3_000,
            slice(0, 10),
        ),
        Xuzhou(
            "青少年成长护航项目",
            DISTRICT,
            packaged,
            preparing,
            "共青团叙州区委",
            "叙州区青少年成长服务中心",
            soon,
            None,
            90_000,
            600,
            slice(0, 8),
            ("youth",),
        ),
        Xuzhou(
            "心晴社区心理服务项目",
            DISTRICT,
            introduced,
            landed,
            "叙州区卫生健康局",
            "叙州区心晴心理服务中心",
            date(2020, 7, 15),
            None,
            110_000,
            900,
            slice(20, 28),
        ),
        Xuzhou(
            "阳光助残社区康复项目",
            DISTRICT,
            introduced,
            landed,
            "叙州区残疾人联合会",
            "叙州区阳光助残服务中心",
            date(2020, 6, 15),
            None,
            95_000,
            600,
            slice(28, 38),
            ("disabled",),
        ),
        Xuzhou(
            "“社工之家”社区社工人才培育项目",
            DISTRICT,
            introduced,
            landed,
            "叙州区民政局",
            "叙州区社工之家服务中心",
            date(2020, 5, 20),
            None,
            130_000,
            400,
            slice(0, 72),
            description="为各社区的社区工作者提供社会工作专业培训与督导。",
        ),
        Xuzhou(
            "慈善助学项目",
            DISTRICT,
            introduced,
            preparing,
            "叙州区慈善总会",
            "叙州区慈善助学基金会",
            soon,
            None,
            200_000,
            300,
            slice(0, 20),
            ("children_in_hardship",),
        ),
    ]


def load(*, stdout) -> None:
    jiulong = Center.objects.get(name="九龙社工中心")
    incubator = Center.objects.get(name="叙州社会组织培育服务中心")
    groups = {group.code: group for group in TargetGroup.objects.all()}
    organizations = {org.name: org for org in SocialOrganization.objects.all()}
    have = set(ServiceProject.objects.values_list("center", "name"))
    made = []
    communities = list(Community.objects.filter(street=jiulong.street).order_by("pk"))
    for plan in _jiulong_plans():
        if (jiulong.pk, plan["name"]) not in have:
            made.append(_project(jiulong, plan, communities, groups, organizations))
    census_item = PaidWorkItem.objects.filter(center=incubator, name="人口普查入户信息核实").first()
    communities = list(Community.objects.filter(street=incubator.street).order_by("pk"))
    for spec in _xuzhou_projects(census_item):
        if (incubator.pk, spec.name) not in have:
            plan = _xuzhou_plan(spec, communities)
            made.append(_project(incubator, plan, communities, groups, organizations))
    _deliverables_and_expenses(made)
    if census_item and not ProjectOutput.objects.filter(item=census_item).exists():
        output = ProjectOutput(
            project=ServiceProject.objects.get(center=incubator, name=CENSUS_PROJECT),
            item=census_item,
            target_units=15_000,
        )
        output.full_clean()
        output.save()
    kept = ServiceProject.objects.filter(center__in=[jiulong, incubator])
    stdout.write(
        f"  services (projects): {kept.filter(center=jiulong).count()} projects of Jiulong, "
        f"{kept.filter(center=incubator).count()} of the Xuzhou incubator ({len(made)} new)"
    )


def _jiulong_plans() -> list[dict]:
    plans = []
    for theme in JIULONG_THEMES:
        for year in theme.years:
            rng = rng_for("project", theme.stem, year)
            starts_on = date(year, 1 if theme.months != 16 else 9, 1)
            ends_on = _months_later(starts_on, theme.months) - timedelta(days=1)
            years = f"{year}" if ends_on.year == year else f"{year}—{ends_on.year}"
            plans.append(
                {
                    "name": f"九龙街道{theme.stem}（{years}年度）",
                    "level": theme.level,
                    # City projects were brought in as they were; the district's
                    # were packaged here with the organizations.
                    "origin": ProjectOrigin.INTRODUCED
                    if theme.level == CITY
                    else ProjectOrigin.PACKAGED,
                    "status": ProjectStatus.LANDED if ends_on >= today() else ProjectStatus.CLOSED,
                    "purchaser": theme.purchaser,
                    "contractor": theme.contractor,
                    "budget": Decimal(rng.randint(*theme.budget) * 1000),
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "beneficiaries_target": rng.randrange(*theme.reach, 10),
                    "groups": theme.groups,
                    "covered": sorted(rng.sample(range(10), rng.randint(3, 10))),
                    "description": f"由{theme.contractor}承接，{theme.purchaser}购买服务。",
                }
            )
    assert len(plans) == JIULONG_PROJECTS, len(plans)
    return plans


def _xuzhou_plan(spec: Xuzhou, communities) -> dict:
    return {
        "name": spec.name,
        "level": spec.level,
        "origin": spec.origin,
        "status": spec.status,
        "purchaser": spec.purchaser,
        "contractor": spec.contractor,
        "budget": Decimal(spec.budget),
        "starts_on": spec.starts_on,
        "ends_on": spec.ends_on,
        "beneficiaries_target": spec.reach,
        "groups": spec.groups,
        "covered": list(range(len(communities)))[spec.communities],
        "description": spec.description,
    }


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _project(center, plan, communities, groups, organizations) -> ServiceProject:
    project = ServiceProject(
        center=center,
        name=plan["name"],
        level=plan["level"],
        origin=plan["origin"],
        status=plan["status"],
        purchaser=plan["purchaser"],
        contractor=organizations.get(plan["contractor"]),
        budget=plan["budget"],
        starts_on=plan["starts_on"],
        ends_on=plan["ends_on"],
        beneficiaries_target=plan["beneficiaries_target"],
        description=plan["description"],
    )
    project.full_clean()
    project.save()
    project.communities.set([communities[index] for index in plan["covered"]])
    if plan["groups"]:
        project.target_groups.set(with_main_groups(groups[code] for code in plan["groups"]))
    return project


def _deliverables_and_expenses(projects: list[ServiceProject]) -> None:
    """The plan at the start, a mid-term review and a final evaluation, accepted
    some days after they were due (those due in the last weeks not yet); and what
    was spent so far, about in step with the time gone."""
    deliverables, expenses = [], []
    now = today()
    for project in projects:
        if project.status == ProjectStatus.PREPARING:
            deliverables.append(
                ProjectDeliverable(
                    project=project, name="项目实施方案", due_on=project.starts_on + timedelta(30)
                )
            )
            continue
        rng = rng_for("project-money", project.name)
        end = project.ends_on or max(now, project.starts_on + timedelta(days=365))
        due = [
            ("项目实施方案", project.starts_on + timedelta(days=30)),
            ("中期评估报告", project.starts_on + (end - project.starts_on) / 2),
            ("结项评估报告", end + timedelta(days=30)),
        ]
        for name, due_on in due:
            accepted = due_on + timedelta(days=rng.randint(3, 20))
            deliverables.append(
                ProjectDeliverable(
                    project=project,
                    name=name,
                    due_on=due_on,
                    accepted_on=accepted if accepted < now - timedelta(days=14) else None,
                )
            )
        last = min(end, now - timedelta(days=1))
        days = (last - project.starts_on).days
        if days <= 0:
            continue
        share = min(1, days / max(1, (end - project.starts_on).days)) * rng.uniform(0.85, 0.97)
        pieces = rng.randint(3, 6)
        for number in range(pieces):
            amount = (project.budget * Decimal(share) / pieces).quantize(Decimal(1))
            expenses.append(
                ProjectExpense(
                    project=project,
                    spent_on=project.starts_on + timedelta(days=days * (number + 1) // pieces),
                    amount=amount,
                    description=EXPENSES[(number + len(project.name)) % len(EXPENSES)],
                )
            )
    bulk_create_with_history(deliverables, ProjectDeliverable)
    bulk_create_with_history(expenses, ProjectExpense)
