"""Service projects: those running in the period by level, origin and status
(the article's "7 packaged, 4 introduced, 9 landed"), their budgets and what was
spent on them in the period."""

from django.utils.translation import gettext as _

from reports.figures import Breakdown, Figure, Section, admin_list
from services.models import ProjectOrigin, ProjectStatus, ServiceProject
from services.selectors.projects import RUNNING_PARAM, project_figures, running_value


def yuan(amount) -> str:
    return f"{amount:,.2f}"


def projects_section(scope, period) -> Section:
    community_id = scope.community.pk if scope.community else None
    figures = project_figures(  # 3 queries
        center_ids=scope.center_ids, community_id=community_id, start=period.start, end=period.end
    )
    link = {
        "center__id__in": scope.center_ids,
        RUNNING_PARAM: running_value(period.start, period.end),
    }
    if community_id:
        link["communities__id__exact"] = community_id

    def projects(**filters) -> str:
        return admin_list(ServiceProject, **link, **filters)

    origins = {row.origin: row for row in figures.by_origin}

    return Section(
        key="projects",
        title=_("Service projects"),
        figures=[
            Figure(
                _("projects"),
                figures.total,
                projects(),
                note=_("running at some time in the period"),
            ),
            Figure(
                _("packaged here"),
                origins[ProjectOrigin.PACKAGED].projects,
                projects(origin__exact=ProjectOrigin.PACKAGED),
            ),
            Figure(
                _("introduced"),
                origins[ProjectOrigin.INTRODUCED].projects,
                projects(origin__exact=ProjectOrigin.INTRODUCED),
            ),
            Figure(
                _("landed"),
                figures.by_status[ProjectStatus.LANDED],
                projects(status__exact=ProjectStatus.LANDED),
            ),
            Figure(_("budgets"), yuan(figures.budget), projects(), unit=_(" yuan")),
            Figure(
                _("spent in the period"),
                yuan(figures.spent),
                unit=_(" yuan"),
                note=_("expenses and unit subsidies"),
            ),
        ],
        lists=[("projects", _("The list of these projects, with what each spent"))],
        breakdowns=[
            Breakdown(
                key="projects_by_level",
                title=_("Projects by level and status"),
                columns=[
                    _("level"),
                    *(status.label for status in ProjectStatus),
                    _("budgets (yuan)"),
                    _("spent in the period (yuan)"),
                ],
                rows=[
                    (
                        row.level.label,
                        *(row.by_status[status] for status in ProjectStatus),
                        row.budget,
                        row.spent,
                        projects(level__exact=row.level.value),
                    )
                    for row in figures.by_level
                ],
            ),
            Breakdown(
                key="projects_by_origin",
                title=_("Projects by origin"),
                columns=[_("origin"), _("projects"), _("of them landed")],
                rows=[
                    (
                        row.origin.label,
                        row.projects,
                        row.landed,
                        projects(origin__exact=row.origin.value),
                    )
                    for row in figures.by_origin
                ],
                chart="bar",
            ),
        ],
    )
