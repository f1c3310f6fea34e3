"""Volunteers (376,000 at 1x), their teams, the hours ledger (3,782,000 entries at
1x) and what derives from it: the stored totals, certificates and unit subsidies.

Identities are made in Python (real, well-formed ID numbers, encrypted and
hashed with the site's keys, so that even the full-view page works); everything
else is INSERT … SELECT generate_series. The pseudo-random choices are hashes of
the row numbers (`sql.rand`), so a build is repeatable.
"""

import random
from datetime import date, timedelta

from bench.yibin.context import Context
from bench.yibin.sql import copy_rows, execute, m2m_table, pick, rand, table, unindexed, value
from centers.models import Center, SocialOrganization
from centers.privacy import mask_id_number
from volunteers import crypto
from volunteers.identity import IdType, check_character
from volunteers.models import (
    HoursCertificate,
    NumberSequence,
    PaidWorkItem,
    PaidWorkUnits,
    ServiceHours,
    Skill,
    Team,
    TeamMembership,
    Volunteer,
)
from volunteers.models.certificate import SUFFIX_ALPHABET
from volunteers.services.registration import CONSENT_TEXT

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
REGISTRATION_SINCE = date(2014, 1, 1)
HOURS_SINCE = date(2019, 1, 1)  # the ledger starts when the system did
REGIONS = ["511504", "511504", "511504", "511502", "511503", "511521", "510104", "500107"]
CONTENTS = [
    "社区环境整治",
    "上门关爱独居老人",
    "交通文明劝导",
    "社区安全巡逻",
    "政策宣传",
    "垃圾分类指导",
    "防诈骗知识宣传",
    "图书室值守",
    "便民服务（量血压）",
    "义务理发",
    "邻里纠纷调解",
    "文艺汇演服务",
    "疫苗接种引导",
    "助老助餐",
]
HOURS_CHOICES = [1, 1.5, 2, 2, 2, 2.5, 3, 3, 3, 4, 4, 5, 6, 8]
REJECTION = "与同日另一条记录重复"


def sql_array(values) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


def identities(count: int, today: date):
    """(g, gender, birth date, sealed, digest, masked) of volunteers 1..count:
    ages 14 to 80, more women than men, every number unique and well formed."""
    rng = random.Random(376000)
    taken: dict[tuple, int] = {}
    for g in range(1, count + 1):
        roll = rng.random()
        age = (
            rng.randint(14, 17)
            if roll < 0.03
            else rng.randint(18, 35)
            if roll < 0.38
            else rng.randint(36, 59)
            if roll < 0.75
            else rng.randint(60, 80)
        )
        birth = today - timedelta(days=age * 365 + rng.randrange(365))
        gender = "F" if rng.random() < 0.58 else "M"
        region = REGIONS[g % len(REGIONS)]
        key = (region, birth)
        sequence = taken.get(key, 0)
        taken[key] = sequence + 1
        first17 = f"{region}{birth:%Y%m%d}{sequence * 2 + (gender == 'M'):03d}"
        number = first17 + check_character(first17)
        yield (
            g,
            gender,
            birth,
            crypto.seal(number),
            crypto.digest(IdType.RESIDENT_ID, number),
            mask_id_number(number),
        )


def build_people(ctx: Context) -> list:
    count = ctx.n("volunteers")
    execute(
        "CREATE TEMP TABLE bench_people (g int PRIMARY KEY, gender varchar(1), birth date, "
        "sealed text, digest varchar(64), masked varchar(32)) ON COMMIT DROP"
    )
    copy_rows(
        "bench_people",
        ["g", "gender", "birth", "sealed", "digest", "masked"],
        identities(count, ctx.today),
    )
    # Who keeps a community's volunteers: its room mostly, else the street's
    # center or a volunteer station or service hall of the street.
    keepers = []
    for community, room in zip(ctx.communities, ctx.rooms, strict=True):
        street = [c for c in ctx.agencies if c.street_id == community.street_id]
        main = next(c for c in street if c.kind == Center.Kind.STREET_CENTER)
        other = [c for c in street if c.kind != Center.Kind.STREET_CENTER] or [main]
        for slot in range(10):
            keeper = room if slot < 6 else main if slot < 9 else other[community.pk % len(other)]
            keepers.append((community.pk, slot, keeper.pk))
    execute(
        "CREATE TEMP TABLE bench_keeper (community_id bigint, slot int, center_id bigint) "
        "ON COMMIT DROP"
    )
    copy_rows("bench_keeper", ["community_id", "slot", "center_id"], keepers)
    communities = sql_array([c.pk for c in ctx.communities])
    span = (ctx.today - REGISTRATION_SINCE).days
    today = f"DATE '{ctx.today}'"
    with unindexed(Volunteer):
        execute(
            f"""
            INSERT INTO {table(Volunteer)} (
                volunteer_no, name, id_type, id_number_sealed, id_number_digest,
                id_number_masked, gender, birth_date, phone, community_id, center_id,
                weekday_mornings, weekday_afternoons, weekday_evenings, weekends,
                consent_source, consent_at, consent_text, guardian_name, guardian_phone,
                guardian_consent_at, status, status_reason, reviewed_at, registered_on,
                left_on, confirmed_hours, created_at)
            SELECT 'ZY' || extract(year FROM day)::int || lpad(g::text, 7, '0'),
                   substr('{SURNAMES}', 1 + g %% {len(SURNAMES)}, 1) || '某'
                       || lpad(g::text, 6, '0'),
                   'resident_id', sealed, digest, masked, gender, birth,
                   '1' || substr('3456789', 1 + g %% 7, 1)
                       || lpad(((hashint8extended(g, 5) & 1073741823) %% 1000000000)::text, 9, '0'),
                   v.community_id, k.center_id,
                   age >= 60 OR {rand("g", 6)} < 0.2, {rand("g", 7)} < 0.3,
                   {rand("g", 8)} < 0.4, {rand("g", 9)} < 0.6,
                   CASE WHEN {rand("g", 10)} < 0.4 THEN 'online' ELSE 'paper' END,
                   {ctx.local("day", "'10:00'")}, %s,
                   CASE WHEN minor THEN substr('{SURNAMES}', 1 + g %% {len(SURNAMES)}, 1)
                       || '某（监护人）' ELSE '' END,
                   CASE WHEN minor THEN '13800000000' ELSE '' END,
                   CASE WHEN minor THEN {ctx.local("day", "'10:00'")} END,
                   status,
                   CASE status WHEN 'rejected' THEN '身份信息与证件不符'
                       WHEN 'suspended' THEN '长期未参加活动，暂停' ELSE '' END,
                   CASE WHEN status <> 'applied' THEN {ctx.local("day + 1", "'15:00'")} END,
                   CASE WHEN status IN ('active', 'suspended', 'left') THEN day END,
                   CASE WHEN status = 'left'
                       THEN day + floor(({today} - day) * {rand("g", 13)})::int END,
                   0, {ctx.local("day", "'10:00'")}
            FROM (
                SELECT p.*, d.day, d.community_id, d.age,
                       d.day < birth + interval '18 years' AS minor,
                       CASE WHEN d.day > {today} - 30 AND {rand("g", 14)} < 0.5 THEN 'applied'
                            WHEN {rand("g", 14)} < 0.003 THEN 'rejected'
                            WHEN {rand("g", 14)} < 0.025 THEN 'left'
                            WHEN {rand("g", 14)} < 0.03 THEN 'suspended'
                            ELSE 'active' END AS status
                FROM bench_people p
                CROSS JOIN LATERAL (
                    SELECT least({today}, greatest(
                               DATE '{REGISTRATION_SINCE}'
                                   + floor({span} * sqrt({rand("g", 15)}))::int,
                               (birth + interval '14 years 1 day')::date)) AS day,
                           ({communities})[1 + floor(
                               {len(ctx.communities)} * power({rand("g", 16)}, 1.15))::int]
                               AS community_id,
                           extract(year FROM age({today}, birth))::int AS age
                ) d
            ) v
            JOIN bench_keeper k ON k.community_id = v.community_id AND k.slot = {pick("g", 17, 10)}
            ORDER BY g
            """,
            [str(CONSENT_TEXT)],
        )
    # Numbers handed out later by the app must not collide with these.
    NumberSequence.objects.bulk_create(
        [
            NumberSequence(name=f"volunteer:{year}", last=count)
            for year in range(REGISTRATION_SINCE.year, ctx.today.year + 1)
        ]
    )
    skills = sql_array(list(Skill.objects.order_by("pk").values_list("pk", flat=True)))
    execute(
        f"""
        INSERT INTO {m2m_table(Volunteer, "skills")} (volunteer_id, skill_id)
        SELECT DISTINCT v.id,
               ({skills})[1 + {pick("v.id * 3 + n", 18, 1_000_000)} %% cardinality({skills})]
        FROM {table(Volunteer)} v, generate_series(1, 2) n
        WHERE {rand("v.id", 19)} < CASE n WHEN 1 THEN 0.4 ELSE 0.15 END
        """
    )
    return [Volunteer, Volunteer.skills.through, NumberSequence]


def build_teams(ctx: Context) -> list:
    """Teams of the agencies, of some rooms and of community organizations (one with
    six sub-teams, like the grassroots-star team); then about 8% of the volunteers
    join a team of their keeping center."""
    planned = []  # (name, owner kwargs, serves)
    groups = list(
        SocialOrganization.objects.filter(legal_form="community_group").order_by("pk")[:20]
    )
    for round_ in range(4):
        for center in ctx.agencies:
            planned.append(
                (f"{center.name}志愿服务{round_ + 1}队", {"center": center}, "每周六上午")
            )
        if round_ < 2:
            for center in ctx.rooms[round_::2]:
                planned.append((f"{center.community.name}志愿服务队", {"center": center}, ""))
        planned += [
            (f"{o.name}志愿服务队", {"organization": o}, "每月第一个周五上午")
            for o in groups[round_::4]
        ]
    teams = Team.objects.bulk_create(
        [
            Team(name=name, serves=serves, founded_on=date(2016 + i % 8, 3, 1), **owner)
            for i, (name, owner, serves) in enumerate(planned[: ctx.n("teams")])
        ]
    )
    grassroots = teams[0]
    Team.objects.bulk_create(
        [
            Team(
                name=name,
                parent=grassroots,
                center=grassroots.center,
                organization=grassroots.organization,
                founded_on=grassroots.founded_on,
                serves="每月第一个周五上午",
            )
            for name in [
                "纠纷调解小分队",
                "安全小分队",
                "法律咨询小分队",
                "时事政治宣传小分队",
                "文艺演出小分队",
                "邻里关爱小分队",
            ]
        ]
    )
    # A center's teams: its own and those of the organizations it keeps.
    execute(
        f"""
        CREATE TEMP TABLE bench_center_team ON COMMIT DROP AS
        SELECT coalesce(t.center_id, o.center_id) AS center_id, t.id AS team_id, t.founded_on,
               row_number() OVER (PARTITION BY coalesce(t.center_id, o.center_id) ORDER BY t.id)
                   - 1 AS slot,
               count(*) OVER (PARTITION BY coalesce(t.center_id, o.center_id)) AS teams
        FROM {table(Team)} t LEFT JOIN {table(SocialOrganization)} o ON o.id = t.organization_id
        """
    )
    eligible = value(
        f"""
        SELECT count(*) FROM {table(Volunteer)} v
        WHERE v.status IN ('active', 'left')
          AND v.center_id IN (SELECT center_id FROM bench_center_team)
        """
    )
    share = min(1.0, ctx.n("memberships") / max(1, eligible))
    today = f"DATE '{ctx.today}'"
    with unindexed(TeamMembership):
        execute(
            f"""
            INSERT INTO {table(TeamMembership)} (team_id, volunteer_id, role, joined_on, left_on)
            SELECT team_id, id, CASE WHEN {rand("id", 31)} < 0.03 THEN 'leader' ELSE 'member' END,
                   joined, CASE WHEN ends < {today} THEN ends
                                WHEN {rand("id", 32)} < 0.1 THEN joined + ((ends - joined) / 2)
                           END
            FROM (
                SELECT v.id, t.team_id, coalesce(v.left_on, {today}) AS ends,
                       greatest(v.registered_on, t.founded_on) + floor(
                           greatest(0, coalesce(v.left_on, {today})
                                       - greatest(v.registered_on, t.founded_on))
                           * 0.5 * {rand("v.id", 33)})::int AS joined
                FROM {table(Volunteer)} v
                JOIN bench_center_team t ON t.center_id = v.center_id
                    AND t.slot = {pick("v.id", 34, 1_000_000)} %% t.teams
                WHERE v.status IN ('active', 'left') AND {rand("v.id", 35)} < {share}
            ) m
            WHERE joined <= ends
            """
        )
    return [Team, TeamMembership]


def build_hours(ctx: Context) -> list:
    """The ledger, less the entries of shifts already made by the services step:
    a long tail (most volunteers serve a few times, a few hundred reach 1,500
    hours), entries spread over each volunteer's time since registration (or
    2019), on different days; the last three weeks' entries partly waiting for
    confirmation, a few rejected; served with the volunteer's team now and then."""
    wanted = ctx.n("hours") - value(f"SELECT count(*) FROM {table(ServiceHours)}")
    today = f"DATE '{ctx.today}'"
    execute(
        f"""
        CREATE TEMP TABLE bench_serving ON COMMIT DROP AS
        SELECT v.id, v.center_id, v.community_id, s, e, e - s + 1 AS span,
               m.team_id, m.joined_on AS team_from, coalesce(m.left_on, {today}) AS team_until,
               ((e - s + 1) * floor(100 * least(power(1 - {rand("v.id", 41)}, -0.7), 100)))::numeric
                   AS weight
        FROM {table(Volunteer)} v
        CROSS JOIN LATERAL (
            SELECT greatest(v.registered_on, DATE '{HOURS_SINCE}') AS s,
                   CASE WHEN v.status = 'left' THEN v.left_on ELSE {today} END AS e
        ) d
        LEFT JOIN (
            SELECT DISTINCT ON (volunteer_id) * FROM {table(TeamMembership)}
            ORDER BY volunteer_id, joined_on
        ) m ON m.volunteer_id = v.id
        WHERE v.status IN ('active', 'suspended', 'left') AND e >= s
          AND {rand("v.id", 42)} >= 0.25  -- a quarter never served
        """
    )
    # Entries per volunteer in proportion to the weight, summing to exactly `wanted`.
    execute(
        f"""
        CREATE TEMP TABLE bench_entries ON COMMIT DROP AS
        SELECT *, floor(running * {wanted} / total)::bigint
                  - floor((running - weight) * {wanted} / total)::bigint AS entries
        FROM (
            SELECT *, sum(weight) OVER (ORDER BY id) AS running, sum(weight) OVER () AS total
            FROM bench_serving
        ) w
        """
    )
    contents = sql_array(CONTENTS)
    choices = sql_array(HOURS_CHOICES)
    entry = "n"  # the entry's number: volunteer id * 10007 + its rank
    with unindexed(ServiceHours, Volunteer):
        execute(
            f"""
            INSERT INTO {table(ServiceHours)} (
                volunteer_id, center_id, community_id, team_id, served_on, hours, content,
                activity, status, rejection_reason, recorded_at, confirmed_at)
            SELECT id, center_id, community_id,
                   CASE WHEN team_id IS NOT NULL AND day BETWEEN team_from AND team_until
                             AND {rand(entry, 43)} < 0.6 THEN team_id END,
                   day, ({choices})[1 + {pick(entry, 44, len(HOURS_CHOICES))}],
                   ({contents})[1 + {pick(entry, 45, len(CONTENTS))}], '',
                   status, CASE WHEN status = 'rejected' THEN '{REJECTION}' ELSE '' END,
                   least(now(), {ctx.local("day", "'20:00'")}),
                   CASE WHEN status <> 'recorded' THEN least(now(), {
                ctx.local(f"day + 1 + {pick(entry, 46, 6)}", "'17:00'")
            }) END
            FROM (
                SELECT e.*, i, e.id * 10007 + i AS n,
                       s + floor((i - 1 + {rand("e.id * 10007 + i", 47)}) * span / entries)::int
                           AS day,
                       {rand("e.id * 10007 + i", 48)} AS roll
                FROM bench_entries e, generate_series(1, e.entries) i
                WHERE e.entries > 0
            ) x
            CROSS JOIN LATERAL (
                SELECT CASE WHEN day > {today} - 21 AND roll < 0.7 THEN 'recorded'
                            WHEN roll < 0.004 THEN 'rejected'
                            ELSE 'confirmed' END AS status
            ) st
            """
        )
        totals()
    return [ServiceHours]


def totals() -> None:
    """The stored confirmed hours and last day of service, from the ledger (what
    the hours services keep, and recompute_confirmed_hours checks)."""
    execute(
        f"""
        UPDATE {table(Volunteer)} v SET confirmed_hours = t.hours, last_served_on = t.last
        FROM (
            SELECT volunteer_id, sum(hours) AS hours, max(served_on) AS last
            FROM {table(ServiceHours)} WHERE status = 'confirmed' GROUP BY volunteer_id
        ) t
        WHERE v.id = t.volunteer_id
        """
    )


def build_certificates(ctx: Context) -> list:
    """Certificates of last year's confirmed hours, issued by the keeping center in
    January; 1% revoked."""
    year = ctx.today.year - 1
    wanted = ctx.n("hours_certificates")
    rows = execute(
        f"""
        INSERT INTO {table(HoursCertificate)} (
            number, volunteer_id, center_id, period_start, period_end, hours, content,
            volunteer_name, id_number_masked, issuer, issued_on, revoked_at,
            revocation_reason)
        SELECT 'ZM{year}-' || lpad(n::text, 6, '0') || '-'
                   || substr('{SUFFIX_ALPHABET}', 1 + {pick("n", 51, len(SUFFIX_ALPHABET))}, 1)
                   || substr('{SUFFIX_ALPHABET}', 1 + {pick("n", 52, len(SUFFIX_ALPHABET))}, 1)
                   || substr('{SUFFIX_ALPHABET}', 1 + {pick("n", 53, len(SUFFIX_ALPHABET))}, 1)
                   || substr('{SUFFIX_ALPHABET}', 1 + {pick("n", 54, len(SUFFIX_ALPHABET))}, 1),
               c.volunteer_id, c.center_id, DATE '{year}-01-01', DATE '{year}-12-31', c.hours,
               '社区志愿服务', v.name, v.id_number_masked, k.name,
               DATE '{year + 1}-01-10' + (n %% 20)::int,
               CASE WHEN n %% 100 = 7 THEN {ctx.local(f"DATE '{year + 1}-02-01'", "'10:00'")} END,
               CASE WHEN n %% 100 = 7 THEN '服务时长记录有误，重新开具' ELSE '' END
        FROM (
            SELECT volunteer_id, center_id, sum(hours) AS hours,
                   row_number() OVER (ORDER BY hashint8extended(volunteer_id, 55)) AS n
            FROM {table(ServiceHours)}
            WHERE status = 'confirmed' AND served_on BETWEEN DATE '{year}-01-01'
                AND DATE '{year}-12-31'
            GROUP BY volunteer_id, center_id
        ) c
        JOIN {table(Volunteer)} v ON v.id = c.volunteer_id
        JOIN {table(Center)} k ON k.id = c.center_id
        WHERE n <= {wanted}
        """
    )
    NumberSequence.objects.create(name=f"certificate:{year}", last=rows)
    return [HoursCertificate]


def build_paid_work(ctx: Context) -> list:
    """The census verification of 2020, paid at 1 yuan a record verified: a paid
    work item at each street center and the units of its volunteers."""
    street_centers = [c for c in ctx.agencies if c.kind == Center.Kind.STREET_CENTER]
    items = PaidWorkItem.objects.bulk_create(
        [
            PaidWorkItem(
                name="人口普查入户信息核实",
                center=center,
                unit="人",
                unit_price=1,
                starts_on=date(2020, 11, 1),
                ends_on=date(2020, 12, 10),
                description="每核实1人信息补贴1元。",
            )
            for center in street_centers
        ]
    )
    per_item = max(1, round(ctx.n("census_volunteers") / len(items)))
    for item in items:
        execute(
            f"""
            INSERT INTO {table(PaidWorkUnits)} (item_id, volunteer_id, worked_on, units, paid_on)
            SELECT %s, v.id, d::date, 20 + {pick("v.id * 97 + extract(doy FROM d)::int", 56, 60)},
                   DATE '2020-12-31'
            FROM (
                SELECT id FROM {table(Volunteer)}
                WHERE center_id = %s AND status = 'active' AND registered_on < DATE '2020-11-01'
                ORDER BY id LIMIT {per_item}
            ) v, generate_series(DATE '2020-11-01', DATE '2020-12-10', interval '1 day') d
            WHERE {rand("v.id * 97 + extract(doy FROM d)::int", 57)} < 0.5
            """,
            [item.pk, item.center_id],
        )
    return [PaidWorkItem, PaidWorkUnits]
