from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from centers.models import Center, StaffAssignment, Street
from centers.roles import Role

DEMO_PASSWORD = "sanshe-demo"

# (username, role or None for a superuser, center name or None, street name or None, what)
ACCOUNTS = [
    ("admin", None, None, None, "superuser: everything"),
    ("director_jiulong", Role.DIRECTOR, "九龙社工中心", None, "director of 九龙社工中心"),
    ("staff_jiulong", Role.STAFF, "九龙社工中心", None, "staff of 九龙社工中心"),
    ("staff_xuzhou", Role.STAFF, "叙州社会组织培育服务中心", None, "staff of the Xuzhou incubator"),
    ("leader_jiulong", Role.LEADER, None, "九龙街道", "street leader of 九龙街道"),
    ("leader_nanan", Role.LEADER, None, "南岸街道", "street leader of 南岸街道"),
]


class Command(BaseCommand):
    help = "Create one login per role for the demo data (only with DEMO_MODE=1)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo accounts are only made with DEMO_MODE=1 (never in production)."
            )
        User = get_user_model()
        self.stdout.write(
            f"Demo logins at http://127.0.0.1:8000/admin/ (password: {DEMO_PASSWORD})"
        )
        for username, role, center_name, street_name, what in ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = role is None
            user.set_password(DEMO_PASSWORD)
            user.save()
            if role:
                user.groups.set([Group.objects.get(name=role)])
            if center_name:
                StaffAssignment.objects.get_or_create(
                    user=user, center=Center.objects.get(name=center_name)
                )
            if street_name:
                StaffAssignment.objects.get_or_create(
                    user=user, street=Street.objects.get(name=street_name)
                )
            self.stdout.write(f"  {username:<18} {what}")
