"""The past of the demo's activities, written in bulk: who signed up and came
(or did not, or cancelled), who walked in, and the volunteers' shifts with the
hours they served.

Sign-ups never hold more places than an occurrence has; a phone signs up once
per occurrence; a volunteer never holds two overlapping shifts nor two at one
occurrence. The grassroots-star desks and 罗新's post are staffed by those the
volunteers demo's ledger says served that day, and their shifts point at those
entries (the hours are not counted twice); everyone else who served gets a new
entry from the shift's times, confirmed after a few days (the last two weeks'
still waiting for a director), as the attendance sheet would draft them. The
person-times and hours tallies are rebuilt by `load_demo` afterwards.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from services.demo.common import local, person, rng_for, start_of_today, today
from services.models import (
    Occurrence,
    OccurrenceStatus,
    ShiftAssignment,
    ShiftStatus,
    Signup,
    SignupChannel,
    SignupStatus,
)
from services.models.activities import REFERENCE_ALPHABET
from services.services.attendance import hours_between
from volunteers.models import ServiceHours, TeamMembership, Volunteer
from volunteers.services.hours import confirmed_hours_refresh

FRIDAYS_LEDGER = "草根明星每月第一个周五上午为民服务"  # the volunteers demo's activity text
TRAFFIC_LEDGER = "交通文明劝导"
LUO_XIN = "罗新"
ROSTER = 8  # regulars per skill role, who take turns
TRAFFIC_ROSTER = 40
RECENT = 14  # days of hours still waiting for confirmation


@dataclass
class PastAttendance:
    signups: int = 0
    people: int = 0


@dataclass
class PastShifts:
    shifts: int = 0
    hours: int = 0


def _without(related, occurrences):
    return occurrences.annotate(
        done=Exists(related.objects.filter(occurrence=OuterRef("pk")))
    ).filter(done=False)


def _past(activities):
    """Scheduled occurrences of these activities that ended before today."""
    return Occurrence.objects.filter(
        activity__in=activities,
        status=OccurrenceStatus.SCHEDULED,
        ends_at__lt=start_of_today(),
    ).order_by("activity", "starts_at")


def past_attendance(made) -> PastAttendance:
    """Sign-ups and walk-ins of every past occurrence that has none yet."""
    plans = {activity.pk: (plan, activity) for plan, activity in made if plan.turnout}
    rows = []
    for occurrence in _without(Signup, _past(list(plans))).iterator(2000):
        plan, activity = plans[occurrence.activity_id]
        rows += _turnout(plan, activity, occurrence)
    bulk_create_with_history(rows, Signup, batch_size=2000)
    came = [row for row in rows if row.status == SignupStatus.ATTENDED]
    return PastAttendance(signups=len(rows), people=sum(row.people for row in came))


def _turnout(plan, activity, occurrence) -> list[Signup]:
    turnout = plan.turnout
    rng = rng_for("turnout", plan.title, occurrence.rule_date)
    regulars = list(range(plan.pool, plan.pool + 150))
    rng.shuffle(regulars)
    people = iter(regulars)
    places = occurrence.capacity
    held, rows = 0, []
    if activity.signup_required:
        for _ in range(rng.randint(*turnout.signups)):
            size = rng.choice(turnout.people)
            if held + size > places:
                break
            name, phone = person(next(people))
            made = occurrence.starts_at - timedelta(hours=rng.randint(3, 240))
            roll = rng.random()
            if roll < 0.04:
                status, changed = SignupStatus.CANCELLED, made + timedelta(hours=2)
            else:
                status = SignupStatus.NO_SHOW if roll < 0.12 else SignupStatus.ATTENDED
                changed = occurrence.ends_at + timedelta(minutes=rng.randint(5, 60))
                held += size
            rows.append(
                _signup(
                    occurrence,
                    name,
                    phone,
                    size,
                    status,
                    SignupChannel.ONLINE if rng.random() < 0.55 else SignupChannel.STAFF,
                    made,
                    changed,
                )
            )
    for _ in range(rng.randint(*turnout.walk_ins)):
        size = rng.choice(turnout.walk_in_people)
        if places is not None and held + size > places:
            break
        held += size
        name, _phone = person(next(people))
        at = occurrence.ends_at + timedelta(minutes=rng.randint(5, 60))
        rows.append(_walk_in(occurrence, name, size, at))
    if not any(row.status == SignupStatus.ATTENDED for row in rows):
        # Somebody always came (an occurrence without sign-ups would be filled
        # again by the next run): one who had signed up, else one walking in.
        absent = next((row for row in rows if row.status == SignupStatus.NO_SHOW), None)
        if absent:
            absent.status = SignupStatus.ATTENDED
        else:
            name, _phone = person(next(people))
            rows.append(_walk_in(occurrence, name, 1, occurrence.ends_at))
    return rows


_references = random.Random()  # seeded by the system: not the same on each run
_made = set()


def _reference() -> str:
    """A sign-up reference as the model makes them (BM and 8 characters). The
    reference is only read out on the phone; the link's secret is the token,
    which the model still makes with `secrets`. So a faster generator will do
    for 30,000 rows."""
    while True:
        reference = "BM" + "".join(_references.choices(REFERENCE_ALPHABET, k=8))
        if reference not in _made:
            _made.add(reference)
            return reference


def _walk_in(occurrence, name, people, at) -> Signup:
    return _signup(
        occurrence, name, "", people, SignupStatus.ATTENDED, SignupChannel.WALK_IN, at, at
    )


def _signup(occurrence, name, phone, people, status, channel, made, changed) -> Signup:
    signup = Signup(
        reference=_reference(),
        occurrence=occurrence,
        name=name,
        phone=phone,
        people=people,
        status=status,
        channel=channel,
        consented_at=made if phone else None,
        created_at=made,
        changed_at=changed,
    )
    signup._history_date = changed  # the sheet was saved then
    return signup


# --- Shifts --------------------------------------------------------------------


class Volunteers:
    """The volunteers who may serve, what they already do and when."""

    def __init__(self, made):
        roles = [role for _plan, activity in made for role in activity.shift_roles.all()]
        centers = {activity.center_id for _plan, activity in made if activity.shift_roles.exists()}
        active = Volunteer.objects.filter(center__in=centers, status=Volunteer.Status.ACTIVE)
        self.info = {
            pk: (center, community, registered)
            for pk, center, community, registered in active.values_list(
                "pk", "center", "community", "registered_on"
            )
        }
        self.luo_xin = active.filter(name=LUO_XIN).values_list("pk", flat=True).first()
        self.zhang_jie = active.filter(name="张杰").values_list("pk", flat=True).first()
        self.by_community = defaultdict(list)
        for pk, (_center, community, _registered) in sorted(self.info.items()):
            self.by_community[community].append(pk)
        skills = {role.skill_id for role in roles if role.skill_id}
        self.skilled = defaultdict(list)
        for volunteer, skill in (
            Volunteer.skills.through.objects.filter(skill__in=skills, volunteer__in=active)
            .order_by("volunteer")
            .values_list("volunteer", "skill")
        ):
            self.skilled[skill].append(volunteer)
        teams = {role.team_id for role in roles if role.team_id}
        self.members = defaultdict(list)  # team: [(volunteer, joined_on, left_on)]
        for team, volunteer, joined, left in (
            TeamMembership.objects.filter(team__in=teams)
            .order_by("team", "pk")
            .values_list("team", "volunteer", "joined_on", "left_on")
        ):
            self.members[team].append((volunteer, joined, left))
        self.busy = defaultdict(list)
        for volunteer, starts, ends in ShiftAssignment.objects.filter(
            occurrence__activity__center__in=centers
        ).values_list("volunteer", "starts_at", "ends_at"):
            self.busy[volunteer].append((starts, ends))
        self.entries = {}  # (volunteer, day): entry of the grassroots desks or the traffic post
        linked = ShiftAssignment.objects.exclude(hours_entry=None).values("hours_entry")
        self.serving_days = set(
            ServiceHours.objects.filter(center__in=centers)
            .exclude(status=ServiceHours.Status.REJECTED)
            .values_list("volunteer_id", "served_on")
            .iterator(5000)
        )
        for entry in (
            ServiceHours.objects.filter(activity__in=[FRIDAYS_LEDGER, TRAFFIC_LEDGER])
            .exclude(status=ServiceHours.Status.REJECTED)
            .exclude(pk__in=linked)
        ):
            self.entries[(entry.volunteer_id, entry.served_on)] = entry

    def free(self, volunteer: int, start: datetime, end: datetime) -> bool:
        return all(end <= s or e <= start for s, e in self.busy[volunteer])

    def registered_by(self, volunteer: int, day) -> bool:
        info = self.info.get(volunteer)
        return info is not None and info[2] is not None and info[2] <= day

    def roster(self, role, day, size) -> list[int]:
        """Who may take the role on that day: members (on the day) of its team,
        else the first `size` registered volunteers with its skill, else of the
        activity's community."""
        if role.team_id:
            return [
                v
                for v, joined, left in self.members[role.team_id]
                if joined <= day and (left is None or left >= day) and v in self.info
            ]
        if role.skill_id:
            pool = self.skilled[role.skill_id]
        else:
            pool = self.by_community[role.activity.community_id]
        roster = []
        for volunteer in pool:
            if self.registered_by(volunteer, day):
                roster.append(volunteer)
                if len(roster) == size:
                    break
        return roster


def past_shifts(made) -> PastShifts:
    """Shifts of past occurrences that have none, for the volunteers who were
    registered (and in the role's team) on the day."""
    with_roles = [(plan, activity) for plan, activity in made if plan.roles]
    if not with_roles:
        return PastShifts()
    volunteers = Volunteers(with_roles)
    roles = defaultdict(list)
    for _plan, activity in with_roles:
        for role in activity.shift_roles.select_related("activity", "team").order_by("pk"):
            roles[activity.pk].append(role)
    titles = {activity.pk: activity.title for _plan, activity in with_roles}
    shifts, entries = [], []
    occurrences = _without(ShiftAssignment, _past([a for _p, a in with_roles]))
    for occurrence in occurrences.iterator(2000):
        day = timezone.localtime(occurrence.starts_at).date()
        rng = rng_for("shifts", occurrence.activity_id, occurrence.rule_date)
        chosen = set()
        for role in roles[occurrence.activity_id]:
            start, end = role.period_at(occurrence)
            for volunteer, served, entry in _staff(role, day, start, end, volunteers, rng, chosen):
                chosen.add(volunteer)
                volunteers.busy[volunteer].append((start, end))
                if entry is None and served:
                    title = titles[role.activity_id]
                    entry = _hours(volunteer, role, title, day, *served, volunteers)
                    entries.append(entry)
                    volunteers.serving_days.add((volunteer, day))
                shifts.append(
                    ShiftAssignment(
                        role=role,
                        occurrence=occurrence,
                        volunteer_id=volunteer,
                        starts_at=start,
                        ends_at=end,
                        status=ShiftStatus.SERVED if served else ShiftStatus.ABSENT,
                        served_from=served[0] if served else None,
                        served_until=served[1] if served else None,
                        hours_entry=entry,
                    )
                )
    bulk_create_with_history(entries, ServiceHours, batch_size=2000)
    for shift in shifts:
        shift.hours_entry_id = shift.hours_entry.pk if shift.hours_entry else None
    bulk_create_with_history(shifts, ShiftAssignment, batch_size=2000)
    confirmed_hours_refresh(volunteer_ids={shift.volunteer_id for shift in shifts})
    return PastShifts(shifts=len(shifts), hours=len(entries))


def _staff(role, day, start, end, volunteers, rng, chosen):
    """(volunteer, (served from, until) or None when absent, ledger entry or None)
    for the role's slots at the occurrence."""
    found = []
    if role.team_id and role.team.parent_id:
        # A grassroots sub-team's desk: those the ledger says served that day,
        # 张杰 first at his.
        members = volunteers.roster(role, day, 0)
        rng.shuffle(members)
        members.sort(key=lambda v: v != volunteers.zhang_jie)
        for volunteer in members:
            entry = volunteers.entries.get((volunteer, day))
            if entry is None or volunteer in chosen or not volunteers.free(volunteer, start, end):
                continue
            found.append((volunteer, (start, end), entry))
            if len(found) == role.slots:
                break
        return found
    luo_xin = volunteers.luo_xin
    pool = volunteers.roster(role, day, ROSTER)
    if role.team_id:
        # The traffic post: 罗新 (her morning is in the ledger: 7:00–9:30) and
        # regulars of the team taking turns.
        entry = volunteers.entries.get((luo_xin, day))
        if luo_xin in pool and entry is not None and volunteers.free(luo_xin, start, end):
            served = (local(day, time(7)), local(day, time(9, 30)))
            found.append((luo_xin, served, entry))
        pool = [v for v in pool if v != luo_xin][:TRAFFIC_ROSTER]
    rng.shuffle(pool)
    for volunteer in pool:
        if len(found) == role.slots:
            break
        if (
            volunteer in chosen
            or (volunteer, day) in volunteers.serving_days
            or not volunteers.free(volunteer, start, end)
        ):
            continue
        served = None if rng.random() < 0.04 else (start, end)
        found.append((volunteer, served, None))
    return found


def _hours(volunteer, role, title, day, served_from, served_until, volunteers) -> ServiceHours:
    center, community, _registered = volunteers.info[volunteer]
    recent = day > today() - timedelta(days=RECENT)
    return ServiceHours(
        volunteer_id=volunteer,
        center_id=center,
        community_id=community,
        team_id=role.team_id,
        served_on=day,
        hours=hours_between(served_from, served_until),
        content=role.name,
        activity=title,
        status=ServiceHours.Status.RECORDED if recent else ServiceHours.Status.CONFIRMED,
        confirmed_at=None if recent else local(day + timedelta(days=3), time(16)),
    )
