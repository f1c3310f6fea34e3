from django.core.management.base import BaseCommand
from django.db import transaction

from volunteers.services.hours import confirmed_hours_mismatches, confirmed_hours_refresh
from volunteers.tallies import volunteers_changing


class Command(BaseCommand):
    help = (
        "Check each volunteer's stored confirmed hours (used for star levels and lists) "
        "against the hours ledger, and rebuild the ones that differ. --check only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Report differences; change nothing."
        )

    def handle(self, *args, check=False, **options):
        mismatched = list(confirmed_hours_mismatches().values_list("pk", flat=True))
        if check:
            self.stdout.write(f"{len(mismatched)} volunteers differ from the ledger.")
            if mismatched:
                raise SystemExit(1)
            return
        with transaction.atomic(), volunteers_changing(mismatched):
            confirmed_hours_refresh(volunteer_ids=mismatched)
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the confirmed hours of {len(mismatched)} volunteers.")
        )
