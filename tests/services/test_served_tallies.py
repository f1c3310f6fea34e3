"""The person-times tallies kept by the residents', visits' and cases' services
equal the tallies rebuilt from the records, after a random series of visits,
notes, changes of target groups and communities, and deletions; and the
selector reads them back."""

import contextlib
import random
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from services import tallies
from services.models import (
    Case,
    CaseKind,
    CaseNote,
    CaseStage,
    HomeVisit,
    Resident,
    ServedDay,
    ServedGroupDay,
    TargetGroup,
)
from services.selectors.served import person_times
from services.services.cases import (
    case_delete,
    case_move,
    case_note_save,
    case_notes_delete,
    case_open,
)
from services.services.residents import resident_delete, resident_save
from services.services.visits import home_visit_save, home_visits_delete
from tests.factories import CommunityFactory, MemberFactory, ResidentFactory, VolunteerFactory

TABLES = (ServedDay, ServedGroupDay)


def snapshot():
    return {
        table.__name__: {
            tuple(getattr(row, key) for key in table.TALLY_KEY): tuple(
                getattr(row, column) for column in table.TALLY_COLUMNS
            )
            for row in table.objects.all()
        }
        for table in TABLES
    }


def test_kept_tallies_equal_rebuilt_ones_after_random_changes(world):
    rng = random.Random(20261207)
    today = timezone.localdate()
    communities = [CommunityFactory(street=world.s1) for _ in range(3)]
    groups = list(TargetGroup.objects.all())
    members = [MemberFactory(center=world.a) for _ in range(2)]
    volunteers = [VolunteerFactory(center=world.a) for _ in range(2)]

    def some_day():
        return today - timedelta(days=rng.randint(0, 90))

    def pick(queryset):
        rows = list(queryset)
        if not rows:
            raise ValidationError("nothing to pick")
        return rng.choice(rows)

    def new_resident():
        resident = ResidentFactory.build(center=world.a, community=rng.choice(communities))
        resident_save(resident=resident, target_groups=rng.sample(groups, rng.randint(0, 3)))

    def regroup():
        resident_save(resident=pick(Resident.objects.all()), target_groups=rng.sample(groups, 2))

    def move_community():
        resident = pick(Resident.objects.all())
        resident.community = rng.choice(communities)
        resident_save(resident=resident)

    def visit():
        home_visit_save(
            visit=HomeVisit(resident=pick(Resident.objects.all()), visited_on=some_day()),
            members=rng.sample(members, 1),
            volunteers=rng.sample(volunteers, rng.randint(0, 2)),
        )

    def move_visit():
        changed = pick(HomeVisit.objects.all())
        changed.visited_on = some_day()
        changed.resident = pick(Resident.objects.all())
        home_visit_save(
            visit=changed, members=changed.members.all(), volunteers=changed.volunteers.all()
        )

    def open_case():
        case_open(
            case=Case(
                resident=pick(Resident.objects.all()),
                worker=rng.choice(members),
                kind=rng.choice(CaseKind.values),
                opened_on=today - timedelta(days=100),
                summary="求助",
            )
        )

    def write_note():
        case_note_save(
            note=CaseNote(
                case=pick(Case.objects.open()),
                written_on=some_day(),
                text="面谈",
                is_session=rng.random() < 0.8,
            )
        )

    def change_note():
        changed = pick(CaseNote.objects.exclude(case__stage=CaseStage.CLOSED))
        changed.is_session = not changed.is_session
        changed.written_on = some_day()
        case_note_save(note=changed)

    def close_and_delete_case():
        case = case_move(case=pick(Case.objects.open()), to=CaseStage.CLOSED, note="结案")
        if rng.random() < 0.5:
            case_delete(case=case)

    steps = [
        (new_resident, 2),
        (regroup, 2),
        (move_community, 1),
        (visit, 6),
        (move_visit, 2),
        (lambda: home_visits_delete(visits=[pick(HomeVisit.objects.all())]), 1),
        (open_case, 2),
        (write_note, 5),
        (change_note, 2),
        (lambda: case_notes_delete(notes=[pick(CaseNote.objects.all())]), 1),
        (close_and_delete_case, 1),
        (lambda: resident_delete(resident=pick(Resident.objects.filter(cases=None))), 1),
    ]
    functions, weights = zip(*steps, strict=True)
    for _ in range(5):
        new_resident()
    for _step in range(150):
        # A refused step (e.g. a note on a closed case) changes nothing.
        with contextlib.suppress(ValidationError):
            rng.choices(functions, weights)[0]()
    kept = snapshot()
    assert kept["ServedDay"] and kept["ServedGroupDay"]
    assert {source for _c, _m, _d, source in kept["ServedDay"]} == {"visit", "case"}

    tallies.rebuild()
    assert snapshot() == kept

    # The selector's total is that of the records.
    result = person_times(
        center_ids=[world.a.pk],
        community_id=None,
        start=today - timedelta(days=90),
        end=today,
    )
    visits = HomeVisit.objects.count()
    sessions = CaseNote.objects.filter(is_session=True).count()
    assert result.total == visits + sessions
    assert result.by_source == {"signup": 0, "visit": visits, "case": sessions}
