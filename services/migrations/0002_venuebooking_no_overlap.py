"""On PostgreSQL, the database itself refuses two approved bookings of one room
that overlap: an exclusion constraint over (room, time range), with btree_gist
for the equality on the room. Other databases skip this migration; there the
check under a lock in services/services/bookings.py is what guards it (as it
does on PostgreSQL too, before the constraint is ever reached)."""

from django.db import migrations

CONSTRAINT = "venuebooking_no_overlap"
TABLE = "services_venuebooking"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(venue_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (status = 'approved')"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
