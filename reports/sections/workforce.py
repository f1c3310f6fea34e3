"""Workforce: community workers, certification, continuing education, honors."""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext as _

from members.figures import continuing_education_period
from members.models import Certificate, CertificateLevel, Honor, Member
from members.selectors import continuing_education_counts
from reports.figures import Breakdown, Figure, Section, admin_list

LEVEL_RANK = Case(
    When(level=CertificateLevel.SENIOR, then=Value(3)),
    When(level=CertificateLevel.INTERMEDIATE, then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)


def scoped_members(scope):
    members = Member.objects.filter(center__in=scope.center_ids)
    if scope.community:
        members = members.filter(center__community=scope.community)
    return members


def workforce_section(scope, period) -> Section:
    members = scoped_members(scope)
    on = period.end
    rate = members.certification_rate(on)  # 1 query
    link = {"center__id__in": scope.center_ids, "active": "yes"}

    # Each active certified member counted once, at their highest level: 1 query.
    highest = (
        Certificate.objects.filter(member=OuterRef("pk"), issued_on__lte=on)
        .annotate(rank=LEVEL_RANK)
        .order_by("-rank")
        .values("level")[:1]
    )
    by_level = dict(
        members.active(on)
        .annotate(highest=Subquery(highest))
        .exclude(highest=None)
        .values_list("highest")
        .annotate(count=Count("pk"))
    )
    # Continuing education in the 3-year period containing the period's end: 2 queries.
    ce_period = continuing_education_period(on)
    certified, met = continuing_education_counts(members.active(on).certified(on), ce_period)
    education = {"certified": certified, "met": met}
    # Honors awarded in the period's years, by recipient: 1 query.
    honors = Honor.objects.filter(
        Q(center__in=scope.center_ids)
        | Q(organization__center__in=scope.center_ids)
        | Q(member__center__in=scope.center_ids),
        year__gte=period.start.year,
        year__lte=period.end.year,
    ).aggregate(
        organizations=Count("pk", filter=Q(organization__isnull=False)),
        centers=Count("pk", filter=Q(center__isnull=False)),
        members=Count("pk", filter=Q(member__isnull=False)),
    )
    honors_link = {"year__gte": period.start.year, "year__lte": period.end.year}
    return Section(
        key="workforce",
        title=_("Workforce"),
        figures=[
            Figure(_("community workers"), rate.total, admin_list(Member, **link)),
            Figure(_("certified"), rate.certified, admin_list(Member, **link, certified="yes")),
            Figure(
                _("certification rate"),
                rate.percent,
                unit="%",
                note=f"{rate.certified}/{rate.total}",
            ),
            Figure(
                _("met the continuing-education requirement"),
                education["met"],
                note=_("of %(count)s certified, %(start)s – %(end)s")
                % {
                    "count": education["certified"],
                    "start": ce_period.start.year,
                    "end": ce_period.end.year,
                },
            ),
            Figure(_("honors"), sum(honors.values()), admin_list(Honor, **honors_link)),
        ],
        breakdowns=[
            Breakdown(
                key="certificate_levels",
                title=_("Certified workers by level"),
                columns=[_("level"), _("workers")],
                rows=[
                    (
                        level.label,
                        by_level.get(level.value, 0),
                        admin_list(
                            Certificate, level=level.value, member__center__id__in=scope.center_ids
                        ),
                    )
                    for level in CertificateLevel
                ],
            ),
            Breakdown(
                key="honors",
                title=_("Honors by recipient"),
                columns=[_("awarded to"), _("honors")],
                rows=[
                    (_("organizations"), honors["organizations"], ""),
                    (_("centers"), honors["centers"], ""),
                    (_("community workers"), honors["members"], ""),
                ],
            ),
        ],
    )
