"""The article's world, part 2: Jiulong's 137 community workers, 103 of them
certified (so the rate computes to 75%), their learning, and the honors."""

from datetime import date, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from centers.models import Center, SocialOrganization
from members.models import (
    Certificate,
    CertificateLevel,
    EducationEnrollment,
    Honor,
    Member,
    TrainingAttendance,
    TrainingSession,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
WORKERS_AT_CENTER = 37  # plus 10 in each of the 10 community rooms = 137
CERTIFIED = 103
# Of the certified: 5 senior, 28 intermediate, the rest assistants.
LEVELS = [CertificateLevel.SENIOR] * 5 + [CertificateLevel.INTERMEDIATE] * 28


def fictional_name(index: int) -> str:
    """王某001: plainly made up, never a real person's name."""
    return f"{SURNAMES[index % len(SURNAMES)]}某{index:03d}"


def load(*, stdout) -> None:
    jiulong = Center.objects.get(name="九龙社工中心")
    rooms = list(
        Center.objects.filter(kind=Center.Kind.COMMUNITY_ROOM, street=jiulong.street).order_by("pk")
    )
    members = _members(jiulong, rooms)
    _certificates(members)
    _learning(jiulong, members)
    _honors(jiulong, rooms, members)
    rate = Member.objects.filter(center__street=jiulong.street).certification_rate()
    stdout.write(f"  members: {rate} of Jiulong's community workers certified")


def _members(jiulong, rooms):
    director, _ = Member.objects.get_or_create(
        center=jiulong,
        name="陈会兰",
        defaults={
            "position": Member.Position.DIRECTOR,
            "gender": "F",
            "joined_on": date(2019, 4, 1),
        },
    )
    places = [jiulong] * (WORKERS_AT_CENTER - 1) + [room for room in rooms for _ in range(10)]
    existing = set(
        Member.objects.filter(center__in=[jiulong, *rooms]).values_list("name", flat=True)
    )
    bulk_create_with_history(
        [
            Member(
                center=center,
                name=fictional_name(index),
                gender="F" if index % 3 else "M",
                position=(
                    Member.Position.SOCIAL_WORKER
                    if index % 4 == 0
                    else Member.Position.COMMUNITY_WORKER
                ),
                joined_on=date(2013 + index % 7, 1 + index % 12, 1),
            )
            for index, center in enumerate(places, start=1)
            if fictional_name(index) not in existing
        ],
        Member,
    )
    others = Member.objects.filter(center__in=[jiulong, *rooms]).exclude(pk=director.pk)
    return [director, *others.order_by("pk")]


def _certificates(members):
    certified = members[:CERTIFIED]
    have = set(Certificate.objects.filter(member__in=certified).values_list("member", flat=True))
    issued = []
    for index, member in enumerate(certified):
        if member.pk in have:
            continue
        level = LEVELS[index] if index < len(LEVELS) else CertificateLevel.ASSISTANT
        issued_on = date(2014 + index % 7, 6, 20)
        issued.append(
            Certificate(
                member=member,
                level=level,
                number=f"DEMO{issued_on.year}{index + 1:05d}",
                issued_on=issued_on,
                registration_valid_until=date(2027, 6, 30),
            )
        )
    bulk_create_with_history(issued, Certificate)


def _learning(jiulong, members):
    """A year of weekly meetings, case discussions and Friday reviews at the center,
    a counsellor's lecture, and 12 workers in the Open University course."""
    this_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    plan = []
    for week in range(1, 53):
        monday = this_monday - timedelta(weeks=week)
        plan.append((TrainingSession.Kind.WEEKLY_MEETING, "每周例会", monday, 1))
        plan.append((TrainingSession.Kind.FRIDAY_REVIEW, "周五复盘", monday + timedelta(days=4), 1))
        if week % 2 == 0:
            plan.append(
                (TrainingSession.Kind.CASE_DISCUSSION, "个案研讨", monday + timedelta(days=2), 2)
            )
    plan.append(
        (
            TrainingSession.Kind.LECTURE,
            "心理咨询师讲座：情绪与压力",
            this_monday - timedelta(weeks=10),
            3,
        )
    )
    existing = set(TrainingSession.objects.filter(center=jiulong).values_list("kind", "held_on"))
    bulk_create_with_history(
        [
            TrainingSession(
                center=jiulong,
                kind=kind,
                title=title,
                held_on=held_on,
                hours=hours,
                speaker="心理咨询师（演示）" if kind == TrainingSession.Kind.LECTURE else "",
            )
            for kind, title, held_on, hours in plan
            if (kind, held_on) not in existing
        ],
        TrainingSession,
    )
    at_center = [m for m in members if m.center_id == jiulong.pk]
    sessions = TrainingSession.objects.filter(center=jiulong)
    recorded = set(
        TrainingAttendance.objects.filter(session__in=sessions).values_list("session", "member")
    )
    bulk_create_with_history(
        [
            TrainingAttendance(session=session, member=member)
            for session in sessions
            for index, member in enumerate(at_center)
            if (session.pk + index) % 5 != 0 and (session.pk, member.pk) not in recorded
        ],
        TrainingAttendance,
    )
    start = date(timezone.localdate().year - 1, 9, 1)
    for member in at_center[1:13]:
        EducationEnrollment.objects.get_or_create(
            member=member,
            program="社会工作（专科）",
            defaults={"institution": "国家开放大学", "started_on": start},
        )


def _honors(jiulong, rooms, members):
    Honor.objects.get_or_create(
        title="全国2020年“终身学习品牌项目”",
        year=2020,
        center=jiulong,
        defaults={"level": Honor.Level.NATIONAL, "awarded_by": "教育部职业教育与成人教育司"},
    )
    street_honor = {"level": Honor.Level.STREET, "awarded_by": "九龙街道办事处"}
    organizations = SocialOrganization.objects.filter(
        center=jiulong, registration_status="registered"
    )
    for org in organizations.order_by("pk")[:5]:
        Honor.objects.get_or_create(
            title="优秀社会组织", year=2020, organization=org, defaults=street_honor
        )
    for room in rooms[:5]:
        Honor.objects.get_or_create(
            title="优秀社工室", year=2020, center=room, defaults=street_honor
        )
    for member in members[:10]:
        Honor.objects.get_or_create(
            title="优秀社会工作者", year=2020, member=member, defaults=street_honor
        )
