"""Reads for the residents' site as a whole: the home page (the services offered,
this week's activities, the network's figures) and /services/ (the services by
need). They live here, not in `centers`, because they gather what several apps
offer (STYLE.md's floors: the highest app needed reads the lower ones)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models import Center, PartnerService, PartnerUnit, ServiceField
from services.models import Activity, Occurrence, RepairService, ServedDay, TargetGroup
from services.selectors.activities import public_occurrences
from services.selectors.bookings import bookable_venues
from services.services.occurrences import local
from volunteers.figures import volunteer_figures

# At most this many of this week's occurrences on the home page (then a link to all).
WEEK_SHOWN = 10
# At most this many regular activities among the services offered on the home page.
OFFERED_ACTIVITIES_SHOWN = 6
# The home page's figures change slowly and sum a whole summary table: kept this long.
FIGURES_CACHE_SECONDS = 300
FIGURES_CACHE_KEY = "site:figures"


# --- This week's activities ----------------------------------------------------


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week of that day."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True)
class Week:
    monday: date
    sunday: date
    occurrences: list  # Occurrence, with `places_left`-ready annotations, soonest first
    more: bool  # more than were shown


def this_week(*, now: datetime | None = None, shown: int = WEEK_SHOWN) -> Week:
    """Occurrences of public activities, scheduled, in this week (Monday to Sunday,
    local time) and not over yet, soonest first: 2 queries (the occurrences with
    their activities and places, their target groups)."""
    now = now or timezone.now()
    monday, sunday = week_of(timezone.localdate(now))
    next_monday = local(sunday + timedelta(days=1), time())
    occurrences = list(
        public_occurrences().filter(ends_at__gt=now, starts_at__lt=next_monday)[: shown + 1]
    )
    return Week(monday, sunday, occurrences[:shown], more=len(occurrences) > shown)


# --- The network's figures -------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    volunteers: int  # registered now, from the volunteers' tallies
    person_times: int  # served in all, from the person-times tallies (服务人次)


def figures(*, today: date | None = None) -> Figures:
    """The whole network's figures, read from the dashboard's summary tables (never
    the records): 3 queries, cached for FIGURES_CACHE_SECONDS."""
    cached = cache.get(FIGURES_CACHE_KEY)
    if cached is not None:
        return cached
    today = today or timezone.localdate()
    every_center = Center.objects.values("pk")
    volunteers = volunteer_figures(
        center_ids=every_center, community_id=None, start=today, end=today, today=today
    )
    served = ServedDay.objects.aggregate(people=Coalesce(Sum("people"), 0))["people"]
    result = Figures(volunteers=volunteers.registered, person_times=served)
    cache.set(FIGURES_CACHE_KEY, result, FIGURES_CACHE_SECONDS)
    return result


# --- What is offered -------------------------------------------------------------


def offered_activities(*, now: datetime | None = None, groups: bool = False):
    """Public activities with an occurrence still to come, each with `next_pk` and
    `next_starts_at` (its next occurrence), the soonest first; one query (and one
    for their target groups, with `groups`)."""
    now = now or timezone.now()
    upcoming = (
        Occurrence.objects.upcoming(now).filter(activity=OuterRef("pk")).order_by("starts_at", "pk")
    )
    activities = (
        Activity.objects.public()
        .annotate(
            next_pk=Subquery(upcoming.values("pk")[:1]),
            next_starts_at=Subquery(upcoming.values("starts_at")[:1]),
        )
        .filter(next_pk__isnull=False)
        .select_related("community", "center", "organization", "team")
        .order_by("next_starts_at", "pk")
    )
    if groups:
        in_order = TargetGroup.objects.select_related("parent").order_by("order", "name")
        activities = activities.prefetch_related(Prefetch("target_groups", queryset=in_order))
    return activities


def partner_services(kinds=None) -> list[PartnerService]:
    """The free services of partner units (legal advice, mediation …), with their
    unit and its center; one query."""
    services = PartnerService.objects.select_related("partner", "partner__center")
    if kinds is not None:
        services = services.filter(partner__kind__in=kinds)
    return list(services.order_by("partner__center__name", "partner__name", "name"))


def repair_services() -> list[RepairService]:
    """Repair services taking orders, with their center; one query."""
    return list(RepairService.objects.filter(is_active=True).select_related("center"))


@dataclass(frozen=True)
class Offer:
    activities: list  # Activity with `next_pk`, `next_starts_at`
    more_activities: bool
    partner_services: list
    repair_services: list
    bookable_rooms: int


def offer(*, now: datetime | None = None) -> Offer:
    """What the network offers, for the home page: the regular activities, the
    partners' free services (each with `need`, its section on /services/),
    repairs, rooms (volunteering is always offered); 4 queries."""
    activities = list(offered_activities(now=now)[: OFFERED_ACTIVITIES_SHOWN + 1])
    partners = partner_services()
    for service in partners:
        service.need = need_of_partner(service.partner.kind)
    return Offer(
        activities=activities[:OFFERED_ACTIVITIES_SHOWN],
        more_activities=len(activities) > OFFERED_ACTIVITIES_SHOWN,
        partner_services=partners,
        repair_services=repair_services(),
        bookable_rooms=bookable_venues().count(),
    )


# --- The services by need (/services/) ----------------------------------------------


@dataclass(frozen=True)
class Need:
    """A need residents come with, and where its services are found: activities for
    these target groups (codes of migration services/0005, sub-groups included),
    organizations working in these fields (names of the seed list, centers/0003),
    free services of partner units of these kinds, and forms."""

    key: str  # the section's anchor on /services/
    title: str
    lead: str
    group_codes: tuple[str, ...] = ()
    field_names: tuple[str, ...] = ()
    partner_kinds: tuple[str, ...] = ()
    repairs: bool = False  # repair services and rooms
    volunteering: bool = False  # the application and the certificate check


NEEDS = (
    Need(
        "elderly",
        _("Older people"),
        _(
            "Activities for older residents, care organizations, and visits to those living "
            "alone: call your community's center to ask for one."
        ),
        group_codes=("elderly",),
        field_names=("养老服务",),
        partner_kinds=(PartnerUnit.Kind.HOSPITAL,),
    ),
    Need(
        "children",
        _("Children and young people"),
        _("Activities and groups for children and young people, and help for families."),
        group_codes=("children", "youth"),
        field_names=("儿童青少年",),
        partner_kinds=(PartnerUnit.Kind.SCHOOL,),
    ),
    Need(
        "disabled",
        _("People with disabilities"),
        _("Activities and organizations that support people with disabilities."),
        group_codes=("disabled",),
        field_names=("残疾人帮扶",),
    ),
    Need(
        "legal",
        _("Legal advice and mediation"),
        _(
            "Free legal advice, mediation of disputes between neighbours or in the family, "
            "and protection from fraud."
        ),
        field_names=("法律服务", "纠纷调解"),
        partner_kinds=(
            PartnerUnit.Kind.LAW_FIRM,
            PartnerUnit.Kind.JUDICIAL_OFFICE,
            PartnerUnit.Kind.BANK,
        ),
    ),
    Need(
        "repairs",
        _("Repairs and rooms"),
        _(
            "A technician at your door, usually within the hour; free when no parts are "
            "needed. Rooms of the centers for your group."
        ),
        repairs=True,
    ),
    Need(
        "volunteering",
        _("Volunteering"),
        _("Help your neighbours as a registered volunteer, and check a service certificate."),
        field_names=("志愿服务",),
        volunteering=True,
    ),
)


@dataclass
class NeedSection:
    need: Need
    groups: list = field(default_factory=list)  # TargetGroup: the activity list's filters
    activities: list = field(default_factory=list)  # Activity with its next occurrence
    fields: list = field(default_factory=list)  # ServiceField with `public_organizations`
    partner_services: list = field(default_factory=list)
    repair_services: list = field(default_factory=list)
    bookable_rooms: int = 0

    @property
    def is_empty(self) -> bool:
        """Nothing on record for this need (its text then sends residents to a center)."""
        return not (
            self.activities
            or self.fields
            or self.partner_services
            or self.need.repairs
            or self.need.volunteering
        )


def need_of_partner(kind: str) -> str:
    """The key of the need whose section lists a partner unit's free services, or ""."""
    return next((need.key for need in NEEDS if kind in need.partner_kinds), "")


def _codes_of(activity) -> set[str]:
    """The codes of an activity's target groups and of their main groups."""
    codes = set()
    for group in activity.target_groups.all():
        codes.add(group.code)
        if group.parent_id:
            codes.add(group.parent.code)
    return codes


def services_by_need(*, now: datetime | None = None) -> list[NeedSection]:
    """Each need with its activities, organizations, partners' services and forms,
    in 7 queries whatever the number of records: the target groups; the activities
    with their next occurrence; their target groups; the service fields with their
    public organizations counted; the partners' services; the repair services; the
    bookable rooms counted."""
    codes = {code for need in NEEDS for code in need.group_codes}
    names = {name for need in NEEDS for name in need.field_names}
    groups = {g.code: g for g in TargetGroup.objects.filter(code__in=codes)}
    activities = list(offered_activities(now=now, groups=True))
    fields = {
        f.name: f
        for f in ServiceField.objects.filter(name__in=names).annotate(
            public_organizations=Count("organizations", filter=Q(organizations__is_public=True))
        )
    }
    partners = partner_services(kinds={k for need in NEEDS for k in need.partner_kinds})
    repairs = repair_services()
    rooms = bookable_venues().count()
    codes_of = {activity.pk: _codes_of(activity) for activity in activities}
    sections = []
    for need in NEEDS:
        wanted = set(need.group_codes)
        section = NeedSection(
            need=need,
            groups=[groups[code] for code in need.group_codes if code in groups],
            activities=[a for a in activities if wanted & codes_of[a.pk]],
            fields=[
                fields[name]
                for name in need.field_names
                if name in fields and fields[name].public_organizations
            ],
            partner_services=[s for s in partners if s.partner.kind in need.partner_kinds],
        )
        if need.repairs:
            section.repair_services = repairs
            section.bookable_rooms = rooms
        sections.append(section)
    return sections
