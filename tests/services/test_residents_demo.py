"""The care demo (services/demo_care.py): 张杰 and 黄婆婆 visited every month,
neighbours living alone due for a visit, a mediation under way; a second run
adds nothing."""

from io import StringIO

import pytest

from services import demo_care
from services.models import Case, CaseStage, HomeVisit, Resident
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
    demo_care.load(stdout=out)
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
    demo_care.load(stdout=StringIO())
    assert (HomeVisit.objects.count(), Case.objects.count(), Resident.objects.count()) == (
        visits,
        1,
        6,
    )
