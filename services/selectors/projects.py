"""Reads about service projects: the dashboard's figures (projects by level,
origin and status, budgets and spending), a project's report page, and the
projects list with what each has spent.

Money spent on a project is what was recorded against it: its expenses, and
the units of its unit-priced outputs (volunteers' paid work units) at their
item's price, whether already paid out or still owed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from centers.queries import SubqueryCount
from services.models import (
    Activity,
    Occurrence,
    OccurrenceStatus,
    ProjectDeliverable,
    ProjectExpense,
    ProjectLevel,
    ProjectOrigin,
    ProjectOutput,
    ProjectStatus,
    ServiceProject,
    ShiftAssignment,
    Signup,
    SignupStatus,
)
from volunteers.models import PaidWorkUnits, ServiceHours

MONEY = DecimalField(max_digits=14, decimal_places=2)
HOURS = DecimalField(max_digits=12, decimal_places=2)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _money(value) -> Decimal:
    # SQLite sums decimals as floats: back to yuan and fen.
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part, whole) -> int | None:
    """Part of whole in whole per cent, rounded half up; None without a whole."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def unit_cost():
    """What one row of paid work units comes to, in yuan."""
    return ExpressionWrapper(F("units") * F("item__unit_price"), output_field=MONEY)


def running_between(projects: QuerySet, start: date, end: date) -> QuerySet:
    """The projects whose period overlaps these days (without an end: still running)."""
    return projects.filter(Q(ends_on=None) | Q(ends_on__gte=start), starts_on__lte=end)


# The admin list's filter of projects running during some days, as the
# dashboard links to it: ?running=2026-01-01..2026-11-28
RUNNING_PARAM = "running"


def running_value(start: date, end: date) -> str:
    return f"{start.isoformat()}..{end.isoformat()}"


def parse_running(value: str) -> tuple[date, date] | None:
    first, dots, last = (value or "").partition("..")
    try:
        start, end = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        return None
    return (start, end) if dots and start <= end else None


def scoped_projects(*, center_ids, community_id: int | None) -> QuerySet:
    """Projects kept by these centers; in one community, those covering it."""
    projects = ServiceProject.objects.filter(center__in=center_ids)
    if community_id:
        projects = projects.filter(communities=community_id)
    return projects


def _dated(start, end, field):
    if start is None:
        return {}
    return {f"{field}__gte": start, f"{field}__lte": end}


def with_spend(
    projects: QuerySet, *, start: date | None = None, end: date | None = None, name="spent"
):
    """Annotate `name`: the money spent on each project (between these days, or
    ever): two correlated sums, no join that would multiply rows."""
    expenses = (
        ProjectExpense.objects.filter(project=OuterRef("pk"), **_dated(start, end, "spent_on"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    units = (
        PaidWorkUnits.objects.filter(
            item__project_output__project=OuterRef("pk"), **_dated(start, end, "worked_on")
        )
        .order_by()
        .values("item__project_output__project")
        .annotate(total=Sum(unit_cost()))
        .values("total")
    )
    zero = Value(ZERO, output_field=MONEY)
    return projects.annotate(
        **{
            name: ExpressionWrapper(
                Coalesce(Subquery(expenses, output_field=MONEY), zero)
                + Coalesce(Subquery(units, output_field=MONEY), zero),
                output_field=MONEY,
            )
        }
    )


# --- The dashboard ------------------------------------------------------------


@dataclass(frozen=True)
class LevelRow:
    level: ProjectLevel
    by_status: dict[str, int]  # every status, zeros included
    budget: Decimal
    spent: Decimal  # during the period

    @property
    def projects(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class OriginRow:
    origin: ProjectOrigin
    projects: int
    landed: int


@dataclass(frozen=True)
class ProjectFigures:
    by_level: list[LevelRow]  # every level, city first
    by_origin: list[OriginRow]  # every origin
    by_status: dict[str, int]  # every status

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def budget(self) -> Decimal:
        return sum((row.budget for row in self.by_level), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((row.spent for row in self.by_level), ZERO)


def project_figures(*, center_ids, community_id: int | None, start: date, end: date):
    """The projects of a scope running at some time between `start` and `end`,
    by level, origin and status, their budgets and what was spent on them during
    those days. Three queries: the projects grouped, the expenses, the units."""
    projects = running_between(
        scoped_projects(center_ids=center_ids, community_id=community_id), start, end
    )
    counts: dict[tuple, int] = {}
    budgets = dict.fromkeys(ProjectLevel.values, ZERO)
    for level, origin, status, count, budget in (
        projects.order_by()
        .values_list("level", "origin", "status")
        .annotate(projects=Count("pk"), budget_total=Sum("budget"))
    ):
        counts[level, origin, status] = count
        budgets[level] += _money(budget)
    spent = dict.fromkeys(ProjectLevel.values, ZERO)
    chosen = projects.values("pk")
    for level, amount in (
        ProjectExpense.objects.filter(project__in=chosen, spent_on__gte=start, spent_on__lte=end)
        .order_by()
        .values_list("project__level")
        .annotate(total=Sum("amount"))
    ):
        spent[level] += _money(amount)
    for level, amount in (
        PaidWorkUnits.objects.filter(
            item__project_output__project__in=chosen, worked_on__gte=start, worked_on__lte=end
        )
        .order_by()
        .values_list("item__project_output__project__level")
        .annotate(total=Sum(unit_cost()))
    ):
        spent[level] += _money(amount)

    def count(level=None, origin=None, status=None) -> int:
        return sum(
            n
            for (lv, og, st), n in counts.items()
            if level in (None, lv) and origin in (None, og) and status in (None, st)
        )

    return ProjectFigures(
        by_level=[
            LevelRow(
                level=level,
                by_status={status: count(level=level, status=status) for status in ProjectStatus},
                budget=budgets[level],
                spent=spent[level],
            )
            for level in ProjectLevel
        ],
        by_origin=[
            OriginRow(
                origin=origin,
                projects=count(origin=origin),
                landed=count(origin=origin, status=ProjectStatus.LANDED),
            )
            for origin in ProjectOrigin
        ],
        by_status={status: count(status=status) for status in ProjectStatus},
    )


def projects_per_community(*, center_ids, start: date, end: date) -> dict[int, int]:
    """{community id: projects of these centers covering it, running between
    these days}; one query."""
    covered = ServiceProject.communities.through.objects.filter(
        serviceproject__in=running_between(
            ServiceProject.objects.filter(center__in=center_ids), start, end
        ).values("pk")
    )
    return dict(
        covered.order_by().values_list("community").annotate(projects=Count("serviceproject"))
    )


def projects_for_export(*, center_ids, community_id: int | None, start: date, end: date):
    """The scope's projects running in the period, with what they spent in it and
    in all; one query (the rows may be iterated once)."""
    projects = running_between(
        scoped_projects(center_ids=center_ids, community_id=community_id), start, end
    )
    projects = with_spend(projects, start=start, end=end, name="spent_in_period")
    return with_spend(projects, name="spent_in_all").select_related("center", "contractor")


# --- A project's page -----------------------------------------------------------


@dataclass(frozen=True)
class OutputRow:
    output: ProjectOutput
    units: int

    @property
    def target(self) -> int | None:
        return self.output.target_units

    @property
    def percent(self) -> int | None:
        return percent(self.units, self.target)

    @property
    def cost(self) -> Decimal:
        return _money(self.units * self.output.item.unit_price)


@dataclass(frozen=True)
class ProjectReport:
    project: ServiceProject
    communities: list
    target_groups: list
    activities: list  # Activity, annotated with held, people and volunteer_hours
    outputs: list[OutputRow]
    deliverables: list[ProjectDeliverable]
    expenses: list[ProjectExpense]

    @property
    def occurrences_held(self) -> int:
        return sum(activity.held for activity in self.activities)

    @property
    def people_served(self) -> int:
        return sum(activity.people for activity in self.activities)

    @property
    def volunteer_hours(self) -> Decimal:
        return sum((activity.volunteer_hours for activity in self.activities), Decimal(0))

    @property
    def expenses_total(self) -> Decimal:
        return sum((expense.amount for expense in self.expenses), ZERO)

    @property
    def units_cost(self) -> Decimal:
        return sum((row.cost for row in self.outputs), ZERO)

    @property
    def spent(self) -> Decimal:
        return self.expenses_total + self.units_cost

    @property
    def left(self) -> Decimal:
        return self.project.budget - self.spent

    @property
    def spent_percent(self) -> int | None:
        return percent(self.spent, self.project.budget)


def project_for(user, pk) -> ServiceProject | None:
    """The project if this user may see it (one query), else None."""
    return (
        ServiceProject.objects.visible_to(user)
        .select_related("center", "contractor")
        .filter(pk=pk)
        .first()
    )


def activities_of(project: ServiceProject, *, now=None) -> QuerySet:
    """The project's activities, each with the occurrences held (scheduled and
    started by now), the people of its attended sign-ups and the confirmed
    volunteer hours of its shifts: one query, three correlated subqueries."""
    now = now or timezone.now()
    held = Occurrence.objects.filter(
        activity=OuterRef("pk"), status=OccurrenceStatus.SCHEDULED, starts_at__lte=now
    ).values("pk")
    people = (
        Signup.objects.filter(occurrence__activity=OuterRef("pk"), status=SignupStatus.ATTENDED)
        .order_by()
        .values("occurrence__activity")
        .annotate(total=Sum("people"))
        .values("total")
    )
    hours = (
        ShiftAssignment.objects.filter(
            occurrence__activity=OuterRef("pk"),
            hours_entry__status=ServiceHours.Status.CONFIRMED,
        )
        .order_by()
        .values("occurrence__activity")
        .annotate(total=Sum("hours_entry__hours"))
        .values("total")
    )
    return (
        Activity.objects.filter(project=project)
        .select_related("community")
        .annotate(
            held=SubqueryCount(held),
            people=Coalesce(Subquery(people, output_field=IntegerField()), 0),
            volunteer_hours=Coalesce(
                Subquery(hours, output_field=HOURS), Value(Decimal(0), output_field=HOURS)
            ),
        )
        .order_by("title", "pk")
    )


def project_report(project: ServiceProject) -> ProjectReport:
    """Everything the project's page shows, in 6 queries whatever its size: the
    communities, the target groups, the activities (with their occurrences held,
    people served and volunteer hours), the outputs (with their units), the
    deliverables, the expenses."""
    units = (
        PaidWorkUnits.objects.filter(item=OuterRef("item"))
        .order_by()
        .values("item")
        .annotate(total=Sum("units"))
        .values("total")
    )
    outputs = (
        ProjectOutput.objects.filter(project=project)
        .select_related("item")
        .annotate(units_done=Coalesce(Subquery(units, output_field=IntegerField()), 0))
        .order_by("item__name")
    )
    return ProjectReport(
        project=project,
        communities=list(project.communities.order_by("name")),
        target_groups=list(project.target_groups.all()),
        activities=list(activities_of(project)),
        outputs=[OutputRow(output, output.units_done) for output in outputs],
        deliverables=list(
            ProjectDeliverable.objects.filter(project=project).select_related("accepted_by")
        ),
        expenses=list(ProjectExpense.objects.filter(project=project).order_by("-spent_on", "-pk")),
    )
