"""Put back in the queue the background tasks a worker was running when it died.

`db_worker` finishes the task in hand on SIGTERM, and marks it failed when
stopped twice; but a worker killed outright (SIGKILL, out of memory, power)
leaves its task "running" for ever. Run this before the worker starts, with the
worker's fixed id (deploy/systemd/sanshe-worker.service does): nothing can be
running under that id then, so whatever still says so was cut off, and runs
again. Sanshe's tasks may run twice (an export is rebuilt from scratch).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Requeue the tasks left running by a worker that died (run before it starts)."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", required=True, help="The id the worker runs with.")

    def handle(self, *args, worker_id, **options):
        with transaction.atomic():
            running = DBTaskResult.objects.running().select_for_update()
            orphans = [
                result
                for result in running
                if result.worker_ids and result.worker_ids[-1] == worker_id
            ]
            for result in orphans:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
        for result in orphans:
            self.stdout.write(f"requeued {result.task_path} {result.pk}")
        self.stdout.write(f"{len(orphans)} orphaned task(s) requeued for worker {worker_id}.")
