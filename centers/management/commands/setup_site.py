import os
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from centers.models import Center, Community, District, Street, Venue
from centers.roles import sync_role_permissions

CENTER_FIELDS = ("kind", "opened_on", "address", "phone", "opening_hours", "description")


class Command(BaseCommand):
    help = (
        "First run of a real installation: the role groups, the first superuser (from "
        "SANSHE_ADMIN_USERNAME, SANSHE_ADMIN_EMAIL, SANSHE_ADMIN_PASSWORD) and the site's "
        "places and centers from a YAML file (see deploy/site.example.yaml). No demo data. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", type=Path, help="YAML file of districts, streets, centers")

    @transaction.atomic
    def handle(self, *args, site=None, **options):
        sync_role_permissions()
        self.stdout.write("Role groups and their permissions: up to date.")
        self._superuser()
        if site:
            self._site(site)

    def _superuser(self):
        username = os.environ.get("SANSHE_ADMIN_USERNAME", "")
        if not username:
            self.stdout.write("SANSHE_ADMIN_USERNAME not set: no superuser created.")
            return
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Superuser {username}: exists, left as it is.")
            return
        password = os.environ.get("SANSHE_ADMIN_PASSWORD", "")
        if len(password) < 12:
            raise CommandError(
                "Set SANSHE_ADMIN_PASSWORD (12 characters or more) for the first run."
            )
        User.objects.create_superuser(
            username=username, email=os.environ.get("SANSHE_ADMIN_EMAIL", ""), password=password
        )
        self.stdout.write(f"Superuser {username}: created.")

    def _site(self, path: Path):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise CommandError(f"{path}: {error}") from error
        counts = {"centers": 0, "venues": 0}
        for district_data in data.get("districts", []):
            district, _ = District.objects.get_or_create(
                city=district_data["city"], name=district_data["name"]
            )
            for street_data in district_data.get("streets", []):
                street, _ = Street.objects.get_or_create(
                    district=district, name=street_data["name"]
                )
                for name in street_data.get("communities", []):
                    Community.objects.get_or_create(street=street, name=name)
                for center_data in street_data.get("centers", []):
                    self._center(street, center_data, counts)
        self.stdout.write(f"Site: {counts['centers']} centers and {counts['venues']} rooms set up.")

    def _center(self, street, data, counts):
        center = Center.objects.filter(name=data["name"]).first() or Center(name=data["name"])
        center.street = street
        center.community = (
            Community.objects.get(street=street, name=data["community"])
            if data.get("community")
            else None
        )
        for field in CENTER_FIELDS:
            if field in data:
                setattr(center, field, data[field])
        try:
            center.full_clean()
        except ValidationError as error:
            raise CommandError(f"Center {data['name']}: {error.message_dict}") from error
        center.save()
        counts["centers"] += 1
        for venue_data in data.get("venues", []):
            Venue.objects.update_or_create(
                center=center,
                name=venue_data["name"],
                defaults={"kind": venue_data["kind"], "capacity": venue_data["capacity"]},
            )
            counts["venues"] += 1
