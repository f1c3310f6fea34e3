"""Whom the services are for: residents in their target groups, the home visits
to elderly people living alone, casework with its notes, and the service
projects (with their deliverables, expenses and the census output)."""

from datetime import date, timedelta
from decimal import Decimal

from bench.yibin.context import Context
from bench.yibin.sql import execute, m2m_table, pick, rand, table
from centers.models import Center, SocialOrganization
from members.models import Member
from services.models import (
    STAGE_ORDER,
    Case,
    CaseNote,
    HomeVisit,
    ProjectDeliverable,
    ProjectExpense,
    ProjectOutput,
    Resident,
    ServiceProject,
    TargetGroup,
)
from volunteers.models import PaidWorkItem, Volunteer

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
# (share up to, target group, born from, born until): elderly people first.
CATEGORIES = [
    (0.30, "elderly_alone", 1930, 1960),
    (0.45, "empty_nest", 1935, 1962),
    (0.50, "very_old", 1925, 1946),
    (0.55, "elderly_disabled", 1930, 1960),
    (0.62, "disabled", 1950, 2000),
    (0.67, "left_behind", 2010, 2020),
    (0.70, "children_in_hardship", 2010, 2020),
    (0.72, "community_corrections", 1960, 2000),
    (0.80, "dibao", 1940, 1990),
    (0.83, "tekun", 1935, 1975),
    (0.90, "families_in_hardship", 1950, 1995),
    (0.95, "veterans", 1940, 1975),
    (1.00, "youth", 2005, 2012),
]
ELDERLY = ("elderly_alone", "empty_nest", "very_old", "elderly_disabled")
VISITS_SINCE = date(2024, 1, 1)
CASES_SINCE = date(2023, 1, 1)
FINDINGS = [
    "身体状况良好",
    "血压偏高，已提醒按时服药",
    "家中燃气灶老化，已联系更换",
    "情绪低落，需再次探访",
]
CASE_KINDS = ["casework", "mediation", "legal", "psychological"]


def place_tables(ctx: Context) -> None:
    """bench_place: each community's street, room and street center; bench_staff:
    each center's workers on the staff today (arrays to pick from)."""
    execute(
        f"""
        CREATE TEMP TABLE bench_place ON COMMIT DROP AS
        SELECT k.id AS community_id, k.street_id, r.id AS room_id, s.id AS street_center_id
        FROM centers_community k
        JOIN {table(Center)} r ON r.community_id = k.id AND r.kind = 'community_room'
        JOIN {table(Center)} s ON s.street_id = k.street_id AND s.kind = 'street_center'
        """
    )
    execute(
        f"""
        CREATE TEMP TABLE bench_staff ON COMMIT DROP AS
        SELECT center_id, array_agg(id ORDER BY id) AS ids FROM {table(Member)}
        WHERE left_on IS NULL GROUP BY center_id
        """
    )


def build_residents(ctx: Context) -> list:
    place_tables(ctx)
    categories = (
        "(VALUES "
        + ", ".join(
            f"({index}, {upper}, '{code}', {born_from}, {born_until})"
            for index, (upper, code, born_from, born_until) in enumerate(CATEGORIES)
        )
        + ") AS c(n, upper, code, born_from, born_until)"
    )
    execute(
        f"""
        CREATE TEMP TABLE bench_resident ON COMMIT DROP AS
        SELECT g, r.community_id, c.code,
               CASE WHEN {rand("g", 61)} < 0.7 THEN r.room_id ELSE r.street_center_id END
                   AS center_id,
               c.born_from + {pick("g", 62, 1000)} %% (c.born_until - c.born_from + 1)
                   AS birth_year
        FROM generate_series(1, {ctx.n("residents")}) g
        JOIN bench_place r ON r.community_id
            = (ARRAY[{", ".join(str(c.pk) for c in ctx.communities)}])[
                1 + {pick("g", 63, len(ctx.communities))}]
        CROSS JOIN LATERAL (
            SELECT * FROM {categories} WHERE c.upper > {rand("g", 64)} ORDER BY c.n LIMIT 1
        ) c
        """
    )
    execute(
        f"""
        INSERT INTO {table(Resident)} (center_id, name, gender, birth_year, phone, community_id,
                                       address, consent_at, consent_by, notes)
        SELECT center_id, substr('{SURNAMES}', 1 + g %% {len(SURNAMES)}, 1) || '某居' || g,
               CASE WHEN {rand("g", 65)} < 0.55 THEN 'F' ELSE 'M' END, birth_year,
               CASE WHEN {rand("g", 66)} < 0.6
                    THEN '135' || lpad(g::text, 8, '0') ELSE '' END,
               community_id, (1 + g %% 20) || '栋' || (1 + g %% 3) || '单元' || (101 + g %% 1200),
               {ctx.local(f"DATE '2022-01-01' + {pick('g', 67, 1400)}", "'10:00'")},
               CASE WHEN {rand("g", 68)} < 0.2 THEN 'guardian' ELSE 'resident' END, ''
        FROM bench_resident ORDER BY g
        """
    )
    # bench_resident.g and the new ids in the same order: number them both.
    execute(
        f"""
        CREATE TEMP TABLE bench_resident_id ON COMMIT DROP AS
        SELECT b.*, r.id FROM bench_resident b
        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS g FROM {table(Resident)}) r
            ON r.g = b.g
        """
    )
    execute(
        f"""
        INSERT INTO {m2m_table(Resident, "target_groups")} (resident_id, targetgroup_id)
        SELECT r.id, t.id FROM bench_resident_id r JOIN {table(TargetGroup)} t ON t.code = r.code
        UNION
        SELECT r.id, t.id FROM bench_resident_id r JOIN {table(TargetGroup)} t
            ON t.code = 'very_old' WHERE r.code IN {ELDERLY} AND r.birth_year <= 1946
        """
    )
    return [Resident, Resident.target_groups.through]


def build_visits(ctx: Context) -> list:
    """Visits to elderly residents (most often to those living alone), spread
    evenly since 2024; a staff worker of their center goes, with a volunteer of
    the community a third of the time."""
    wanted = ctx.n("visits")
    execute(
        f"""
        CREATE TEMP TABLE bench_visited ON COMMIT DROP AS
        SELECT *, floor(running * {wanted} / total)::bigint
                  - floor((running - weight) * {wanted} / total)::bigint AS visits
        FROM (
            SELECT r.*, w.weight, sum(w.weight) OVER (ORDER BY r.id) AS running,
                   sum(w.weight) OVER () AS total
            FROM bench_resident_id r
            CROSS JOIN LATERAL (
                SELECT (CASE WHEN r.code = 'elderly_alone' THEN 3 ELSE 1 END)::numeric AS weight
            ) w
            WHERE r.code IN {ELDERLY}
        ) x
        """
    )
    span = (ctx.today - VISITS_SINCE).days + 1
    visit = "n"  # the visit's number: resident id * 1009 + its rank
    execute(
        f"""
        INSERT INTO {table(HomeVisit)} (resident_id, visited_on, mode, findings,
            follow_up_needed, follow_up_by, followed_up_on)
        SELECT id, day, CASE WHEN {rand(visit, 71)} < 0.2 THEN 'phone' ELSE 'visit' END,
               ({"ARRAY[" + ", ".join(f"'{f}'" for f in FINDINGS) + "]"})[
                   1 + {pick(visit, 72, len(FINDINGS))}],
               follow, CASE WHEN follow THEN day + 14 END,
               CASE WHEN follow AND day + 10 <= DATE '{ctx.today}' THEN day + 10 END
        FROM (
            SELECT v.id, v.id * 1009 + i AS n, DATE '{VISITS_SINCE}'
                       + floor((i - 1 + {rand("v.id * 1009 + i", 73)}) * {span} / v.visits)::int
                       AS day,
                   {rand("v.id * 1009 + i", 74)} < 0.05 AS follow
            FROM bench_visited v, generate_series(1, v.visits) i WHERE v.visits > 0
        ) x
        """
    )
    execute(
        f"""
        INSERT INTO {m2m_table(HomeVisit, "members")} (homevisit_id, member_id)
        SELECT h.id, s.ids[1 + {pick("h.id", 75, 1_000_000)} %% cardinality(s.ids)]
        FROM {table(HomeVisit)} h
        JOIN {table(Resident)} r ON r.id = h.resident_id
        JOIN bench_staff s ON s.center_id = r.center_id
        """
    )
    execute(
        f"""
        CREATE TEMP TABLE bench_nearby ON COMMIT DROP AS
        SELECT community_id, array_agg(id) AS ids FROM (
            SELECT id, community_id,
                   row_number() OVER (PARTITION BY community_id ORDER BY id) AS n
            FROM {table(Volunteer)} WHERE status = 'active'
        ) v WHERE n <= 50 GROUP BY community_id
        """
    )
    execute(
        f"""
        INSERT INTO {m2m_table(HomeVisit, "volunteers")} (homevisit_id, volunteer_id)
        SELECT h.id, n.ids[1 + {pick("h.id", 76, 1_000_000)} %% cardinality(n.ids)]
        FROM {table(HomeVisit)} h
        JOIN {table(Resident)} r ON r.id = h.resident_id
        JOIN bench_nearby n ON n.community_id = r.community_id
        WHERE {rand("h.id", 77)} < 0.33
        """
    )
    execute(
        f"""
        UPDATE {table(Resident)} r SET last_visited_on = v.last
        FROM (SELECT resident_id, max(visited_on) AS last FROM {table(HomeVisit)}
              GROUP BY resident_id) v
        WHERE r.id = v.resident_id
        """
    )
    return [HomeVisit, HomeVisit.members.through, HomeVisit.volunteers.through]


def build_cases(ctx: Context) -> list:
    """Cases opened since 2023 by a worker of the resident's center; 60% closed;
    one or two notes per stage reached, most of them sessions with the resident."""
    span = (ctx.today - CASES_SINCE).days - 30
    stages = "ARRAY[" + ", ".join(f"'{s}'" for s in STAGE_ORDER) + "]"
    kinds = "ARRAY[" + ", ".join(f"'{k}'" for k in CASE_KINDS) + "]"
    execute(
        f"""
        INSERT INTO {table(Case)} (center_id, resident_id, worker_id, kind, stage, opened_on,
                                   closed_on, summary, parties, agreement)
        SELECT r.center_id, r.id, s.ids[1 + {pick("n", 81, 1_000_000)} %% cardinality(s.ids)],
               kind, stage, opened,
               CASE WHEN stage = 'closed'
                    THEN least(DATE '{ctx.today}', opened + 30 + {pick("n", 82, 300)}) END,
               '居民求助，需要社工介入。',
               CASE WHEN kind = 'mediation' THEN '邻里双方' ELSE '' END,
               CASE WHEN kind = 'mediation' AND stage = 'closed' THEN '双方达成和解' ELSE '' END
        FROM generate_series(1, {ctx.n("cases")}) n
        JOIN bench_resident_id r ON r.g = 1 + {pick("n", 83, ctx.n("residents"))}
        JOIN bench_staff s ON s.center_id = r.center_id
        CROSS JOIN LATERAL (
            SELECT ({kinds})[1 + {pick("n", 84, len(CASE_KINDS))}] AS kind,
                   DATE '{CASES_SINCE}' + {pick("n", 85, span)} AS opened,
                   CASE WHEN {rand("n", 86)} < 0.6 THEN 'closed'
                        ELSE ({stages})[1 + {pick("n", 87, len(STAGE_ORDER) - 1)}] END AS stage
        ) c
        """
    )
    execute(
        f"""
        INSERT INTO {table(CaseNote)} (case_id, stage, written_on, text, is_session)
        SELECT c.id, ({stages})[k], least(DATE '{ctx.today}',
                   c.opened_on + ((k - 1) * 2 + j - 1) * greatest(1,
                       (coalesce(c.closed_on, DATE '{ctx.today}') - c.opened_on) / 12)),
               '面谈记录', {rand("c.id * 31 + k * 3 + j", 88)} < 0.8
        FROM {table(Case)} c,
             generate_series(1, array_position({stages}, c.stage::text)) k,
             generate_series(1, 2) j
        WHERE j = 1 OR {rand("c.id * 31 + k", 89)} < 0.5
        """
    )
    return [Case, CaseNote]


def build_projects(ctx: Context) -> list:
    """Projects at the agencies: most bought by the government, packaged here or
    introduced, preparing, landed or closed; with communities, target groups,
    deliverables, expenses, and the census output paid per record."""
    contractors = list(
        SocialOrganization.objects.filter(registration_status="registered").order_by("pk")
    )
    groups = list(TargetGroup.objects.filter(parent=None).order_by("order"))
    by_street = {}
    for community in ctx.communities:
        by_street.setdefault(community.street_id, []).append(community)
    themes = [
        "长者关爱",
        "青少年成长",
        "社区治理",
        "邻里互助",
        "残疾人康复",
        "禁毒宣传",
        "社区矫正帮扶",
    ]
    projects = []
    for index in range(ctx.n("projects")):
        center = ctx.agencies[index % len(ctx.agencies)]
        starts = date(2022, 1, 1) + timedelta(days=index * 53 % 1700)
        status = ["preparing", "landed", "landed", "landed", "closed"][index % 5]
        if status == "closed":
            starts = min(starts, ctx.today - timedelta(days=400))
        if status == "preparing":
            starts = max(starts, ctx.today - timedelta(days=60))
        projects.append(
            ServiceProject(
                center=center,
                name=f"{center.street.name}{themes[index % len(themes)]}项目{index:03d}",
                level=["city", "district", "district", "street"][index % 4],
                funding="government_purchase" if index % 5 else "venture_philanthropy",
                origin="packaged" if index % 3 else "introduced",
                status=status,
                purchaser="宜宾市民政局" if index % 4 == 0 else "区民政局",
                contractor=contractors[index % len(contractors)] if contractors else None,
                budget=Decimal(50_000 + index * 7_919 % 750_000),
                starts_on=starts,
                ends_on=starts + timedelta(days=364),
                beneficiaries_target=200 + index * 37 % 2000,
                description="政府购买服务项目。",
            )
        )
    projects = ServiceProject.objects.bulk_create(projects)
    through = ServiceProject.communities.through
    through.objects.bulk_create(
        [
            through(serviceproject_id=p.pk, community_id=c.pk)
            for index, p in enumerate(projects)
            for c in by_street[p.center.street_id][: 1 + index % 6]
        ]
    )
    groups_through = ServiceProject.target_groups.through
    groups_through.objects.bulk_create(
        [
            groups_through(
                serviceproject_id=p.pk, targetgroup_id=groups[(index + k) % len(groups)].pk
            )
            for index, p in enumerate(projects)
            for k in range(1 + index % 2)
        ]
    )
    ProjectDeliverable.objects.bulk_create(
        [
            ProjectDeliverable(
                project=p,
                name=name,
                due_on=(due := p.starts_on + timedelta(days=120 * (k + 1))),
                accepted_on=due + timedelta(days=5)
                if due + timedelta(days=5) < ctx.today
                else None,
            )
            for p in projects
            for k, name in enumerate(["实施方案", "中期评估报告", "结项验收报告"])
        ]
    )
    ProjectExpense.objects.bulk_create(
        [
            ProjectExpense(
                project=p,
                spent_on=p.starts_on + timedelta(days=30 * k),
                amount=(p.budget / 12).quantize(Decimal("0.01")),
                description=["人员经费", "活动物资", "场地布置", "宣传印刷"][k % 4],
            )
            for p in projects
            if p.status != "preparing"
            for k in range(min(12, max(1, (min(ctx.today, p.ends_on) - p.starts_on).days // 30)))
        ]
    )
    census = []
    for item in PaidWorkItem.objects.order_by("pk"):
        project = ServiceProject.objects.create(
            center=item.center,
            name=f"{item.center.street.name}人口普查入户信息核实",
            level="district",
            origin="packaged",
            status="closed",
            purchaser="区统计局",
            budget=Decimal(30_000),
            starts_on=item.starts_on,
            ends_on=item.ends_on,
        )
        census.append(ProjectOutput(project=project, item=item, target_units=20_000))
    ProjectOutput.objects.bulk_create(census)
    return [
        ServiceProject,
        through,
        groups_through,
        ProjectDeliverable,
        ProjectExpense,
        ProjectOutput,
    ]
