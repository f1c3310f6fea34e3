"""Activities (320 at 1x: 8 per agency, 3 per community room), their occurrences
since 2024 and for the coming eight weeks (materialised from the recurrence rule,
as `materialize_occurrences` would), the residents' sign-ups and attendance, and
the volunteers' shifts with the hours entries they produced."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from bench.yibin.context import Context
from bench.yibin.sql import copy_rows, execute, pick, rand, table, value
from centers.models import SocialOrganization, Venue
from services.models import (
    Activity,
    Occurrence,
    Resident,
    ServiceProject,
    ShiftAssignment,
    ShiftRole,
    Signup,
    SignupNotice,
    TargetGroup,
)
from volunteers.models import ServiceHours, Team, Volunteer

SINCE = date(2024, 1, 1)
WINDOW = timedelta(weeks=8)  # occurrences materialised ahead
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class Template:
    title: str
    rrule: str  # without COUNT/UNTIL (the activity's own fields)
    starts: time
    ends: time
    capacity: int | None  # None: walk in, no sign-up
    groups: tuple = ()
    roles: tuple = ()  # (name, slots)
    count: int | None = None
    served: bool = True  # residents come (person-times); a traffic post has none
    place: str = ""


TEMPLATES = [
    Template(
        "义务理发",
        "FREQ=MONTHLY;BYDAY=-1WE",
        time(9),
        time(11, 30),
        20,
        ("elderly",),
        (("理发师", 3), ("引导员", 2)),
    ),
    Template(
        "为民服务日",
        "FREQ=MONTHLY;BYDAY=1FR",
        time(9),
        time(11, 30),
        None,
        (),
        (("咨询台志愿者", 4),),
        place="社区广场",
    ),
    Template("老年人健康讲座", "FREQ=MONTHLY;BYDAY=2TH", time(14, 30), time(16), 40, ("elderly",)),
    Template(
        "四点半课堂",
        "FREQ=WEEKLY;BYDAY=MO,WE",
        time(16, 30),
        time(18),
        25,
        ("children", "left_behind"),
        (("辅导志愿者", 2),),
    ),
    Template("广场舞", "FREQ=WEEKLY;BYDAY=TU", time(19, 30), time(21), None, (), place="社区广场"),
    Template("书法兴趣班", "FREQ=WEEKLY;BYDAY=TH", time(9, 30), time(11), 20, ("elderly",)),
    Template("防诈骗知识宣传", "FREQ=MONTHLY;BYDAY=3SA", time(9, 30), time(11), 50),
    Template(
        "交通文明劝导",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        time(7, 30),
        time(9),
        None,
        (),
        (("劝导员", 4),),
        served=False,
        place="人民路与南岸东路路口",
    ),
    Template("亲子阅读", "FREQ=WEEKLY;BYDAY=SA", time(9, 30), time(11), 15, ("children",), count=8),
    Template(
        "心理健康小组",
        "FREQ=WEEKLY;BYDAY=WE",
        time(14),
        time(15, 30),
        12,
        ("elderly_alone",),
        count=6,
    ),
    Template("社区运动会", "", time(8, 30), time(12), 80, ("youth",), (("裁判", 4),)),
    Template(
        "助餐服务",
        "FREQ=WEEKLY;BYDAY=TU,FR",
        time(11),
        time(12, 30),
        None,
        ("elderly",),
        (("送餐志愿者", 2),),
    ),
]
# How often each template is used, in tenths (sums to 10 per 10 activities).
MIX = [0, 1, 2, 3, 5, 6, 0, 2, 8, 9, 10, 11, 3, 5, 6, 2, 0, 7, 11, 1]


def build(ctx: Context) -> list:
    """Activities, occurrences, shift roles (the ORM: hundreds and tens of
    thousands of rows), then sign-ups and shifts (SQL)."""
    places = _activity_places(ctx)
    venues = {}
    for venue in Venue.objects.order_by("pk"):
        venues.setdefault(venue.center_id, []).append(venue)
    teams = {}
    for team in Team.objects.filter(parent=None).order_by("pk"):
        owner = team.center_id or SocialOrganization.objects.get(pk=team.organization_id).center_id
        teams.setdefault(owner, []).append(team)
    organizations = {}
    for organization in SocialOrganization.objects.order_by("pk"):
        organizations.setdefault(organization.center_id, []).append(organization)
    projects = {}
    for project in ServiceProject.objects.exclude(status="preparing").order_by("pk"):
        projects.setdefault(project.center_id, []).append(project)
    groups = {g.code: g.pk for g in TargetGroup.objects.all()}
    activities, chosen = [], []
    for index, (center, community) in enumerate(places):
        template = TEMPLATES[MIX[index % len(MIX)]]
        room = next(
            (
                v
                for v in venues.get(center.pk, [])
                if template.capacity and v.capacity >= template.capacity
            ),
            None,
        )
        first = SINCE + timedelta(
            days=(index * 37) % (400 if template.rrule and not template.count else 1000)
        )
        first = min(first, ctx.today + timedelta(days=20))
        recurring = template.rrule and not template.count
        recurring_until = first + timedelta(days=365) if recurring and index % 5 == 0 else None
        center_teams = teams.get(center.pk, [])
        activities.append(
            Activity(
                center=center,
                organization=_one_of(organizations.get(center.pk), index)
                if index % 5 == 1
                else None,
                team=center_teams[index % len(center_teams)]
                if template.roles and center_teams
                else None,
                project=_one_of(projects.get(center.pk), index) if index % 4 == 2 else None,
                title=f"{community.name}{template.title}",
                description=f"{template.title}，欢迎居民参加。",
                community=community,
                venue=room,
                place="" if room else (template.place or f"{community.name}居民活动中心"),
                is_public=index % 10 != 9,
                signup_required=template.capacity is not None,
                capacity=template.capacity,
                first_date=first,
                starts_at=template.starts,
                ends_at=template.ends,
                rrule=template.rrule,
                until=recurring_until,
                count=template.count,
            )
        )
        chosen.append(template)
    activities = Activity.objects.bulk_create(activities)
    through = Activity.target_groups.through
    through.objects.bulk_create(
        [
            through(activity_id=a.pk, targetgroup_id=groups[code])
            for a, template in zip(activities, chosen, strict=True)
            for code in template.groups
        ]
    )
    _occurrences(ctx, activities)
    ShiftRole.objects.bulk_create(
        [
            ShiftRole(activity=a, name=name, slots=slots, team=a.team)
            for a, template in zip(activities, chosen, strict=True)
            if index_has_shifts(a)
            for name, slots in template.roles
        ]
    )
    unserved = [a.pk for a, template in zip(activities, chosen, strict=True) if not template.served]
    _signups(ctx, unserved)
    _shifts(ctx)
    return [
        Activity,
        through,
        Occurrence,
        Signup,
        SignupNotice,
        ShiftRole,
        ShiftAssignment,
        ServiceHours,
    ]


def _one_of(options, index):
    return options[index % len(options)] if options else None


def index_has_shifts(activity) -> bool:
    """Volunteers are scheduled for about two in three of the activities that need them."""
    return activity.pk % 3 != 0


def _activity_places(ctx: Context) -> list:
    """(center, community) of each activity: spread over all centers, as many
    agencies' as rooms' in proportion (8 : 3 per center at 1x)."""
    places = []
    for center in ctx.agencies:
        street = [c for c in ctx.communities if c.street_id == center.street_id]
        places += [(center, center.community or street[k * 5 % len(street)]) for k in range(8)]
    for center in ctx.rooms:
        places += [(center, center.community)] * 3
    wanted = ctx.n("activities")
    step = len(places) / wanted
    return [places[int(k * step)] for k in range(wanted)]


def _occurrences(ctx: Context, activities) -> None:
    tz = ZoneInfo(ctx.tz)
    horizon = ctx.today + WINDOW
    rows = []
    for activity in activities:
        start = datetime.combine(activity.first_date, activity.starts_at)
        if activity.rrule:
            rule = activity.rrule + (f";COUNT={activity.count}" if activity.count else "")
            if activity.until:
                rule += f";UNTIL={activity.until:%Y%m%d}T235959"
            days = [
                d.date()
                for d in rrulestr(rule, dtstart=start).between(
                    start, datetime.combine(horizon, time(23, 59)), inc=True
                )
            ]
        else:
            days = [activity.first_date]
        for day in days:
            if day > horizon:
                break
            starts = datetime.combine(day, activity.starts_at, tz)
            ends = datetime.combine(day, activity.ends_at, tz)
            cancelled = (activity.pk * 31 + day.toordinal()) % 50 == 0
            rows.append(
                (
                    activity.pk,
                    day,
                    starts,
                    ends,
                    activity.capacity,
                    "cancelled" if cancelled else "scheduled",
                    "因天气原因取消，敬请谅解" if cancelled else "",
                )
            )
    copy_rows(
        table(Occurrence),
        ["activity_id", "rule_date", "starts_at", "ends_at", "capacity", "status", "note"],
        rows,
    )


def _reference(expression: str) -> str:
    """SQL for 'BM' and 8 characters: a bijection of the number (mod 31^8), so
    references are unique without looking like a counter."""
    scrambled = f"((({expression})::bigint * 1000003) %% 852891037441)"
    return "'BM' || " + " || ".join(
        f"substr('{REFERENCE_ALPHABET}', (1 + ({scrambled} / {31**k}) %% 31)::int, 1)"
        for k in range(7, -1, -1)
    )


def _signups(ctx: Context, unserved: list[int]) -> None:
    """Sign-ups filling each occurrence to about the share that gives the wanted
    number overall (never past its places; a sixth brings a companion): past ones
    attended, a few no-shows and cancellations; coming ones confirmed; walk-in
    activities record who came."""
    skip = f"AND a.id NOT IN ({', '.join(map(str, unserved))})" if unserved else ""
    places = value(
        f"""
        SELECT coalesce(sum(coalesce(o.capacity, 30)), 0) FROM {table(Occurrence)} o
        JOIN {table(Activity)} a ON a.id = o.activity_id WHERE true {skip}
        """
    )
    fill = min(0.88, ctx.n("signups") / max(1, places) / 1.0)
    execute(
        f"""
        CREATE TEMP TABLE bench_near_residents ON COMMIT DROP AS
        SELECT community_id, array_agg(id) AS ids FROM {table(Resident)} GROUP BY community_id
        """
    )
    number = "o.id * 1000 + i"
    execute(
        f"""
        INSERT INTO {table(Signup)} (occurrence_id, name, phone, people, status, channel,
            resident_id, reference, token, consented_at, created_at, changed_at)
        SELECT o.id,
               substr('{SURNAMES}', (1 + ({number}) %% {len(SURNAMES)})::int, 1)
                   || '某' || ({number}),
               CASE WHEN a.signup_required
                    THEN '13' || lpad((({number}) %% 1000000000)::text, 9, '0') ELSE '' END,
               CASE WHEN a.signup_required AND i %% 6 = 0 THEN 2 ELSE 1 END,
               CASE WHEN o.status = 'cancelled' THEN 'cancelled'
                    WHEN NOT a.signup_required THEN 'attended'
                    WHEN o.starts_at > now() THEN
                        CASE WHEN {rand(number, 91)} < 0.1 THEN 'cancelled' ELSE 'confirmed' END
                    WHEN {rand(number, 91)} < 0.12 THEN 'cancelled'
                    WHEN {rand(number, 91)} < 0.20 THEN 'no_show'
                    ELSE 'attended' END,
               CASE WHEN NOT a.signup_required THEN 'walk_in'
                    WHEN {rand(number, 92)} < 0.55 THEN 'online' ELSE 'staff' END,
               CASE WHEN {rand(number, 93)} < 0.3
                    THEN r.ids[1 + {pick(number, 94, 1_000_000)} %% cardinality(r.ids)] END,
               {_reference(number)},
               substr(md5('signup' || ({number})), 1, 24),
               CASE WHEN a.signup_required THEN made END, made, made
        FROM {table(Occurrence)} o
        JOIN {table(Activity)} a ON a.id = o.activity_id
        LEFT JOIN bench_near_residents r ON r.community_id = a.community_id
        CROSS JOIN LATERAL generate_series(1, CASE
            WHEN a.signup_required THEN least(
                floor(o.capacity * 6 / 7.0)::int,
                round(o.capacity * {fill} * (0.6 + 0.8 * {rand("o.id", 95)}))::int)
            ELSE round(30 * {fill} * (0.5 + {rand("o.id", 95)}))::int END) i
        CROSS JOIN LATERAL (
            SELECT CASE WHEN NOT a.signup_required THEN o.starts_at ELSE least(
                       now() - interval '1 minute',
                       o.starts_at - interval '1 hour' * (1 + {pick(number, 96, 14 * 24)}))
                   END AS made
        ) c
        WHERE true {skip}
        """
    )
    # The waiting list of coming occurrences that are nearly full.
    execute(
        f"""
        INSERT INTO {table(Signup)} (occurrence_id, name, phone, people, status, channel,
            reference, token, consented_at, created_at, changed_at)
        SELECT o.id, '候补' || o.id || '-' || i, '15' || lpad((o.id * 10 + i)::text, 9, '0'),
               1, 'waitlisted', 'online', {_reference("o.id * 1000 + 990 + i")},
               substr(md5('waiting' || o.id || '-' || i), 1, 24), made, made, made
        FROM {table(Occurrence)} o JOIN {table(Activity)} a ON a.id = o.activity_id
        CROSS JOIN generate_series(1, 2) i
        CROSS JOIN LATERAL (
            SELECT least(now() - interval '1 minute', o.starts_at - interval '1 day') AS made
        ) m
        WHERE a.signup_required AND a.waitlist AND o.status = 'scheduled'
          AND o.starts_at > now() AND {rand("o.id", 97)} < 0.3
        """
    )
    execute(
        f"""
        INSERT INTO {table(SignupNotice)} (signup_id, kind, old_starts_at, note, created_at,
                                          passed_on_at)
        SELECT s.id, 'cancelled', o.starts_at, o.note, o.starts_at - interval '2 days',
               CASE WHEN o.starts_at < now() THEN o.starts_at - interval '1 day' END
        FROM {table(Signup)} s JOIN {table(Occurrence)} o ON o.id = s.occurrence_id
        WHERE o.status = 'cancelled' AND s.channel <> 'walk_in'
        """
    )


def _shifts(ctx: Context) -> None:
    """Each slot of each role is held by the same volunteer of the activity's street
    at every occurrence (so that no volunteer's shifts overlap); past shifts
    served (5% absent) and entered in the ledger, coming ones assigned."""
    execute(
        f"""
        CREATE TEMP TABLE bench_slot ON COMMIT DROP AS
        SELECT r.id AS role_id, r.activity_id, k.street_id, s AS slot,
               row_number() OVER (PARTITION BY k.street_id ORDER BY r.id, s) AS n
        FROM {table(ShiftRole)} r
        JOIN {table(Activity)} a ON a.id = r.activity_id
        JOIN centers_community k ON k.id = a.community_id,
             generate_series(1, r.slots) s
        """
    )
    execute(
        f"""
        CREATE TEMP TABLE bench_regular ON COMMIT DROP AS
        SELECT v.id, k.street_id,
               row_number() OVER (PARTITION BY k.street_id ORDER BY v.id) AS n
        FROM {table(Volunteer)} v JOIN centers_community k ON k.id = v.community_id
        WHERE v.status = 'active' AND v.registered_on < DATE '{SINCE}'
        """
    )
    execute(
        f"""
        INSERT INTO {table(ShiftAssignment)} (role_id, occurrence_id, volunteer_id, starts_at,
            ends_at, status, served_from, served_until)
        SELECT s.role_id, o.id, v.id, o.starts_at, o.ends_at, st.status,
               CASE WHEN st.status = 'served' THEN o.starts_at END,
               CASE WHEN st.status = 'served' THEN o.ends_at END
        FROM bench_slot s
        JOIN bench_regular v ON v.street_id = s.street_id AND v.n = s.n
        JOIN {table(Occurrence)} o ON o.activity_id = s.activity_id AND o.status = 'scheduled'
        CROSS JOIN LATERAL (
            SELECT CASE WHEN o.starts_at > now() THEN 'assigned'
                        WHEN {rand("o.id * 101 + s.slot + s.role_id * 7", 98)} < 0.05 THEN 'absent'
                        ELSE 'served' END AS status
        ) st
        WHERE o.ends_at <= now() OR o.starts_at > now()
        """
    )
    # The hours entry each served shift produced, confirmed unless recent.
    execute(
        f"""
        WITH made AS (
            INSERT INTO {table(ServiceHours)} (volunteer_id, center_id, community_id,
                served_on, hours, content, activity, status, rejection_reason, recorded_at,
                confirmed_at)
            SELECT sa.volunteer_id, v.center_id, v.community_id, day,
                   round(extract(epoch FROM sa.served_until - sa.served_from) / 3600.0, 2),
                   r.name, a.title, d.status, '', sa.served_until,
                   CASE WHEN d.status = 'confirmed' THEN sa.served_until + interval '1 day' END
            FROM {table(ShiftAssignment)} sa
            JOIN {table(ShiftRole)} r ON r.id = sa.role_id
            JOIN {table(Activity)} a ON a.id = r.activity_id
            JOIN {table(Volunteer)} v ON v.id = sa.volunteer_id
            CROSS JOIN LATERAL (
                SELECT (sa.served_from AT TIME ZONE '{ctx.tz}')::date AS day,
                       CASE WHEN sa.served_until > now() - interval '14 days'
                            THEN 'recorded' ELSE 'confirmed' END AS status
            ) d
            WHERE sa.status = 'served'
            RETURNING id, volunteer_id, served_on
        )
        UPDATE {table(ShiftAssignment)} sa SET hours_entry_id = made.id
        FROM made
        WHERE sa.volunteer_id = made.volunteer_id AND sa.status = 'served'
          AND (sa.served_from AT TIME ZONE '{ctx.tz}')::date = made.served_on
        """
    )
    return None
