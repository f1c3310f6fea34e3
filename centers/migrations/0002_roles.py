from django.db import migrations

# The role groups (see centers/roles.py); their permissions are kept in step
# with the code after every migrate by centers.roles.sync_role_permissions.
ROLE_GROUPS = ["中心工作人员", "中心主任", "街道领导"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("centers", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
