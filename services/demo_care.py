"""The article's world: the care of elderly residents in 广厦城社区 (Jiulong).

张杰, 81, a volunteer of the current-affairs sub-team, and his wife 黄婆婆 are
visited by the community every month (the last visit about ten days ago); a few
neighbours living alone complete the list of residents due for a visit (one
never visited, one visited long ago, one with a follow-up overdue), and a
neighbours' noise dispute is being mediated. The records are kept by 九龙社工中心,
so its demo logins see them (its director sees the case; a staff login sees a
case only once it is linked to the worker's record).

Written through the services (a few dozen records), so the last visits and the
person-times follow. Idempotent: a resident found by center and name is left
as it is, with their visits and cases. Names of people other than those in the
article are plainly made up ("王某801").
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from centers.models import Center, Community
from members.models import Member
from services.models import Case, CaseKind, CaseNote, CaseStage, HomeVisit, Resident, TargetGroup
from services.services.cases import case_move, case_note_save, case_open
from services.services.residents import resident_save
from services.services.visits import home_visit_save
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


def load(*, stdout) -> None:
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
    due = Resident.objects.filter(center=center).due_for_a_visit().count()
    stdout.write(
        f"  services (care): {len(made)} residents of 广厦城社区 added, "
        f"{HomeVisit.objects.filter(resident__center=center).count()} home visits, "
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
