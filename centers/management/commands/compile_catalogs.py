from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile the translation catalogs under LOCALE_PATHS (.po → .mo) in pure Python, "
        "so a machine without GNU gettext can build them. Fails on a catalog that does not parse."
    )

    def handle(self, *args, **options):
        catalogs = sorted(
            {po for locale_path in settings.LOCALE_PATHS for po in Path(locale_path).rglob("*.po")}
        )
        if not catalogs:
            raise CommandError("No catalogs found under LOCALE_PATHS.")
        for po_path in catalogs:
            try:
                catalog = polib.pofile(str(po_path), check_for_duplicates=True)
            except (OSError, ValueError) as error:
                raise CommandError(f"{po_path}: {error}") from error
            catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(
                f"{po_path}: {len(catalog.translated_entries())} translated, "
                f"{len(catalog.untranslated_entries())} untranslated, "
                f"{len(catalog.fuzzy_entries())} fuzzy"
            )
