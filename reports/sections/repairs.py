"""Repairs: orders, response times against the target, ratings."""

from django.conf import settings
from django.utils.translation import gettext as _

from reports.figures import Figure, Section, admin_list
from services.figures import repair_period_figures
from services.models import RepairOrder


def repairs_section(scope, period) -> Section:
    figures = repair_period_figures(
        center_ids=scope.center_ids,
        community_id=scope.community.pk if scope.community else None,
        start=period.start,
        end=period.end,
    )
    link = {
        "response": "all",
        "service__center__id__in": scope.center_ids,
        "submitted_at__date__gte": period.start.isoformat(),
        "submitted_at__date__lte": period.end.isoformat(),
    }
    if scope.community:
        link["community__id__exact"] = scope.community.pk
    target = settings.REPAIR_RESPONSE_TARGET_MINUTES
    return Section(
        key="repairs",
        title=_("Repairs"),
        figures=[
            Figure(_("repair orders"), figures.orders, admin_list(RepairOrder, **link)),
            Figure(_("median response"), figures.median_minutes, unit=_(" min")),
            Figure(_("90th percentile response"), figures.p90_minutes, unit=_(" min")),
            Figure(
                _("on site within %(minutes)s minutes") % {"minutes": target},
                figures.share_within_target,
                unit="%",
                note=_("%(within)s of %(judged)s")
                % {
                    "within": figures.within_target,
                    "judged": figures.on_site + figures.late_waiting,
                },
            ),
            Figure(
                _("average rating"),
                figures.rating,
                note=_("%(count)s ratings") % {"count": figures.ratings},
            ),
        ],
    )
