from datetime import date

from django.core.management.base import BaseCommand, CommandError

from services.models import Activity
from services.services.occurrences import (
    Materialized,
    occurrences_materialize,
    occurrences_materialize_all,
)


class Command(BaseCommand):
    help = (
        "Make the activities' occurrences from today to ACTIVITY_WINDOW_DAYS ahead, and "
        "remove (or, with sign-ups, cancel) future ones no longer in their schedules. "
        "Safe to run again and again (e.g. nightly): it finds what it made before."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="the window, instead of ACTIVITY_WINDOW_DAYS")
        parser.add_argument("--activity", type=int, help="only this activity (its id)")
        parser.add_argument(
            "--from",
            dest="start",
            type=date.fromisoformat,
            help="make occurrences from this date (YYYY-MM-DD) instead of today, "
            "e.g. to record past ones",
        )

    def handle(self, *args, days=None, activity=None, start=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days is 0 or more.")
        if activity is not None:
            chosen = Activity.objects.filter(pk=activity).first()
            if chosen is None:
                raise CommandError(f"No activity {activity}.")
            result: Materialized = occurrences_materialize(activity=chosen, start=start, days=days)
        else:
            result = occurrences_materialize_all(start=start, days=days)
        self.stdout.write(
            f"{result.created} occurrences made, {result.deleted} deleted, "
            f"{result.cancelled} cancelled ({result.notices} notices to pass on)."
        )
        if result.skipped:
            self.stderr.write(
                "Skipped, their recurrence rule cannot be read (fix it in the admin): "
                + ", ".join(f"activity {pk}" for pk in result.skipped)
            )
