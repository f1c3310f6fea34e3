"""A background task survives a worker restart: a worker killed outright leaves
its task "running"; before the worker starts again, `requeue_orphaned_tasks`
puts it back in the queue, and the next run of the worker builds it."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reports.models import ExportJob
from tests.conftest import client_for
from tests.factories import CommunityFactory


def killed_mid_task(job, worker_id):
    """What the database holds after the worker running the job's task was killed."""
    result = DBTaskResult.objects.get()
    result.status = TaskResultStatus.RUNNING
    result.started_at = timezone.now()
    result.worker_ids = [worker_id]
    result.save()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_done=500)
    return result


@pytest.mark.django_db(transaction=True)
def test_a_task_cut_off_by_a_killed_worker_runs_again(world, settings):
    CommunityFactory(street=world.s1)
    settings.EXPORT_BACKGROUND_ROWS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_for(world.leader_s1)
    client.get(reverse("reports:export", args=["comparison", "csv"]))
    job = ExportJob.objects.get()
    result = killed_mid_task(job, "sanshe-worker")

    # Without the requeue, a new worker never picks it up: it looks taken.
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING

    call_command("requeue_orphaned_tasks", worker_id="sanshe-worker", verbosity=0)
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert job.status == ExportJob.Status.DONE
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    assert b"".join(download.streaming_content).decode("utf-8").startswith("\ufeff")


@pytest.mark.django_db(transaction=True)
def test_it_leaves_the_tasks_of_other_workers_alone(world, settings):
    settings.EXPORT_BACKGROUND_ROWS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    CommunityFactory(street=world.s1)
    client_for(world.leader_s1).get(reverse("reports:export", args=["comparison", "csv"]))
    result = killed_mid_task(ExportJob.objects.get(), "another-worker")
    call_command("requeue_orphaned_tasks", worker_id="sanshe-worker", verbosity=0)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING
