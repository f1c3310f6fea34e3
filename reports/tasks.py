"""Background builds of big exports (run by `manage.py db_worker`)."""

import io
import tempfile

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from centers.db_routing import replica_reads
from centers.exports import write_csv, write_xlsx
from reports.exports import export_for
from reports.models import ExportJob
from reports.periods import period_from
from reports.scopes import scope_from

PROGRESS_EVERY = 500  # rows between two progress updates


class _Counting:
    """Wraps the rows to record progress on the job as they are written."""

    def __init__(self, rows, job):
        self.rows, self.job = rows, job

    def __iter__(self):
        for done, row in enumerate(self.rows, start=1):
            if done % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=self.job.pk).update(rows_done=done)
            yield row


@task()
def build_export(job_id: str) -> None:
    job = ExportJob.objects.get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return  # already built (e.g. the task ran again after a worker restart)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_done=0)
    try:
        user = get_user_model().objects.get(pk=job.requested_by_id)
        params = QueryDict(mutable=True)
        params.update(job.params)
        scope, period = scope_from(user, params), period_from(params)
        with tempfile.TemporaryFile() as handle:
            with replica_reads():  # the rows; progress updates still go to the primary
                table = export_for(job.table).table(scope, period)
                table.rows = _Counting(table.rows, job)
                if job.file_format == "csv":
                    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
                    write_csv(table, text)
                    text.detach()
                else:
                    write_xlsx(table, handle)
            handle.seek(0)
            with transaction.atomic():
                job.refresh_from_db()
                job.file.save(f"{job.pk}.{job.file_format}", File(handle), save=False)
                job.status = ExportJob.Status.DONE
                job.rows_done = job.rows_total
                job.finished_at = timezone.now()
                job.save()
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(error)[:1000], finished_at=timezone.now()
        )
        raise
