"""Care: elderly residents living alone visited at home, and cases.

The article's story, in 广厦城社区 (Jiulong): 张杰, 81, a volunteer of the
current-affairs sub-team, and his wife 黄婆婆 are visited by the community every
month (the last visit about ten days ago); a few neighbours living alone complete
the list of residents due for a visit (one never visited, one visited long ago,
one with a follow-up overdue), and a neighbours' noise dispute is being mediated.
Written through the services (a few dozen records), so the last visits and the
person-times follow (`story`).

Around it, the center's care of the ten communities' elderly people living
alone since the brand's first years: each visited about monthly by the worker
who looks after that community, often with a volunteer of the same community,
some by phone, a few follow-ups; a few of them due for a visit now. The
residents are saved through `resident_save`, their visits written in bulk (then
`refresh_last_visited`), and the cases — casework, mediations with their
parties and agreement, legal consultations, psychological support — opened,
noted and moved through their stages by the case services, closed ones and
open ones at every stage.

The records are kept by 九龙社工中心, so its demo logins see them (its director
sees the cases; a staff login sees a case only once it is linked to the
worker's record). DEMO_SCALE scales the number of residents and cases.

Idempotent: a resident found by center and name is left as it is, with their
visits and cases. Names of people other than those in the article are plainly
made up ("王某801", "李某1001").
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from centers.models import Center, Community
from members.demo import fictional_name
from members.models import Member
from services.demo.common import history_start, rng_for, scaled
from services.models import Case, CaseKind, CaseNote, CaseStage, HomeVisit, Resident, TargetGroup
from services.services.cases import case_move, case_note_save, case_open
from services.services.residents import resident_save
from services.services.visits import home_visit_save, refresh_last_visited
from volunteers.models import Volunteer

# (name, gender, year of birth, address, target group codes, phone)
RESIDENTS = [
    ("张杰", "M", 1945, "广厦城小区3栋2单元501", ["empty_nest", "very_old"], "13908300081"),
    ("黄婆婆", "F", 1947, "广厦城小区3栋2单元501", ["empty_nest"], "13908300082"),
    ("王某801", "F", 1938, "广厦城小区1栋1单元102", ["elderly_alone", "very_old"], "13700000801"),
    ("李某802", "M", 1942, "广厦城小区5栋3单元203", ["elderly_alone"], "13700000802"),
    ("刘某803", "F", 1950, "广厦城小区7栋1单元401", ["elderly_alone", "dibao"], "13700000803"),
    ("陈某804", "M", 1949, "广厦城小区2栋2单元302", ["elderly_alone"], ""),
]
FINDINGS = [
    "身体状况良好，精神不错",
    "血压稳定，按时服药",
    "聊了聊最近创作的歌曲",
    "家中电器使用正常，提醒注意用电安全",
    "天气转凉，提醒添衣保暖",
]


def story(*, stdout) -> None:
    """张杰 and 黄婆婆, their neighbours, and the mediation."""
    center = Center.objects.get(name="九龙社工中心")
    community = Community.objects.get(name="广厦城社区")
    today = timezone.localdate()
    staff = list(
        Member.objects.filter(center=center)
        .exclude(position=Member.Position.DIRECTOR)
        .order_by("pk")[:3]
    )
    volunteers = list(
        Volunteer.objects.filter(center=center, status=Volunteer.Status.ACTIVE, community=community)
        .exclude(name="张杰")
        .order_by("pk")[:2]
    )
    made = {}
    for name, gender, born, address, codes, phone in RESIDENTS:
        if Resident.objects.filter(center=center, name=name).exists():
            continue
        resident = Resident(
            center=center,
            community=community,
            name=name,
            gender=gender,
            birth_year=born,
            address=address,
            phone=phone,
            consent_at=_local(date(2020, 3, 1)),
        )
        made[name] = resident_save(
            resident=resident, target_groups=TargetGroup.objects.filter(code__in=codes)
        )
    if made and staff:
        _visits(made, staff, volunteers, today)
        _mediation(made, staff[-1], today)
    theirs = Resident.objects.filter(center=center, name__in=[r[0] for r in RESIDENTS])
    due = theirs.due_for_a_visit().count()
    stdout.write(
        f"  services (care): {len(made)} residents of 广厦城社区 added (张杰's story), "
        f"{HomeVisit.objects.filter(resident__in=theirs).count()} home visits, "
        f"{due} residents living alone due for a visit"
    )


def _local(day: date, at: time = time(10)) -> datetime:
    return datetime.combine(day, at, timezone.get_current_timezone())


def _visit(resident, day, visitors, volunteers, findings, **fields):
    home_visit_save(
        visit=HomeVisit(resident=resident, visited_on=day, findings=findings, **fields),
        members=visitors,
        volunteers=volunteers,
    )


def _visits(made, staff, volunteers, today):
    # Every month for a year, the couple together; the last ten days ago.
    for month in range(12):
        day = today - timedelta(days=10 + 30 * month)
        for name in ("张杰", "黄婆婆"):
            if name in made:
                _visit(
                    made[name],
                    day,
                    staff[:1],
                    volunteers[:1],
                    FINDINGS[month % len(FINDINGS)],
                    mode=HomeVisit.Mode.PHONE if month % 4 == 3 else HomeVisit.Mode.VISIT,
                )
    if "王某801" in made:
        _visit(made["王某801"], today - timedelta(days=75), staff[:1], [], "行动不便，需要助浴服务")
    if "李某802" in made:
        _visit(
            made["李某802"],
            today - timedelta(days=40),
            staff[1:2] or staff[:1],
            volunteers[1:],
            "卫生间扶手松动",
            follow_up_needed=True,
            follow_up_by=today - timedelta(days=26),
        )
    if "刘某803" in made:
        _visit(made["刘某803"], today - timedelta(days=5), staff[:1], [], "低保复核材料已备齐")
    # 陈某804 has not been visited yet.


def _mediation(made, worker, today):
    """Noise between the 5th and the 6th floor, mediated since three weeks."""
    if "黄婆婆" not in made:
        return
    opened = today - timedelta(days=21)
    case = case_open(
        case=Case(
            resident=made["黄婆婆"],
            worker=worker,
            kind=CaseKind.MEDIATION,
            opened_on=opened,
            summary="楼上住户夜间噪音影响休息",
            parties="黄婆婆（501）与楼上601住户",
        ),
        at=_local(opened),
    )
    case_note_save(note=CaseNote(case=case, written_on=opened, text="上门听取黄婆婆诉求"))
    case = case_move(case=case, to=CaseStage.ASSESSMENT, at=_local(opened + timedelta(days=3)))
    case_note_save(
        note=CaseNote(case=case, written_on=opened + timedelta(days=4), text="走访601住户")
    )
    case_move(case=case, to=CaseStage.PLAN, at=_local(opened + timedelta(days=7)))


# --- The center's lists ------------------------------------------------------------

ALONE = 120  # elderly people living alone on the center's lists at DEMO_SCALE=1
CASES = 40  # at least one of each story (CASE_STORIES) at any scale
FIRST_DAY = date(2014, 1, 1)  # the first lists of people living alone
ALONE_FINDINGS = [
    "身体状况良好，精神不错",
    "血压偏高，提醒按时服药并复测",
    "独自在家，聊了家常，情绪稳定",
    "冰箱里食物充足，饮食正常",
    "提醒注意用电、用气安全，检查了燃气阀门",
    "天气转凉，提醒添衣保暖",
    "天气炎热，提醒多喝水、少出门",
    "腿脚不便，协助预约了社区医生上门",
    "子女上周回来过，老人很高兴",
    "帮忙缴纳了水电费",
    "电话问候，老人说一切都好",
    "提醒防范电信诈骗，留下了社工电话",
]
# (kind, the resident's groups, the problem, the parties, the agreement, notes by stage)
CASE_STORIES = [
    (
        CaseKind.MEDIATION,
        ["empty_nest"],
        "楼上住户装修噪音和漏水，邻里关系紧张",
        "{name}（{address}）与楼上住户",
        "楼上住户承担漏水维修费用，装修限定在工作日9:00—18:00进行",
        ["分别听取双方诉求", "会同物业查看漏水情况", "组织双方面对面协商", "回访双方，关系缓和"],
    ),
    (
        CaseKind.MEDIATION,
        ["families_in_hardship"],
        "兄弟姐妹因老人赡养费用分担发生争执",
        "{name}与其兄、其妹",
        "三人按月分担赡养费用，轮流陪老人就医",
        ["了解家庭情况与各方意见", "召开家庭会议", "拟定赡养协议", "回访执行情况"],
    ),
    (
        CaseKind.LEGAL,
        ["social_assistance"],
        "咨询房屋继承手续和遗嘱效力",
        "",
        "",
        ["讲解继承的法定顺序和所需材料", "转介共建律师事务所免费咨询"],
    ),
    (
        CaseKind.LEGAL,
        ["families_in_hardship"],
        "务工工资被拖欠三个月，咨询维权途径",
        "",
        "",
        ["梳理欠薪证据", "协助向劳动监察部门投诉，转介法律援助"],
    ),
    (
        CaseKind.CASEWORK,
        ["disabled"],
        "肢体残疾，出行困难，希望找到居家就业机会",
        "",
        "",
        [
            "入户了解需求",
            "评估身体状况与技能",
            "制定就业支持计划",
            "链接手工编织订单",
            "每周跟进完成情况",
            "评估：已稳定居家就业",
        ],
    ),
    (
        CaseKind.CASEWORK,
        ["children_in_hardship"],
        "父母外出务工，孩子由祖母照看，学习跟不上",
        "",
        "",
        [
            "家访了解孩子和祖母情况",
            "与班主任沟通学习情况",
            "安排参加四点半课堂",
            "每月与父母视频沟通",
            "评估：成绩和情绪都有进步",
        ],
    ),
    (
        CaseKind.CASEWORK,
        ["community_corrections"],
        "社区矫正对象，重新融入社区有困难",
        "",
        "",
        [
            "首次面谈，建立关系",
            "评估家庭支持和就业需求",
            "制定矫正帮扶计划",
            "参加社区公益服务",
            "链接职业技能培训",
            "评估：已找到工作",
        ],
    ),
    (
        CaseKind.PSYCHOLOGICAL,
        ["empty_nest"],
        "老伴去世后情绪低落，很少出门",
        "",
        "",
        [
            "上门陪伴倾听",
            "评估情绪状况",
            "制定哀伤辅导计划",
            "邀请参加长者生日会",
            "心理咨询师面谈",
            "评估：情绪明显好转，开始参加社区活动",
        ],
    ),
]
# Cases opened some days ago, still open, one at each stage (by their number).
LATEST = {0: 2, 7: 8, 4: 16, 5: 50, 6: 95}
STAGES = [CaseStage.ASSESSMENT, CaseStage.PLAN, CaseStage.INTERVENTION, CaseStage.EVALUATION]
# Days after opening at which a case moves to each stage, and closes.
STEP_DAYS = [4, 12, 20, 80]
CLOSE_DAYS = 100


def load(*, stdout) -> None:
    story(stdout=stdout)
    center = Center.objects.get(name="九龙社工中心")
    communities = list(Community.objects.filter(street=center.street).order_by("pk"))
    workers = list(
        Member.objects.filter(center=center)
        .exclude(position=Member.Position.DIRECTOR)
        .order_by("pk")
    )
    groups = {group.code: group for group in TargetGroup.objects.all()}
    made = _living_alone(center, communities, groups)
    visits = _visits_in_bulk(made, communities, workers)
    cases = _cases(center, communities, workers, groups)
    due = Resident.objects.filter(center=center).due_for_a_visit().count()
    stdout.write(
        f"  services (care): {len(made)} residents living alone added with {visits} home "
        f"visits, {cases} cases opened; {due} residents living alone due for a visit"
    )


def _address(community: Community, number: int) -> str:
    building, entrance = number % 12 + 1, number % 3 + 1
    flat = (number % 6 + 1) * 100 + number % 4 + 1
    return f"{community.name.removesuffix('社区')}小区{building}栋{entrance}单元{flat}"


def _enrolled(number: int) -> date:
    """When the resident came on the list: over the years, more of them lately."""
    today = timezone.localdate()
    span = (today - FIRST_DAY).days
    back = rng_for("enrolled", number).triangular(60, span, 60)
    return today - timedelta(days=int(back))


def _living_alone(center, communities, groups) -> dict[int, Resident]:
    """The residents added, by their number."""
    have = set(Resident.objects.filter(center=center).values_list("name", flat=True))
    made = {}
    for number in range(scaled(ALONE, least=12)):
        name = fictional_name(1001 + number)
        if name in have:
            continue
        rng = rng_for("alone", number)
        community = communities[number % len(communities)]
        born = rng.randint(1928, 1956)
        codes = ["elderly_alone"]
        if born <= timezone.localdate().year - 80:
            codes.append("very_old")
        if rng.random() < 0.15:
            codes.append("dibao")
        if rng.random() < 0.1:
            codes.append("elderly_disabled")
        resident = Resident(
            center=center,
            community=community,
            name=name,
            gender=rng.choice("FFM"),
            birth_year=born,
            address=_address(community, number),
            phone="" if rng.random() < 0.2 else f"1370003{number:04d}",
            consent_at=_local(_enrolled(number)),
        )
        made[number] = resident_save(resident=resident, target_groups=[groups[c] for c in codes])
    return made


def _visits_in_bulk(residents: dict[int, Resident], communities, workers) -> int:
    """About monthly since each came on the list, by the worker who looks after the
    community, with one of its volunteers every third time; the latest visit some
    days ago, a few long ago (due now), a few never."""
    if not residents:
        return 0
    today = timezone.localdate()
    index = {community.pk: number for number, community in enumerate(communities)}
    neighbours = {
        community.pk: list(
            Volunteer.objects.filter(
                center=next(iter(residents.values())).center_id,
                community=community,
                status=Volunteer.Status.ACTIVE,
            )
            .order_by("registered_on", "pk")
            .values_list("pk", "registered_on")[:6]
        )
        for community in communities
    }
    visits, members, volunteers = [], [], []
    for number, resident in residents.items():
        rng = rng_for("visits", number)
        roll = rng.random()
        if roll < 0.02:
            continue  # just came on the list: never visited yet
        last = today - timedelta(days=rng.randint(33, 80) if roll < 0.08 else rng.randint(1, 27))
        enrolled = _enrolled(number)
        day = last
        worker = workers[index[resident.community_id] % len(workers)]
        while day >= enrolled:
            visit = HomeVisit(
                resident=resident,
                visited_on=day,
                mode=HomeVisit.Mode.PHONE if rng.random() < 0.2 else HomeVisit.Mode.VISIT,
                findings=rng.choice(ALONE_FINDINGS),
            )
            if rng.random() < 0.04:
                visit.follow_up_needed = True
                visit.follow_up_by = day + timedelta(days=7)
                done = day + timedelta(days=rng.randint(1, 7))
                visit.followed_up_on = done if done < today else None
            visit._history_date = _local(day, time(17))
            visits.append(visit)
            members.append((visit, worker.pk))
            nearby = [pk for pk, on in neighbours[resident.community_id] if on and on <= day]
            if nearby and rng.random() < 0.35:
                volunteers.append((visit, rng.choice(nearby)))
            day -= timedelta(days=rng.randint(26, 38))
    bulk_create_with_history(visits, HomeVisit, batch_size=2000)
    HomeVisit.members.through.objects.bulk_create(
        [HomeVisit.members.through(homevisit_id=v.pk, member_id=m) for v, m in members],
        batch_size=5000,
    )
    HomeVisit.volunteers.through.objects.bulk_create(
        [HomeVisit.volunteers.through(homevisit_id=v.pk, volunteer_id=p) for v, p in volunteers],
        batch_size=5000,
    )
    refresh_last_visited(Resident.objects.filter(pk__in=[r.pk for r in residents.values()]))
    return len(visits)


def _cases(center, communities, workers, groups) -> int:
    """Cases through their stages, by the case services: those opened long ago
    are closed (mediations with the agreement reached, legal consultations
    answered early), the recent ones at their current stage."""
    today = timezone.localdate()
    social_workers = [w for w in workers if w.position == Member.Position.SOCIAL_WORKER] or workers
    have = set(Resident.objects.filter(center=center).values_list("name", flat=True))
    first = history_start(date(2016, 1, 1), floor_days=365)
    opened = 0
    for number in range(scaled(CASES, least=len(CASE_STORIES))):
        name = fictional_name(1501 + number)
        if name in have:
            continue
        rng = rng_for("case", number)
        kind, codes, summary, parties, agreement, notes = CASE_STORIES[number % len(CASE_STORIES)]
        community = communities[(number * 3) % len(communities)]
        resident = resident_save(
            resident=Resident(
                center=center,
                community=community,
                name=name,
                gender=rng.choice("FM"),
                birth_year=rng.randint(1940, 1995)
                if "children_in_hardship" not in codes
                else rng.randint(2012, 2018),
                address=_address(community, 500 + number),
                phone=f"1370004{number:04d}",
                consent_at=_local(first),
                consent_by=Resident.ConsentBy.GUARDIAN
                if "children_in_hardship" in codes
                else Resident.ConsentBy.RESIDENT,
            ),
            target_groups=[groups[code] for code in codes],
        )
        if number in LATEST:
            opened_on = today - timedelta(days=LATEST[number])
        else:
            opened_on = first + timedelta(days=rng.randint(0, max(0, (today - first).days - 120)))
        if resident.consent_at.date() > opened_on:
            resident.consent_at = _local(opened_on)
            resident_save(resident=resident)
        _case(
            resident,
            social_workers[number % len(social_workers)],
            kind,
            summary,
            parties,
            agreement,
            notes,
            opened_on,
            today,
        )
        opened += 1
    return opened


def _case(resident, worker, kind, summary, parties, agreement, notes, opened_on, today):
    case = case_open(
        case=Case(
            resident=resident,
            worker=worker,
            kind=kind,
            opened_on=opened_on,
            summary=summary,
            parties=parties.format(name=resident.name, address=resident.address),
        ),
        at=_local(opened_on, time(9, 30)),
    )
    texts = iter(notes)
    case_note_save(note=CaseNote(case=case, written_on=opened_on, text=next(texts)))
    if kind == CaseKind.LEGAL:
        answered = opened_on + timedelta(days=3)
        if answered < today:
            case = case_move(case=case, to=CaseStage.ASSESSMENT, at=_local(answered))
            case_note_save(note=CaseNote(case=case, written_on=answered, text=next(texts)))
            case_move(
                case=case,
                to=CaseStage.CLOSED,
                note="咨询已解答，当事人表示满意",
                at=_local(answered, time(16)),
            )
        return
    for stage, days in zip(STAGES, STEP_DAYS, strict=True):
        day = opened_on + timedelta(days=days)
        if day >= today:
            return
        case = case_move(case=case, to=stage, at=_local(day))
        text = next(texts, None)
        if text:
            case_note_save(note=CaseNote(case=case, written_on=day, text=text))
        if stage == CaseStage.INTERVENTION:
            for week in range(1, 4):
                session = day + timedelta(days=14 * week)
                if session < today:
                    case_note_save(
                        note=CaseNote(case=case, written_on=session, text=next(texts, "跟进面谈"))
                    )
    closed = opened_on + timedelta(days=CLOSE_DAYS)
    if closed < today:
        case_move(
            case=case,
            to=CaseStage.CLOSED,
            agreement=agreement if kind == CaseKind.MEDIATION else None,
            at=_local(closed, time(16)),
        )
