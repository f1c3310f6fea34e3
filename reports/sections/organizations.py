"""Organizations: fostered, hosted, filed, registered, hubs, stages, follow-ups."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from centers.models import Center, FollowUpVisit, Residency, SocialOrganization
from reports.figures import Breakdown, Figure, Section, admin_list


def organizations_section(scope, period) -> Section:
    kept = SocialOrganization.objects.filter(center__in=scope.center_ids)
    if scope.community:
        kept = kept.filter(community=scope.community)
    link = {"center__id__in": scope.center_ids}
    if scope.community:
        link["community__id__exact"] = scope.community.pk
    counts = kept.aggregate(  # 1 query
        fostered=Count("pk"),
        filed=Count("pk", filter=Q(registration_status="filed")),
        registered=Count("pk", filter=Q(registration_status="registered")),
        hubs=Count("pk", filter=Q(is_hub=True)),
    )
    by_stage = list(  # 1 query
        kept.exclude(stage=None)
        .values_list("stage__pk", "stage__name")
        .annotate(count=Count("pk"))
        .order_by("stage__order")
    )
    hosted_at = Residency.objects.filter(center__in=scope.center_ids, moved_in__lte=period.end)
    hosted_at = hosted_at.filter(Q(moved_out=None) | Q(moved_out__gt=period.end))
    if scope.community:
        hosted_at = hosted_at.filter(organization__community=scope.community)
    hosted = hosted_at.values("organization").distinct().count()  # 1 query
    visits = FollowUpVisit.objects.filter(  # 1 query
        center__in=scope.center_ids, visited_on__gte=period.start, visited_on__lte=period.end
    )
    if scope.community:
        visits = visits.filter(organization__community=scope.community)
    rooms = Center.objects.filter(pk__in=scope.center_ids, kind=Center.Kind.COMMUNITY_ROOM)
    if scope.community:
        rooms = rooms.filter(community=scope.community)
    return Section(
        key="organizations",
        title=_("Organizations"),
        figures=[
            Figure(
                _("organizations fostered"),
                counts["fostered"],
                admin_list(SocialOrganization, **link),
            ),
            Figure(_("hosted"), hosted, admin_list(Residency, center__id__in=scope.center_ids)),
            Figure(
                _("filed with the street"),
                counts["filed"],
                admin_list(SocialOrganization, **link, registration_status="filed"),
            ),
            Figure(
                pgettext("organizations", "registered"),
                counts["registered"],
                admin_list(SocialOrganization, **link, registration_status="registered"),
            ),
            Figure(
                _("hub organizations"),
                counts["hubs"],
                admin_list(SocialOrganization, **link, is_hub__exact=1),
            ),
            Figure(
                _("follow-up visits"),
                visits.count(),
                admin_list(
                    FollowUpVisit,
                    center__id__in=scope.center_ids,
                    visited_on__gte=period.start.isoformat(),
                    visited_on__lte=period.end.isoformat(),
                ),
            ),
            Figure(
                _("community social-work rooms"),
                rooms.count(),  # 1 query
                admin_list(Center, id__in=scope.center_ids, kind="community_room"),
            ),
        ],
        breakdowns=[
            Breakdown(
                key="stages",
                title=_("Organizations by incubation stage"),
                columns=[_("incubation stage"), _("organizations")],
                rows=[
                    (name, count, admin_list(SocialOrganization, **link, stage__id__exact=pk))
                    for pk, name, count in by_stage
                ],
                chart="bar",
            ),
        ],
    )
