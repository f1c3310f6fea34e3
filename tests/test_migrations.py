"""Migrations must run while the previous release still serves (README, Upgrades):
no NOT NULL column without a database default on an existing table, no removal or
rename in place, no column type change that rewrites a table."""

import pytest
from django.db import connection
from django.db.migrations import operations as ops
from django.db.migrations.loader import MigrationLoader

OUR_APPS = {"centers", "members", "volunteers", "services", "reports"}
# (app, migration, operation index): a reviewed exception, with the reason.
REVIEWED = {}


def our_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.graph.nodes):
        if key[0] in OUR_APPS:
            yield pytest.param(loader, key, id=f"{key[0]}.{key[1]}")


def existing_models(loader, key) -> set[str]:
    state = loader.project_state(key, at_end=False)
    return {name for app, name in state.models if app == key[0]}


def problems(loader, key) -> list[str]:
    migration = loader.graph.nodes[key]
    before = existing_models(loader, key)
    state = loader.project_state(key, at_end=False)
    found = []
    for index, operation in enumerate(migration.operations):
        model = getattr(operation, "model_name", "") or getattr(operation, "name", "")
        model = model.lower()
        if (key[0], key[1], index) in REVIEWED or model not in before:
            continue
        if isinstance(operation, ops.AddField):
            field = operation.field
            if not (field.null or field.many_to_many or field.has_db_default()):
                found.append(
                    f"{index}: AddField {model}.{operation.name} is NOT NULL without db_default"
                )
        elif isinstance(
            operation, ops.RemoveField | ops.RenameField | ops.RenameModel | ops.DeleteModel
        ):
            found.append(f"{index}: {type(operation).__name__} on {model} in place")
        elif isinstance(operation, ops.AlterField):
            old = state.models[key[0], model].fields[operation.name]
            new = operation.field
            if old.db_type(connection) != new.db_type(connection):
                found.append(f"{index}: AlterField {model}.{operation.name} changes the type")
            if old.null and not new.null:
                found.append(f"{index}: AlterField {model}.{operation.name} becomes NOT NULL")
        operation.state_forwards(key[0], state)
    return found


@pytest.mark.parametrize(("loader", "key"), list(our_migrations()))
def test_the_migration_can_run_under_the_previous_release(loader, key):
    assert problems(loader, key) == []
