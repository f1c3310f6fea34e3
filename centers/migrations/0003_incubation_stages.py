from django.db import migrations

# The common incubation stages and service fields; both lists stay editable in the admin.
STAGES = [("萌芽型", "seed"), ("初创型", "start-up"), ("成长型", "growing"), ("成熟型", "mature")]
FIELDS = [
    ("养老服务", "elderly care"),
    ("儿童青少年", "children and youth"),
    ("残疾人帮扶", "disability support"),
    ("社区矫正", "community corrections"),
    ("心理辅导", "psychological counselling"),
    ("法律服务", "legal services"),
    ("纠纷调解", "dispute mediation"),
    ("文体娱乐", "culture and sport"),
    ("志愿服务", "volunteering"),
    ("社会救助", "social assistance"),
]


def create_lists(apps, schema_editor):
    for model_name, entries in (("IncubationStage", STAGES), ("ServiceField", FIELDS)):
        model = apps.get_model("centers", model_name)
        for order, (name, name_en) in enumerate(entries, start=1):
            model.objects.get_or_create(name=name, defaults={"name_en": name_en, "order": order})


class Migration(migrations.Migration):
    dependencies = [("centers", "0002_roles")]

    operations = [migrations.RunPython(create_lists, migrations.RunPython.noop)]
