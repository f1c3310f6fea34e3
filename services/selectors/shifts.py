"""Reads about volunteer shifts: who may hold a role's slots, and the page that
staffs an occurrence (per role: slots filled and needed, the volunteers
assigned, and candidates, each free or already booked, with the clash named)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from services.models import HOLDING_PLACES, Occurrence, ShiftAssignment, ShiftRole, Signup
from volunteers.models import TeamMembership, Volunteer

# Candidates shown per role; a search narrows a long list (a team of 3,000).
CANDIDATES_SHOWN = 60
# What a candidate row needs (the volunteer's encrypted ID and the rest stay unread).
CANDIDATE_FIELDS = ("pk", "name", "volunteer_no", "phone")


def occurrence_day(occurrence: Occurrence) -> date:
    return timezone.localtime(occurrence.starts_at).date()


def current_members(team, day: date) -> QuerySet[TeamMembership]:
    """Memberships of the team or of its sub-teams that run on that day."""
    return TeamMembership.objects.filter(
        Q(team=team) | Q(team__parent=team), joined_on__lte=day
    ).filter(Q(left_on=None) | Q(left_on__gte=day))


def eligible_volunteers(*, role: ShiftRole, occurrence: Occurrence) -> QuerySet[Volunteer]:
    """Who may hold the role's slots at the occurrence: active volunteers of the
    activity's center who are, on its day, members of the role's team (or of one
    of its sub-teams) or have the role's skill; any of them when the role asks
    for neither."""
    volunteers = Volunteer.objects.active().filter(center=role.activity.center_id)
    wanted = Q()
    if role.team_id:
        members = current_members(role.team_id, occurrence_day(occurrence))
        wanted |= Q(Exists(members.filter(volunteer=OuterRef("pk"))))
    if role.skill_id:
        skilled = Volunteer.skills.through.objects.filter(
            volunteer=OuterRef("pk"), skill=role.skill_id
        )
        wanted |= Q(Exists(skilled))
    return volunteers.filter(wanted)


def clashing_shifts(
    *, volunteer_ids, occurrence: Occurrence, starts_at: datetime, ends_at: datetime
) -> QuerySet[ShiftAssignment]:
    """Shifts of these volunteers that a shift from `starts_at` to `ends_at` at the
    occurrence would clash with: any that overlaps it, and any other shift at the
    same occurrence (one shift per volunteer and occurrence)."""
    return ShiftAssignment.objects.filter(volunteer__in=volunteer_ids).filter(
        Q(occurrence=occurrence) | Q(starts_at__lt=ends_at, ends_at__gt=starts_at)
    )


def shift_label(shift: ShiftAssignment) -> str:
    """E.g. "免费理发 · 理发师, 2026-12-30 09:00–11:30" (the clash a refusal names)."""
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    return (
        f"{shift.occurrence.activity.title} · {shift.role.name}, {start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    )


@dataclass
class Candidate:
    volunteer: Volunteer
    clash: ShiftAssignment | None = None  # the shift that keeps them busy then
    ticked: bool = False  # on the form sent back (refused), to tick again

    @property
    def is_free(self) -> bool:
        return self.clash is None

    @property
    def clash_label(self) -> str:
        return shift_label(self.clash) if self.clash else ""


@dataclass
class RoleStaffing:
    role: ShiftRole
    starts_at: datetime
    ends_at: datetime
    assigned: list[ShiftAssignment]
    candidates: list[Candidate] = field(default_factory=list)
    more_candidates: bool = False  # more than CANDIDATES_SHOWN match
    errors: list = field(default_factory=list)  # the form's, about this role

    @property
    def filled(self) -> int:
        return len(self.assigned)

    @property
    def open_slots(self) -> int:
        return max(0, self.role.slots - self.filled)

    @property
    def field_name(self) -> str:
        return f"role_{self.role.pk}"


def _search(volunteers: QuerySet[Volunteer], term: str) -> QuerySet[Volunteer]:
    """The beginning of a name or of a volunteer number (both indexed)."""
    term = term.strip()
    if not term:
        return volunteers
    return volunteers.filter(Q(name__startswith=term) | Q(volunteer_no__startswith=term.upper()))


def occurrence_staffing(
    *, occurrence: Occurrence, search: str = "", limit: int = CANDIDATES_SHOWN
) -> list[RoleStaffing]:
    """Each role of the occurrence's activity with its assigned volunteers and
    candidates (free ones first, then by name).

    Queries: 1 the roles; 2 the occurrence's shifts with their volunteers; then
    one per role for its candidates (each flagged busy or not by a subquery);
    last, one for the shifts that keep the busy candidates busy. None per
    candidate or per shift.
    """
    roles = list(
        ShiftRole.objects.filter(activity=occurrence.activity_id).select_related(
            "activity", "team", "team__parent", "skill"
        )
    )
    shifts = list(
        ShiftAssignment.objects.filter(occurrence=occurrence)
        .select_related("volunteer", "hours_entry")
        .order_by("volunteer__name", "pk")
    )
    staffing = []
    for role in roles:
        starts_at, ends_at = role.period_at(occurrence)
        assigned = [shift for shift in shifts if shift.role_id == role.pk]
        staffing.append(RoleStaffing(role, starts_at, ends_at, assigned))
    staffing.sort(key=lambda row: (row.starts_at, row.role.name, row.role.pk))
    busy = []
    for row in staffing:
        holders = ShiftAssignment.objects.filter(
            volunteer=OuterRef("pk"), occurrence=occurrence, role=row.role
        )
        clash = ShiftAssignment.objects.filter(volunteer=OuterRef("pk")).filter(
            Q(occurrence=occurrence) | Q(starts_at__lt=row.ends_at, ends_at__gt=row.starts_at)
        )
        candidates = list(
            _search(eligible_volunteers(role=row.role, occurrence=occurrence), search)
            .exclude(Exists(holders))
            .annotate(busy=Exists(clash))
            .only(*CANDIDATE_FIELDS)
            .order_by("busy", "name", "pk")[: limit + 1]
        )
        row.more_candidates = len(candidates) > limit
        row.candidates = [Candidate(volunteer) for volunteer in candidates[:limit]]
        busy += [c for c in row.candidates if c.volunteer.busy]
    if busy:
        _name_the_clashes(busy, staffing, occurrence)
    return staffing


def _name_the_clashes(busy: list[Candidate], staffing: list[RoleStaffing], occurrence) -> None:
    """Find, in one query, the shift that keeps each busy candidate busy."""
    starts, ends = min(r.starts_at for r in staffing), max(r.ends_at for r in staffing)
    shifts = list(
        clashing_shifts(
            volunteer_ids={c.volunteer.pk for c in busy},
            occurrence=occurrence,
            starts_at=starts,
            ends_at=ends,
        )
        .select_related("role", "occurrence__activity")
        .order_by("starts_at", "pk")
    )
    for row in staffing:
        for candidate in row.candidates:
            if not candidate.volunteer.busy:
                continue
            candidate.clash = next(
                (
                    shift
                    for shift in shifts
                    if shift.volunteer_id == candidate.volunteer.pk
                    and (
                        shift.occurrence_id == occurrence.pk
                        or (shift.starts_at < row.ends_at and shift.ends_at > row.starts_at)
                    )
                ),
                None,
            )


@dataclass
class AttendanceSheet:
    occurrence: Occurrence
    signups: list  # holding places: confirmed, attended, no-show (walk-ins too)
    shifts: list[ShiftAssignment]

    @property
    def is_open(self) -> bool:
        """Attendance is taken once the occurrence has started (and not when cancelled)."""
        return not self.occurrence.is_cancelled and self.occurrence.is_past

    def counted(self, status: str) -> tuple[int, int]:
        """Sign-ups with this status, and their people."""
        rows = [s for s in self.signups if s.status == status]
        return len(rows), sum(s.people for s in rows)


def attendance_sheet(*, occurrence: Occurrence) -> AttendanceSheet:
    """The rows of the occurrence's attendance sheet.

    Queries: 1 the sign-ups holding places; 2 the shifts with their volunteers,
    roles and hours entries.
    """
    signups = list(
        Signup.objects.filter(occurrence=occurrence, status__in=HOLDING_PLACES).order_by(
            "channel", "created_at", "pk"
        )
    )
    shifts = list(
        ShiftAssignment.objects.filter(occurrence=occurrence)
        .select_related("volunteer", "role", "hours_entry")
        .order_by("role__starts_at", "role__name", "volunteer__name", "pk")
    )
    return AttendanceSheet(occurrence=occurrence, signups=signups, shifts=shifts)
