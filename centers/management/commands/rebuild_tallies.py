from django.core.management.base import BaseCommand

from centers.tallies import rebuild_all


class Command(BaseCommand):
    help = (
        "Rebuild every summary table the dashboard reads, from the records. The services "
        "keep them up to date as records change; run this after a bulk load, a change of "
        "the star thresholds, or a restore."
    )

    def handle(self, *args, **options):
        for label, seconds in rebuild_all():
            self.stdout.write(f"{label}: rebuilt in {seconds:.1f} s")
