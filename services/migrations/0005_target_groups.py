from django.db import migrations

# The target groups of DOMAIN.md: (code, name, English name, sub-groups). The
# list stays editable in the admin; the app relies only on `elderly_alone`.
GROUPS = [
    (
        "elderly",
        "老年人",
        "elderly people",
        [
            ("elderly_alone", "独居老人", "living alone"),
            ("empty_nest", "空巢老人", "empty-nest"),
            ("very_old", "高龄老人", "aged 80 and over"),
            ("elderly_disabled", "失能老人", "unable to care for themselves"),
        ],
    ),
    (
        "children",
        "儿童",
        "children",
        [
            ("children_in_hardship", "困境儿童", "children in hardship"),
            ("left_behind", "留守儿童", "left-behind children"),
        ],
    ),
    ("youth", "青少年", "young people", []),
    ("disabled", "残疾人", "people with disabilities", []),
    ("community_corrections", "社区矫正对象", "under community corrections", []),
    (
        "social_assistance",
        "社会救助对象",
        "receiving social assistance",
        [
            ("dibao", "低保对象", "minimum living allowance"),
            ("tekun", "特困人员", "extreme poverty support"),
        ],
    ),
    ("families_in_hardship", "困难家庭", "families in hardship", []),
    ("veterans", "退役军人", "veterans", []),
]


def create_groups(apps, schema_editor):
    TargetGroup = apps.get_model("services", "TargetGroup")
    order = 0
    for code, name, name_en, subgroups in GROUPS:
        order += 10
        parent, _created = TargetGroup.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
        for offset, (sub_code, sub_name, sub_en) in enumerate(subgroups, start=1):
            TargetGroup.objects.get_or_create(
                code=sub_code,
                defaults={
                    "name": sub_name,
                    "name_en": sub_en,
                    "order": order + offset,
                    "parent": parent,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("services", "0004_activities_residents_cases_projects")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
