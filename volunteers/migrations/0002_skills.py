from django.db import migrations

# A common list of volunteers' skills; it stays editable in the admin.
SKILLS = [
    ("医疗护理", "nursing and first aid"),
    ("心理疏导", "counselling"),
    ("法律咨询", "legal advice"),
    ("纠纷调解", "dispute mediation"),
    ("安全巡逻", "safety patrol"),
    ("交通劝导", "traffic guidance"),
    ("文艺表演", "performing arts"),
    ("音乐创作", "composing music"),
    ("摄影摄像", "photo and video"),
    ("教育辅导", "tutoring"),
    ("电脑网络", "computers"),
    ("家电维修", "repairs"),
    ("理发", "haircuts"),
    ("驾驶", "driving"),
    ("外语翻译", "translation"),
    ("陪伴关爱", "companionship"),
    ("信息核查", "data collection"),
]


def create_skills(apps, schema_editor):
    Skill = apps.get_model("volunteers", "Skill")
    for order, (name, name_en) in enumerate(SKILLS, start=1):
        Skill.objects.get_or_create(name=name, defaults={"name_en": name_en, "order": order})


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]

    operations = [migrations.RunPython(create_skills, migrations.RunPython.noop)]
