"""The centers' workers (807 certified of 1,076 on the staff at 1x: 75%), their
certificates of the three levels, training sessions and attendance, education
and honors."""

import random
from datetime import date, timedelta
from decimal import Decimal

from bench.yibin.context import Context
from bench.yibin.sql import execute, rand, table
from centers.models import Center, SocialOrganization
from members.models import (
    Certificate,
    EducationEnrollment,
    Honor,
    Member,
    TrainingAttendance,
    TrainingSession,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
TRAINING_SINCE = date(2021, 1, 1)
# Share of the workers on the agencies' staff; the rest work in the community rooms.
AGENCY_SHARE = 455 / 1076


def build(ctx: Context) -> list:
    rng = random.Random(807)
    workers, certified, left = ctx.n("workers"), ctx.n("certified"), ctx.n("workers_left")
    on_agencies = round(workers * AGENCY_SHARE)
    members = []
    for index in range(workers + left):
        if index < workers:
            pool, slot = (
                (ctx.agencies, index) if index < on_agencies else (ctx.rooms, index - on_agencies)
            )
        else:
            pool, slot = ctx.centers, index
        center = pool[slot % len(pool)]
        joined = date(2008, 1, 1) + timedelta(
            days=rng.randrange((ctx.today - date(2008, 1, 1)).days)
        )
        room = center.kind == Center.Kind.COMMUNITY_ROOM
        members.append(
            Member(
                center=center,
                name=f"{SURNAMES[index % len(SURNAMES)]}某工{index:04d}",
                gender="F" if rng.random() < 0.7 else "M",
                phone=f"139{index:08d}",
                position=(
                    "community_worker"
                    if room
                    else ("director" if slot < len(pool) else "social_worker")
                ),
                joined_on=joined,
                left_on=None
                if index < workers
                else joined + timedelta(days=rng.randrange(1, max(2, (ctx.today - joined).days))),
            )
        )
    members = Member.objects.bulk_create(members)
    active = members[:workers]
    holders = rng.sample(active, certified) + [m for m in members[workers:] if rng.random() < 0.5]
    certificates, serial = [], 0
    for member in holders:
        roll = rng.random()
        levels = (
            ["assistant", "intermediate", "senior"]
            if roll < 0.03
            else (["assistant", "intermediate"] if roll < 0.30 else ["assistant"])
        )
        if len(levels) > 1 and rng.random() < 0.5:
            levels = levels[1:]  # passed the higher examination directly
        issued = min(
            date(2010, 6, 1) + timedelta(days=rng.randrange(5000)), ctx.today - timedelta(days=30)
        )
        for level in levels:
            serial += 1
            certificates.append(
                Certificate(
                    member=member,
                    level=level,
                    number=f"{level[0].upper()}{issued.year}{serial:06d}",
                    issued_on=issued,
                    registration_valid_until=issued + timedelta(days=3 * 365),
                )
            )
            issued = min(issued + timedelta(days=rng.randrange(365, 1500)), ctx.today)
    Certificate.objects.bulk_create(certificates)
    sessions(ctx, members)
    attendance()
    EducationEnrollment.objects.bulk_create(
        [
            EducationEnrollment(
                member=member,
                institution="国家开放大学宜宾分部",
                program="社会工作（专科起点本科）",
                started_on=date(2024, 9, 1),
                completed_on=date(2026, 7, 1) if index % 5 < 3 else None,
            )
            for index, member in enumerate(active[: ctx.n("enrollments")])
        ]
    )
    honors(ctx, active)
    return [Member, Certificate, TrainingSession, TrainingAttendance, EducationEnrollment, Honor]


def sessions(ctx: Context, members) -> None:
    """Weekly meetings, case discussions, Friday reviews and lectures at the
    agencies; monthly meetings and lectures in the rooms; since 2021, in every
    center that has staff."""
    staffed = {m.center_id for m in members}
    rows = []
    day = TRAINING_SINCE
    while day <= ctx.today:
        weekday, week = day.weekday(), (day - TRAINING_SINCE).days // 7
        first_of_kind = day.day <= 7
        quarter_lecture = day.month % 3 == 0 and 15 <= day.day <= 21 and weekday == 3
        for center in ctx.centers:
            if center.pk not in staffed:
                continue
            if center.kind == Center.Kind.COMMUNITY_ROOM:
                kinds = (
                    [("weekly_meeting", "社工室月度例会", 2)]
                    if first_of_kind and weekday == 1
                    else []
                )
            else:
                kinds = []
                if weekday == 0:
                    kinds.append(("weekly_meeting", "周例会", 1.5))
                if weekday == 2 and first_of_kind:
                    kinds.append(("case_discussion", "个案研讨", 2))
                if weekday == 4 and week % 2 == 0:
                    kinds.append(("friday_review", "周五复盘", 1))
            if quarter_lecture:
                kinds.append(("lecture", "专题讲座：老年人心理关怀", 3))
            rows += [
                TrainingSession(
                    center=center,
                    kind=kind,
                    title=title,
                    held_on=day,
                    hours=Decimal(str(hours)),
                    speaker="心理咨询师某" if kind == "lecture" else "",
                )
                for kind, title, hours in kinds
            ]
        day += timedelta(days=1)
    TrainingSession.objects.bulk_create(rows, batch_size=5000)


def attendance() -> None:
    """Each worker comes to a share of their center's sessions while on its staff:
    about half meet the continuing-education requirement of the period."""
    share = (
        f"CASE WHEN c.kind = 'community_room' THEN 0.3 + 0.7 * {rand('m.id', 11)} "
        f"ELSE 0.05 + 0.35 * {rand('m.id', 11)} END"
    )
    execute(
        f"""
        INSERT INTO {table(TrainingAttendance)} (session_id, member_id)
        SELECT s.id, m.id
        FROM {table(TrainingSession)} s
        JOIN {table(Member)} m ON m.center_id = s.center_id
            AND m.joined_on <= s.held_on AND (m.left_on IS NULL OR m.left_on > s.held_on)
        JOIN {table(Center)} c ON c.id = s.center_id
        WHERE {rand("s.id * 100003 + m.id", 12)} < {share}
        """
    )


def honors(ctx: Context, members) -> None:
    """优秀社会组织 / 优秀社工室 / 优秀社会工作者 each year, 5 / 5 / 10 at 1x."""
    per_year = max(1, round(ctx.n("honors") / 5 / 4))
    organizations = list(SocialOrganization.objects.order_by("pk"))
    rows = []
    for year in range(2021, 2026):
        for k in range(per_year):
            rows.append(
                Honor(
                    title="优秀社会组织",
                    year=year,
                    level="city",
                    awarded_by="宜宾市民政局",
                    organization=organizations[(year * 7 + k) % len(organizations)],
                )
            )
            rows.append(
                Honor(
                    title="优秀社工室",
                    year=year,
                    level="district",
                    awarded_by="区民政局",
                    center=ctx.rooms[(year * 5 + k) % len(ctx.rooms)],
                )
            )
            rows += [
                Honor(
                    title="优秀社会工作者",
                    year=year,
                    level="district",
                    awarded_by="区民政局",
                    member=members[(year * 11 + k * 2 + j) % len(members)],
                )
                for j in range(2)
            ]
    Honor.objects.bulk_create(rows)
