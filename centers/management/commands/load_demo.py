import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from centers.tallies import rebuild_all


class Command(BaseCommand):
    help = (
        "Load the demo data: the world of the article (see DOMAIN.md), built from records. "
        "Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        # With DEBUG on, Django logs every query, which here costs more than the
        # inserts themselves.
        with override_settings(DEBUG=False):
            self.load_all()

    def load_all(self):
        started = time.monotonic()
        # Each app may bring a demo.py with load(stdout=…); they run in the order of
        # INSTALLED_APPS, so an app's demo can rely on the data of the apps below it.
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
        # The demo writes in bulk, past the services that keep the summary tables.
        for label, seconds in rebuild_all():
            self.stdout.write(f"  {label}: summary tables rebuilt ({seconds:.1f} s)")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s.")
        )
