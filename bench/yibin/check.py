"""Checks that a built data set is what the app itself would hold: the rules the
database does not enforce (24 hours a day, places of an occurrence, stored totals
equal to the ledger …), every model's own validation on a sample of its rows, and
tally tables equal to a fresh rebuild."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError

from bench.yibin.sql import fetch, table, value
from centers.tallies import rebuild_all
from services.models import (
    HOLDING_PLACES,
    Occurrence,
    RepairMonth,
    RepairOrder,
    RepairResponseMinutes,
    RepairStatus,
    ServedDay,
    ServedGroupDay,
    Signup,
)
from volunteers.models import (
    ServiceHours,
    StarCount,
    TeamDay,
    Volunteer,
    VolunteerDay,
    VolunteerTotal,
)
from volunteers.services.hours import confirmed_hours_mismatches

TALLIES = (
    VolunteerDay,
    VolunteerTotal,
    StarCount,
    TeamDay,
    RepairMonth,
    RepairResponseMinutes,
    ServedDay,
    ServedGroupDay,
)
# Apps whose models the build fills; a sample of each model's rows is validated.
APPS = ("centers", "members", "volunteers", "services")
SAMPLE = 20


def rule_breaches() -> list[str]:
    """Rules kept by the services, not by constraints: each query counts breaches."""
    holding = ", ".join(f"'{s}'" for s in HOLDING_PLACES)
    waiting = ", ".join(f"'{s}'" for s in (RepairStatus.SUBMITTED, RepairStatus.DISPATCHED))
    checks = {
        "a volunteer with more than 24 hours on a day": f"""
            SELECT count(*) FROM (SELECT 1 FROM {table(ServiceHours)} WHERE status <> 'rejected'
            GROUP BY volunteer_id, served_on HAVING sum(hours) > 24) x""",
        "hours served before registration, after leaving or in the future": f"""
            SELECT count(*) FROM {table(ServiceHours)} h JOIN {table(Volunteer)} v
                ON v.id = h.volunteer_id
            WHERE h.served_on < v.registered_on OR h.served_on > v.left_on
               OR h.served_on > (now() AT TIME ZONE '{settings.TIME_ZONE}')::date
               OR v.registered_on IS NULL""",
        "hours kept by another center or community than the volunteer's": f"""
            SELECT count(*) FROM {table(ServiceHours)} h JOIN {table(Volunteer)} v
                ON v.id = h.volunteer_id
            WHERE h.center_id <> v.center_id OR h.community_id <> v.community_id""",
        "an occurrence with more people holding places than it has": f"""
            SELECT count(*) FROM (SELECT 1 FROM {table(Signup)} s
                JOIN {table(Occurrence)} o ON o.id = s.occurrence_id
            WHERE s.status IN ({holding}) AND o.capacity IS NOT NULL
            GROUP BY o.id, o.capacity HAVING sum(s.people) > o.capacity) x""",
        "a repair order from a community its service does not cover": f"""
            SELECT count(*) FROM {table(RepairOrder)} o
            WHERE NOT EXISTS (SELECT 1 FROM services_repairservice_communities c
                              WHERE c.repairservice_id = o.service_id
                                AND c.community_id = o.community_id)""",
        "a repair order on site before it came in, or waiting with a time on site": f"""
            SELECT count(*) FROM {table(RepairOrder)}
            WHERE (status IN ({waiting}) AND on_site_at IS NOT NULL)
               OR on_site_at > now() OR submitted_at > now()""",
        "a worker at a training session of another center": """
            SELECT count(*) FROM members_trainingattendance a
            JOIN members_trainingsession s ON s.id = a.session_id
            JOIN members_member m ON m.id = a.member_id WHERE m.center_id <> s.center_id""",
    }
    found = []
    for label, sql in checks.items():
        breaches = value(sql)
        if breaches:
            found.append(f"{breaches} × {label}")
    if mismatched := confirmed_hours_mismatches().count():
        found.append(f"{mismatched} volunteers' stored confirmed hours differ from the ledger")
    return found


def invalid_rows(sample: int = SAMPLE) -> list[str]:
    """Each model's full_clean() (fields, choices, validators, clean(), unique
    checks) on its first, last and some middle rows."""
    found = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.auto_created or model.__name__.startswith("Historical"):
                continue
            total = model.objects.count()
            if not total:
                continue
            step = max(1, total // sample)
            ids = (
                [
                    row[0]
                    for row in fetch(
                        f"SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n "
                        f"FROM {table(model)}) x WHERE (n - 1) %% {step} = 0 LIMIT {sample + 1}"
                    )
                ]
                if model._meta.pk.name == "id"
                else []
            )
            for obj in model.objects.filter(pk__in=ids):
                try:
                    obj.full_clean()
                except ValidationError as error:
                    found.append(f"{model.__name__} #{obj.pk}: {error.message_dict}")
    return found


def snapshot() -> dict:
    return {
        model.__name__: sorted(
            model.objects.values_list(*model.TALLY_KEY, *model.TALLY_COLUMNS).order_by()
        )
        for model in TALLIES
    }


def tallies_differ() -> list[str]:
    """The tally tables now, against a fresh rebuild (which they are replaced by)."""
    before = snapshot()
    rebuild_all()
    after = snapshot()
    return [
        f"{name}: {len(before[name])} rows kept, {len(after[name])} rebuilt, differing"
        for name in before
        if before[name] != after[name]
    ]


def problems() -> list[str]:
    return [*rule_breaches(), *invalid_rows(), *tallies_differ()]
