from django.contrib.auth.models import Group

from centers.roles import Role, declared_permissions, sync_role_permissions


def test_the_role_groups_exist_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_every_declared_permission_exists(db):
    # Called directly, it raises on any declared permission that does not exist.
    sync_role_permissions()


def test_each_group_holds_exactly_its_declared_permissions(db):
    for role, declared in declared_permissions().items():
        held = {
            f"{app_label}.{codename}"
            for app_label, codename in Group.objects.get(name=role).permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert held == declared, role


def test_street_leaders_only_read(db):
    declared = declared_permissions()[Role.LEADER.value]
    assert declared
    assert all(codename.split(".")[1].startswith("view_") for codename in declared)


def test_directors_may_do_all_that_staff_may(db):
    declared = declared_permissions()
    assert declared[Role.STAFF.value] <= declared[Role.DIRECTOR.value]
