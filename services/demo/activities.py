"""Activities, as the article tells them, with their schedules, volunteer roles,
a history of occurrences with attendance and shifts, and the coming weeks'
sign-ups.

- 免费理发: "每个月最后一周的星期三，社工都要为居民免费理发" — the last Wednesday of
  each month, 9:00–11:30, in the Jiulong center's first-floor meeting room;
  3 barbers and 2 helpers; sign-up with a waiting list.
- 草根明星每月第一个周五上午为民服务: the grassroots-star team's desks on the first
  Friday morning of each month in Caiyunhu, one desk per sub-team staffed from
  it; residents walk in.
- 交通文明劝导: a post at a crossroads in Jinyu every school day 7:30–9:00, four
  traffic volunteers of 宜宾市酒都义工联合会 (罗新 among them), since the school
  year began after "今年7月以来".
- The partner units' free services in Jinyu, monthly: drug advice (hospital),
  anti-fraud talks (bank), legal advice (law firm), mediation (judicial office).
- The ten communities' own activities, kept by their social-work rooms since
  the first years of the brand (a monthly one each, a Spring Festival 百家宴 in
  some, weekly interest groups lately), and two of the center's projects' (the
  homework club of the current “四点半课堂” project, a smartphone course).

Occurrences are made by the app's own `occurrences_materialize`, from the
first date of the history the DEMO_SCALE keeps (see common.py); attendance
and shifts of the past are written in bulk (attendance.py), the coming
weeks' sign-ups, shifts, a cancellation and a move through the services.

Idempotent: an activity is found by its center and title; occurrences by their
rule date; past occurrences that already have sign-ups (or shifts), and coming
ones that already have sign-ups, are left as they are.
"""

from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from simple_history.utils import bulk_create_with_history

from centers.models import Center, Community, SocialOrganization, Venue
from services.demo import attendance
from services.demo.common import (
    Stopwatch,
    history_start,
    local,
    person,
    rng_for,
    today,
)
from services.demo.projects import HOMEWORK_CLUB_PROJECT, SMARTPHONE_PROJECT, TRAFFIC_PROJECT
from services.models import (
    Activity,
    ActivityException,
    Occurrence,
    OccurrenceStatus,
    ServiceProject,
    ShiftRole,
    Signup,
    SignupChannel,
    TargetGroup,
)
from services.selectors.shifts import clashing_shifts, eligible_volunteers
from services.services.occurrences import (
    activity_save,
    occurrence_cancel,
    occurrence_move,
    occurrences_materialize,
    window_end,
)
from services.services.shifts import shifts_assign
from services.services.signups import signup_create
from volunteers.models import Skill, Team

JIULONG = "九龙社工中心"
INCUBATOR = "叙州社会组织培育服务中心"
JINYU_HALL = "金鱼社区党群服务中心"
GRASSROOTS = "草根明星志愿者服务队"
SUBTEAMS = ["纠纷调解", "安全", "法律咨询", "时事政治宣传", "文艺演出", "邻里关爱"]
FRIDAYS_TITLE = "草根明星每月第一个周五上午为民服务"  # as the volunteers demo's ledger says
HAIRCUT_TITLE = "九龙社工免费理发"
TRAFFIC_TITLE = "交通文明劝导岗（金鱼社区路口）"
ANTI_FRAUD_TITLE = "金鱼社区防诈骗知识讲座"
MOVED_PARTY_TITLE = "彩云湖社区长者生日会"
PARTY_MOVED = "因活动室检修，本月生日会改到周六下午，时间不变。"
TALK_CANCELLED = "主讲老师临时外出培训，本次讲座取消，下月照常举行。"
CROSSROADS = "叙州区南岸街道金鱼社区 金鱼路与南岸大道交叉口（演示）"


@dataclass(frozen=True)
class Role:
    name: str
    slots: int
    team: str = ""
    skill: str = ""


@dataclass(frozen=True)
class Turnout:
    """Who came to a past occurrence: sign-ups (a share did not come, a few
    cancelled) and people who walked in, each bringing a number of people
    drawn from the tuple."""

    signups: tuple[int, int] = (0, 0)
    people: tuple[int, ...] = (1,)
    walk_ins: tuple[int, int] = (0, 0)
    walk_in_people: tuple[int, ...] = (1,)


@dataclass(frozen=True)
class Plan:
    title: str
    center: str
    community: str
    first_date: date
    rrule: str
    starts: time
    ends: time
    description: str
    capacity: int | None = None  # None: walk in, no sign-up
    venue: str = ""  # a room of the center
    place: str = ""
    groups: tuple[str, ...] = ()
    organization: str = ""
    team: str = ""
    project: str = ""
    until: date | None = None
    count: int | None = None
    public: bool = True
    roles: tuple[Role, ...] = ()
    turnout: Turnout | None = None  # None: serves no residents (a traffic post)
    floor_days: int = 35  # the least history kept at a small DEMO_SCALE
    left_out: tuple[date, ...] = ()
    # Coming occurrences signed up for: the share of the places taken at the
    # next ones (over 1: full, the rest on the waiting list).
    coming: tuple[float, ...] = ()
    pool: int = 0  # where its regulars' made-up names start (set by plans())


def volunteer_year(day: date) -> int:
    """The year of "今年7月以来" and the census, as the volunteers demo takes it
    (volunteers/demo/people.py): the latest in which 10 September is past."""
    return day.year if day >= date(day.year, 9, 10) else day.year - 1


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def school_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    """National Day, New Year, the winter and summer holidays, May Day."""
    days = []
    for year in range(first_year, last_year + 1):
        days += _days(date(year, 1, 1), date(year, 1, 1))
        days += _days(date(year, 1, 20), date(year, 2, 20))
        days += _days(date(year, 5, 1), date(year, 5, 5))
        days += _days(date(year, 7, 1), date(year, 8, 31))
        days += _days(date(year, 10, 1), date(year, 10, 7))
    return tuple(days)


ELDERLY_BIRTHDAY = Turnout(signups=(8, 13), people=(1, 1, 2, 2), walk_ins=(0, 2))
FAMILY = Turnout(signups=(6, 10), people=(2, 2, 3, 3, 4), walk_ins=(0, 1), walk_in_people=(2, 3))
TALK = Turnout(walk_ins=(5, 10), walk_in_people=(1, 2, 2, 3))
GROUP = Turnout(walk_ins=(5, 9), walk_in_people=(1, 1, 2))
BANQUET = Turnout(walk_ins=(34, 48), walk_in_people=(2, 3, 3, 4, 4, 5, 6))
# (interest group, weekday, from, until, sign-up places or None)
WEEKLY_GROUPS = [
    ("长者健身操", "TU", time(8, 30), time(9, 30), None),
    ("书法兴趣班", "TH", time(9, 30), time(11), 16),
    ("社区合唱团排练", "WE", time(14, 30), time(16, 30), None),
    ("太极拳晨练", "SA", time(7, 30), time(8, 30), None),
]
BANQUET_COMMUNITIES = ["彩云湖社区", "广厦城社区", "盘龙社区", "兰花社区", "新华社区"]


def plans(communities: list[str]) -> list[Plan]:
    """Every activity of the demo (the same at every DEMO_SCALE)."""
    now = today()
    year = volunteer_year(now)
    plans = [
        Plan(
            HAIRCUT_TITLE,
            JIULONG,
            "彩云湖社区",
            date(2017, 1, 1),
            "FREQ=MONTHLY;BYDAY=-1WE",
            time(9),
            time(11, 30),
            "每个月最后一周的星期三（每月最后一个星期三）上午，社工和志愿者为居民免费理发，"
            "老年人优先，请提前报名。",
            capacity=20,
            venue="一楼会议室",
            groups=("elderly",),
            roles=(Role("理发师", 3, skill="理发"), Role("引导员", 2)),
            turnout=Turnout(signups=(15, 20), people=(1, 1, 1, 1, 2), walk_ins=(0, 3)),
            floor_days=365,
            coming=(1.15, 0.5, 0.2),
        ),
        Plan(
            FRIDAYS_TITLE,
            JIULONG,
            "彩云湖社区",
            date(2017, 3, 1),
            "FREQ=MONTHLY;BYDAY=1FR",
            time(9),
            time(12),
            "彩云湖社区艺术团骨干组成的草根明星志愿者服务队，在每月第一个周五的上午于社区广场"
            "摆设服务台：纠纷调解、安全、法律咨询、时事政治宣传、文艺演出、邻里关爱，"
            "居民直接前来即可。",
            place="彩云湖社区广场",
            organization="彩云湖社区艺术团",
            team=GRASSROOTS,
            roles=tuple(Role(f"{name}服务台", 3, team=f"{name}小分队") for name in SUBTEAMS),
            turnout=Turnout(walk_ins=(15, 25), walk_in_people=(1, 1, 2, 2, 3)),
            floor_days=365,
        ),
        Plan(
            TRAFFIC_TITLE,
            INCUBATOR,
            "金鱼社区",
            date(year, 9, 1),
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            time(7, 30),
            time(9),
            "上学日早高峰，酒都义工联合会的交通文明劝导志愿者在路口维护人行道交通秩序。",
            place=CROSSROADS,
            organization="宜宾市酒都义工联合会",
            team="交通文明劝导志愿服务队",
            project=TRAFFIC_PROJECT,
            public=False,
            roles=(Role("文明劝导员", 4, team="交通文明劝导志愿服务队"),),
            floor_days=365,
            left_out=school_holidays(year, year + 1),
        ),
        Plan(
            "金鱼社区共建医院药理知识咨询",
            JINYU_HALL,
            "金鱼社区",
            date(2025, 1, 1),
            "FREQ=MONTHLY;BYDAY=2TU",
            time(9),
            time(11, 30),
            "共建医院的医生、药师为居民提供药理知识咨询，可携带正在服用的药品。",
            venue="阅读室",
            groups=("elderly",),
            turnout=Turnout(walk_ins=(4, 9), walk_in_people=(1, 1, 2)),
        ),
        Plan(
            ANTI_FRAUD_TITLE,
            JINYU_HALL,
            "金鱼社区",
            date(2025, 1, 1),
            "FREQ=MONTHLY;BYDAY=3TH",
            time(14, 30),
            time(16),
            "共建银行网点讲解理财常识和常见诈骗手法，现场解答居民疑问。",
            capacity=30,
            venue="阅读室",
            turnout=Turnout(signups=(14, 26), people=(1, 1, 1, 2), walk_ins=(0, 3)),
            coming=(0.4, 0.2),
        ),
        Plan(
            "金鱼社区法律法规免费咨询",
            JINYU_HALL,
            "金鱼社区",
            date(2025, 1, 1),
            "FREQ=MONTHLY;BYDAY=1WE",
            time(9),
            time(11, 30),
            "共建律师事务所的律师免费解答婚姻家庭、劳动、物业等法律问题。",
            venue="茶艺室",
            turnout=Turnout(walk_ins=(3, 7)),
        ),
        Plan(
            "金鱼社区矛盾纠纷调解接待日",
            JINYU_HALL,
            "金鱼社区",
            date(2025, 1, 1),
            "FREQ=MONTHLY;BYDAY=4MO",
            time(9),
            time(11, 30),
            "南岸街道司法所在党群服务中心接待居民，及时介入邻里、家庭纠纷调解。",
            venue="书画室",
            turnout=Turnout(walk_ins=(2, 6), walk_in_people=(1, 2, 2)),
        ),
        Plan(
            "乐龄学堂·长者智能手机课",
            JIULONG,
            "九龙社区",
            date(2023, 3, 2),
            "FREQ=WEEKLY;BYDAY=TH",
            time(9, 30),
            time(11),
            "教长者使用智能手机：视频通话、健康码、移动支付、防范电信诈骗。",
            capacity=25,
            venue="一楼会议室",
            groups=("elderly",),
            project=SMARTPHONE_PROJECT,
            count=16,
            roles=(Role("助教志愿者", 2, skill="电脑网络"),),
            turnout=Turnout(signups=(18, 25), walk_ins=(0, 0)),
        ),
    ]
    homework_holidays = school_holidays(2025, 2026)
    for community in ("盘龙社区", "龙泉社区"):
        plans.append(
            Plan(
                f"四点半课堂（{community}）",
                JIULONG,
                community,
                date(2025, 9, 1),
                "FREQ=WEEKLY;BYDAY=TU,TH",
                time(16, 30),
                time(18),
                "放学后为双职工家庭和留守儿童提供作业辅导和课后陪伴，家长请提前为孩子报名。",
                capacity=20,
                place=f"{community}居民活动室",
                groups=("children", "left_behind"),
                project=HOMEWORK_CLUB_PROJECT,
                until=date(2026, 12, 31),
                roles=(Role("作业辅导志愿者", 2, skill="教育辅导"),),
                turnout=Turnout(signups=(10, 16), walk_ins=(0, 1)),
                left_out=homework_holidays,
                coming=(0.8,),
            )
        )
    for index, community in enumerate(communities):
        room = f"{community}社工室"
        where = {"venue": "多功能活动室"} if community == "彩云湖社区" else {}
        where = where or {"place": f"{community}居民活动室"}
        if index % 2 == 0:
            plans.append(
                Plan(
                    f"{community}长者生日会",
                    room,
                    community,
                    date(2013 + index % 4, 3, 1),
                    "FREQ=MONTHLY;INTERVAL=2;BYDAY=3FR",
                    time(14, 30),
                    time(16, 30),
                    "每两个月为这两个月过生日的长者集体庆生：文艺节目、长寿面和健康小讲座。",
                    capacity=30,
                    groups=("elderly",),
                    turnout=ELDERLY_BIRTHDAY,
                    coming=(1.1,) if index == 0 else (),
                    **where,
                )
            )
        else:
            plans.append(
                Plan(
                    f"{community}亲子手工坊",
                    room,
                    community,
                    date(2013 + index % 4, 4, 1),
                    "FREQ=MONTHLY;BYDAY=2SA",
                    time(9, 30),
                    time(11, 30),
                    "家长和孩子一起动手：剪纸、扎染、环保手工，每次报名可带家人同来。",
                    capacity=30,
                    groups=("children",),
                    turnout=FAMILY,
                    coming=(0.5,) if index == 1 else (),
                    **where,
                )
            )
        plans.append(
            Plan(
                f"{community}健康讲座",
                room,
                community,
                date(2019 + index % 3, 1, 1),
                "FREQ=MONTHLY;INTERVAL=2;BYDAY=4TH",
                time(14, 30),
                time(16),
                "社区卫生服务中心的医生讲解慢病防治、用药安全和养生知识，每两个月一次，居民自由参加。",
                groups=("elderly",),
                turnout=TALK,
                **where,
            )
        )
        if community in BANQUET_COMMUNITIES:
            plans.append(
                Plan(
                    f"{community}新春百家宴",
                    room,
                    community,
                    date(2016, 1, 1),
                    "FREQ=YEARLY;BYMONTH=2;BYDAY=1SA",
                    time(11, 30),
                    time(14),
                    "春节前的社区百家宴：居民各带一道拿手菜，邻里团聚，欢迎全家参加。",
                    turnout=BANQUET,
                    floor_days=400,
                    **where,
                )
            )
        if index < len(WEEKLY_GROUPS):
            name, weekday, starts, ends, places = WEEKLY_GROUPS[index]
            plans.append(
                Plan(
                    f"{community}{name}",
                    room,
                    community,
                    date(2025, 9, 1),
                    f"FREQ=WEEKLY;BYDAY={weekday}",
                    starts,
                    ends,
                    f"{name}，每周一次，社区居民自愿参加。",
                    capacity=places,
                    groups=("elderly",),
                    turnout=Turnout(signups=(8, 14), walk_ins=(0, 0)) if places else GROUP,
                    coming=(0.7,) if places else (),
                    **where,
                )
            )
    return [_with_pool(plan, number) for number, plan in enumerate(plans)]


def _with_pool(plan: Plan, number: int) -> Plan:
    # Each activity has its own 150 regulars (王某3000 …, under 王某9999).
    return replace(plan, pool=3000 + number * 150)


class World:
    """What the activities need from the other parts' records, by name."""

    def __init__(self):
        self.centers = {c.name: c for c in Center.objects.select_related("street")}
        self.communities = {c.name: c for c in Community.objects.all()}
        self.jiulong_communities = list(
            Community.objects.filter(street=self.centers[JIULONG].street)
            .order_by("pk")
            .values_list("name", flat=True)
        )
        self.venues = {(v.center_id, v.name): v for v in Venue.objects.all()}
        self.organizations = {o.name: o for o in SocialOrganization.objects.all()}
        self.teams = {t.name: t for t in Team.objects.all()}
        self.skills = {s.name: s for s in Skill.objects.all()}
        self.projects = {
            p.name: p
            for p in ServiceProject.objects.filter(
                name__in=[HOMEWORK_CLUB_PROJECT, SMARTPHONE_PROJECT, TRAFFIC_PROJECT]
            )
        }
        self.groups = {g.code: g for g in TargetGroup.objects.all()}


def load(*, stdout) -> None:
    clock = Stopwatch()
    world = World()
    made = [(plan, _activity(plan, world)) for plan in plans(world.jiulong_communities)]
    created = 0
    for plan, activity in made:
        start = history_start(plan.first_date, floor_days=plan.floor_days)
        created += occurrences_materialize(activity=activity, start=start).created
    clock.lap("occurrences")
    past = attendance.past_attendance(made)
    clock.lap("attendance")
    shifts = attendance.past_shifts(made)
    clock.lap("shifts")
    coming = _coming_signups(made)
    assigned = _coming_shifts(made)
    _a_cancellation_and_a_move(made)
    clock.lap("coming weeks")
    stdout.write(
        f"  services (activities): {len(made)} activities, {created} occurrences made, "
        f"{past.signups} past sign-ups and walk-ins ({past.people} people came), "
        f"{shifts.shifts} shifts served ({shifts.hours} hours entries new), "
        f"{coming} sign-ups to come, {assigned} shifts to come ({clock})"
    )


def _activity(plan: Plan, world: World) -> Activity:
    center = world.centers[plan.center]
    activity = Activity.objects.filter(center=center, title=plan.title).first()
    if activity is not None:
        return activity
    activity = Activity(
        center=center,
        title=plan.title,
        description=plan.description,
        community=world.communities[plan.community],
        venue=world.venues[(center.pk, plan.venue)] if plan.venue else None,
        place=plan.place,
        organization=world.organizations.get(plan.organization),
        team=world.teams.get(plan.team),
        project=world.projects.get(plan.project),
        is_public=plan.public,
        signup_required=plan.capacity is not None,
        capacity=plan.capacity,
        waitlist=True,
        first_date=plan.first_date,
        starts_at=plan.starts,
        ends_at=plan.ends,
        rrule=plan.rrule,
        until=plan.until,
        count=plan.count,
    )
    activity = activity_save(
        activity=activity, target_groups=[world.groups[code] for code in plan.groups]
    )
    bulk_create_with_history(
        [ActivityException(activity=activity, date=day) for day in plan.left_out],
        ActivityException,
    )
    bulk_create_with_history(
        [
            ShiftRole(
                activity=activity,
                name=role.name,
                slots=role.slots,
                team=world.teams.get(role.team),
                skill=world.skills.get(role.skill),
            )
            for role in plan.roles
        ],
        ShiftRole,
    )
    return activity


def _coming(activity: Activity, number: int, *, cancelled: bool = False) -> list[Occurrence]:
    """The activity's next occurrences by their date in the schedule, from
    tomorrow on, in the window (with the cancelled ones when asked: a second run
    then finds the same ones, whatever the first did to them)."""
    occurrences = activity.occurrences.filter(
        rule_date__gt=today(), rule_date__lte=window_end()
    ).order_by("rule_date")
    if not cancelled:
        occurrences = occurrences.filter(status=OccurrenceStatus.SCHEDULED)
    return list(occurrences[:number])


def _coming_signups(made) -> int:
    """Residents signing up for the next occurrences, through `signup_create`
    (places, then the waiting list): the next haircut is full with people
    waiting. An occurrence someone already signed up for is left alone."""
    count = 0
    for plan, activity in made:
        if not plan.coming or not activity.signup_required:
            continue
        occurrences = _coming(activity, len(plan.coming), cancelled=True)
        taken = set(
            Signup.objects.filter(occurrence__in=occurrences).values_list("occurrence", flat=True)
        )
        for occurrence, share in zip(occurrences, plan.coming, strict=False):
            if occurrence.pk in taken or occurrence.is_cancelled:
                continue
            rng = rng_for("coming", activity.pk, occurrence.rule_date)
            wanted = round(occurrence.capacity * share)
            people = 0
            for number in range(plan.pool, plan.pool + 150):
                if people >= wanted:
                    break
                name, phone = person(number)
                size = rng.choice(plan.turnout.people) if plan.turnout else 1
                signup_create(
                    signup=Signup(
                        occurrence=occurrence,
                        name=name,
                        phone=phone,
                        people=size,
                        channel=SignupChannel.ONLINE if rng.random() < 0.6 else SignupChannel.STAFF,
                    ),
                    consented=True,
                )
                people += size
                count += 1
    return count


def _coming_shifts(made) -> int:
    """Volunteers assigned to the next occurrence of each activity with roles,
    through `shifts_assign` (one slot of each role left open for staff to fill)."""
    count = 0
    for plan, activity in made:
        if not plan.roles:
            continue
        for occurrence in _coming(activity, 1, cancelled=True):
            if occurrence.is_cancelled or occurrence.shift_assignments.exists():
                continue
            picks, chosen = {}, set()
            for role in activity.shift_roles.order_by("pk"):
                start, end = role.period_at(occurrence)
                eligible = eligible_volunteers(role=role, occurrence=occurrence)
                busy = clashing_shifts(
                    volunteer_ids=eligible.values("pk"),
                    occurrence=occurrence,
                    starts_at=start,
                    ends_at=end,
                ).values("volunteer")
                free = eligible.exclude(pk__in=busy).exclude(pk__in=chosen).order_by("pk")
                picks[role] = list(free[: max(1, role.slots - 1)])
                chosen |= {volunteer.pk for volunteer in picks[role]}
            count += len(shifts_assign(occurrence=occurrence, picks=picks))
    return count


def _a_cancellation_and_a_move(made) -> None:
    """The anti-fraud talk after next is cancelled (the speaker cannot come) and
    Caiyunhu's next birthday party moves a day, each with its notices to pass on
    by phone. Once in the demo's life, not at each run."""
    by_title = {plan.title: activity for plan, activity in made}
    talk = by_title[ANTI_FRAUD_TITLE]
    if not talk.occurrences.filter(status=OccurrenceStatus.CANCELLED).exists():
        coming = _coming(talk, 2)
        if len(coming) == 2:
            occurrence_cancel(occurrence=coming[1], note=TALK_CANCELLED)
    party = by_title[MOVED_PARTY_TITLE]
    moved = any(
        occurrence.starts_at != local(occurrence.rule_date, party.starts_at)
        for occurrence in party.occurrences.all()
    )
    if not moved:
        for occurrence in _coming(party, 1):
            occurrence_move(
                occurrence=occurrence,
                starts_at=occurrence.starts_at + timedelta(days=1),
                ends_at=occurrence.ends_at + timedelta(days=1),
                note=PARTY_MOVED,
            )
