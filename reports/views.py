"""The leaders' dashboard and its exports."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from centers.db_routing import replica_reads
from centers.exports import CONTENT_TYPES, export_response
from reports.comparison import comparison
from reports.exports import export_for
from reports.figures import may_open, readable, readable_breakdowns, readable_figures
from reports.models import ExportJob
from reports.periods import PRESETS, period_from
from reports.project_page import admin_change, project_figures, project_table, project_tables
from reports.scopes import choices_for, picker_groups, scope_among, scope_from
from reports.sections import SECTIONS
from reports.tasks import build_export
from services.selectors.projects import project_for, project_report


def dashboard_view(view):
    """A login first (to the admin's login page), then the dashboard permission (403)."""
    allowed = permission_required("reports.view_dashboard", raise_exception=True)(view)
    return login_required(allowed, login_url="admin:login")


@require_safe
@dashboard_view
def dashboard(request):
    choices = choices_for(request.user)
    scope, period = scope_among(choices, request.GET), period_from(request.GET)
    sort = request.GET.get("sort", "")
    descending = request.GET.get("order") != "asc"
    with replica_reads():
        sections = [readable(build(scope, period), request) for build in SECTIONS.values()]
        columns, rows = comparison(scope, period, sort=sort, descending=descending)
    query = {**scope.query(), **period.query()}
    context = {
        "scope": scope,
        "period": period,
        "presets": PRESETS,
        "scope_groups": picker_groups(choices, scope),
        "sections": sections,
        "comparison_headers": [
            {
                "label": column.label,
                # A click sorts by the column, biggest first; a second click flips it.
                "url": "?"
                + urlencode(
                    query
                    | {
                        "sort": column.key,
                        "order": "asc" if sort == column.key and descending else "desc",
                    }
                ),
                "aria_sort": (
                    ("descending" if descending else "ascending") if sort == column.key else ""
                ),
            }
            for column in columns
        ],
        "comparison_rows": rows,
        "query": urlencode(query),
    }
    return render(request, "reports/dashboard.html", context)


@require_safe
@dashboard_view
def export(request, key, file_format):
    if file_format not in CONTENT_TYPES:
        raise Http404
    spec = export_for(key)
    if spec is None:
        raise Http404
    scope, period = scope_from(request.user, request.GET), period_from(request.GET)
    with replica_reads():
        rows = spec.count(scope, period)
    if rows is None:
        raise Http404
    filename = f"{key}_{scope.label}_{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if rows <= settings.EXPORT_BACKGROUND_ROWS:
        return export_response(
            spec.table(scope, period), filename=filename, file_format=file_format
        )
    job = ExportJob.objects.create(
        requested_by=request.user,
        table=key,
        file_format=file_format,
        params={**scope.query(), **period.query()},
        filename=f"{filename}.{file_format}",
        rows_total=rows,
    )
    build_export.enqueue(str(job.pk))
    return redirect("reports:export_job", job.pk)


def _own_job(request, job_id) -> ExportJob:
    return get_object_or_404(ExportJob, pk=job_id, requested_by=request.user)


@require_safe
@dashboard_view
def export_job(request, job_id):
    """The job's progress; the page refreshes itself until the file is ready."""
    return render(request, "reports/export_job.html", {"job": _own_job(request, job_id)})


@require_safe
@dashboard_view
def export_download(request, job_id):
    job = _own_job(request, job_id)
    if job.status != ExportJob.Status.DONE:
        return HttpResponseBadRequest(_("This export is not ready yet."))
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=CONTENT_TYPES[job.file_format],
    )


def _project_or_404(request, pk):
    """The project if the user's centers (or street) keep it; else 404."""
    project = project_for(request.user, pk)
    if project is None:
        raise Http404
    return project


@require_safe
@dashboard_view
def project(request, pk):
    with replica_reads():
        report = project_report(_project_or_404(request, pk))
    change = admin_change(report.project)
    context = {
        "report": report,
        "project": report.project,
        "figures": readable_figures(project_figures(report), request),
        "tables": readable_breakdowns(project_tables(report), request),
        "admin_url": change if change and may_open(request, change) else "",
    }
    return render(request, "reports/project.html", context)


@require_safe
@dashboard_view
def project_export(request, pk, key, file_format):
    if file_format not in CONTENT_TYPES:
        raise Http404
    with replica_reads():
        report = project_report(_project_or_404(request, pk))
        table = project_table(report, key)
    if table is None:
        raise Http404
    return export_response(table, filename=f"{report.project.name}_{key}", file_format=file_format)
