from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Print each table's row count and a checksum of its rows (PostgreSQL), "
        "to compare a database with its restored backup."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("table_checksums needs PostgreSQL.")
        with connection.cursor() as cursor:
            for table in sorted(connection.introspection.table_names(cursor)):
                quoted = connection.ops.quote_name(table)
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "
                    f"ORDER BY md5(t::text)), '')) FROM {quoted} t"
                )
                rows, checksum = cursor.fetchone()
                self.stdout.write(f"{table}\t{rows}\t{checksum}")
