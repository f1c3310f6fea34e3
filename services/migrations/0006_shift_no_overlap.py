"""On PostgreSQL, the database itself refuses two overlapping shifts of one
volunteer: an exclusion constraint over (volunteer, planned time range), with
btree_gist (migration 0002 created the extension). Other databases skip it; the
check under a lock in services/services/shifts.py guards it everywhere."""

from django.db import migrations

CONSTRAINT = "shiftassignment_no_overlap"
TABLE = "services_shiftassignment"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(volunteer_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("services", "0005_target_groups")]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
