"""The care demo (services/demo/care.py): 张杰 and 黄婆婆 visited every month,
neighbours living alone due for a visit, a mediation under way (the story, on
its own); and, in the whole demo, the center's residents living alone visited
about monthly for years, a few due now, and cases through their stages. (That a
second run of load_demo adds nothing is tested in tests/centers/test_load_demo.py.)"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.utils import timezone

from services.demo import care
from services.models import Case, CaseKind, CaseStage, HomeVisit, Resident
from tests.factories import CenterFactory, CommunityFactory, MemberFactory, StreetFactory


@pytest.fixture
def jiulong(db):
    street = StreetFactory(name="九龙街道")
    center = CenterFactory(name="九龙社工中心", street=street)
    CommunityFactory(name="广厦城社区", street=street)
    for _ in range(3):
        MemberFactory(center=center)
    return center


def test_it_loads_the_couple_their_neighbours_and_a_mediation_once(jiulong):
    out = StringIO()
    care.story(stdout=out)
    huang = Resident.objects.get(name="黄婆婆")
    assert huang.visits.count() == 12
    assert {g.code for g in Resident.objects.get(name="张杰").target_groups.all()} == {
        "elderly",
        "empty_nest",
        "very_old",
    }
    due = {r.name for r in Resident.objects.due_for_a_visit()}
    assert due == {"王某801", "李某802", "陈某804"}
    case = Case.objects.get()
    assert (case.resident, case.stage, case.notes.count()) == (huang, CaseStage.PLAN, 2)
    assert "3 residents living alone due for a visit" in out.getvalue()
    visits = HomeVisit.objects.count()
    care.story(stdout=StringIO())
    assert (HomeVisit.objects.count(), Case.objects.count(), Resident.objects.count()) == (
        visits,
        1,
        6,
    )


def test_the_center_visits_the_elderly_living_alone_and_keeps_cases(db):
    call_command("load_demo", stdout=StringIO())
    today = timezone.localdate()
    alone = Resident.objects.living_alone().filter(center__name="九龙社工中心")
    # All ten communities' elderly people living alone, on the list for years.
    assert alone.values("community").distinct().count() == 10
    visits = HomeVisit.objects.filter(resident__in=alone)
    per_resident = visits.values("resident").annotate(
        n=Count("pk"), first=Min("visited_on"), last=Max("visited_on")
    )
    regular = [r for r in per_resident if (r["last"] - r["first"]).days > 300]
    assert regular, "some have been visited for more than a year"
    for row in regular:
        months = (row["last"] - row["first"]).days / 30.4
        assert row["n"] >= months * 0.75  # about monthly
    # Each visit by someone of the center; every last visit kept on the resident.
    assert not visits.filter(members=None, volunteers=None).exists()
    assert visits.exclude(volunteers=None).exists()
    for resident in alone:
        latest = resident.visits.aggregate(last=Max("visited_on"))["last"]
        assert resident.last_visited_on == latest
    # A few due for a visit now, most not.
    due = alone.due_for_a_visit().count()
    assert 3 < due < alone.count() / 3
    assert alone.filter(last_visited_on__gte=today - timedelta(days=27)).count() > due

    # Cases of every kind, closed ones and open ones, with notes and their steps.
    cases = Case.objects.filter(center__name="九龙社工中心")
    assert set(cases.values_list("kind", flat=True)) == set(CaseKind.values)
    assert cases.filter(stage=CaseStage.CLOSED).exists()
    assert {CaseStage.INTAKE, CaseStage.ASSESSMENT, CaseStage.PLAN} <= set(
        cases.open().values_list("stage", flat=True)
    )
    for case in cases.prefetch_related("steps", "notes"):
        steps = [step.stage for step in case.steps.all()]
        assert steps[0] == CaseStage.INTAKE and steps[-1] == case.stage
        assert case.notes.all() and all(n.written_on >= case.opened_on for n in case.notes.all())
    closed = cases.filter(kind=CaseKind.MEDIATION, stage=CaseStage.CLOSED)
    assert closed.exists() and not closed.filter(agreement="").exists()
    assert not cases.filter(kind=CaseKind.MEDIATION, parties="").exists()
