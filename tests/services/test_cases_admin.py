"""Cases in the admin are confidential: the worker, the center's directors and
superusers see a case (list, page, history, notes, the resident's page); other
staff of the same center get 404 everywhere. Stages move by the buttons; notes
are written through the inline in the current stage; a closed case is final."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.roles import Role
from services.models import Case, CaseKind, CaseNote, CaseStage, ServedDay
from services.services.cases import case_move, case_open
from tests.conftest import client_for
from tests.factories import MemberFactory, ResidentFactory, staff_user

S = CaseStage
ADD = reverse("admin:services_case_add")
LIST = reverse("admin:services_case_changelist")
TODAY = date(2026, 12, 7)
NO_NOTES = {"notes-TOTAL_FORMS": 0, "notes-INITIAL_FORMS": 0}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-07 10:00 +08:00", tick=False):
        yield


@pytest.fixture
def worker(world):
    return MemberFactory(center=world.a, user=world.staff_a, name="社工小李")


@pytest.fixture
def colleague(world):
    """Another staff login of center A, not the case's worker."""
    user = staff_user(Role.STAFF, centers=[world.a], username="staff_a2")
    MemberFactory(center=world.a, user=user)
    return user


@pytest.fixture
def case(world, worker):
    return case_open(
        case=Case(
            resident=ResidentFactory(center=world.a, name="黄婆婆"),
            worker=worker,
            kind=CaseKind.MEDIATION,
            opened_on=TODAY - timedelta(days=10),
            summary="邻里噪音纠纷",
            parties="501与601",
        ),
        by=world.staff_a,
    )


def url(view, case, *args):
    return reverse(f"admin:services_case_{view}", args=[case.pk, *args])


def test_the_worker_and_the_director_see_the_case_and_its_history(world, case):
    for user in (world.staff_a, world.director_a, world.superuser):
        client = client_for(user)
        assert url("change", case) in client.get(LIST).text, user
        assert client.get(url("change", case)).status_code == 200, user
        assert client.get(url("history", case)).status_code == 200, user
        version = case.history.first().history_id
        assert client.get(url("simple_history", case, version)).status_code == 200, user


def test_another_staff_member_of_the_center_gets_404_everywhere(world, case, colleague):
    client = client_for(colleague)
    assert url("change", case) not in client.get(LIST).text
    version = case.history.first().history_id
    for page in (
        url("change", case),
        url("history", case),
        url("simple_history", case, version),
        url("move", case, "assessment"),
    ):
        assert client.get(page).status_code == 404, page
    assert client.post(url("move", case, "assessment")).status_code == 404
    assert client.post(url("change", case), {"summary": "偷看"}).status_code == 404
    case.refresh_from_db()
    assert (case.stage, case.summary) == (S.INTAKE, "邻里噪音纠纷")


def test_the_residents_page_shows_only_the_cases_one_may_see(world, case, colleague):
    resident_page = reverse("admin:services_resident_change", args=[case.resident.pk])
    assert url("change", case) in client_for(world.staff_a).get(resident_page).text
    assert url("change", case) in client_for(world.director_a).get(resident_page).text
    page = client_for(colleague).get(resident_page)
    assert page.status_code == 200  # the resident is the center's
    assert url("change", case) not in page.text and "邻里噪音纠纷" not in page.text


def test_leaders_get_no_case_page(world, case):
    for page in (LIST, url("change", case), url("history", case), url("move", case, "plan")):
        assert client_for(world.leader_s1).get(page).status_code == 403, page


def test_staff_open_cases_for_themselves_only(world, worker):
    other = MemberFactory(center=world.a, name="社工小王")
    resident = ResidentFactory(center=world.a)
    client = client_for(world.staff_a)
    page = client.get(ADD)
    choices = [value for value, _label in page.context["adminform"].form.fields["worker"].choices]
    assert worker.pk in [getattr(v, "value", v) for v in choices]
    assert other.pk not in [getattr(v, "value", v) for v in choices]
    data = {
        "resident": resident.pk,
        "worker": worker.pk,
        "kind": "psychological",
        "opened_on": TODAY.isoformat(),
        "summary": "丧偶后情绪低落",
        "parties": "",
        "agreement": "",
    }
    refused = client.post(ADD, {**data, "worker": other.pk})
    assert "worker" in refused.context["adminform"].form.errors
    assert client.post(ADD, data).status_code == 302
    case = Case.objects.get()
    assert (case.stage, case.center, case.steps.get().by) == (S.INTAKE, world.a, world.staff_a)


def test_a_director_hands_a_case_on_to_another_worker(world, case):
    other = MemberFactory(center=world.a, name="社工小王")
    data = {
        "worker": other.pk,
        "kind": "mediation",
        "opened_on": case.opened_on.isoformat(),
        "summary": case.summary,
        "parties": case.parties,
        "agreement": "",
        **NO_NOTES,
    }
    response = client_for(world.director_a).post(url("change", case), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.worker == other
    # The former worker no longer sees it.
    assert client_for(world.staff_a).get(url("change", case)).status_code == 404


def test_notes_are_written_in_the_current_stage_and_sessions_counted(world, case):
    case = case_move(case=case, to=S.ASSESSMENT)
    data = {
        "worker": case.worker.pk,
        "kind": "mediation",
        "opened_on": case.opened_on.isoformat(),
        "summary": case.summary,
        "parties": case.parties,
        "agreement": "",
        "notes-TOTAL_FORMS": 1,
        "notes-INITIAL_FORMS": 0,
        "notes-0-written_on": (TODAY - timedelta(days=1)).isoformat(),
        "notes-0-is_session": "on",
        "notes-0-text": "分别与双方面谈",
    }
    response = client_for(world.staff_a).post(url("change", case), data)
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.stage, note.author, note.is_session) == (S.ASSESSMENT, world.staff_a, True)
    assert ServedDay.objects.get().source == "case"


def test_a_note_dated_in_the_future_is_refused_beside_the_field(world, case):
    data = {
        "worker": case.worker.pk,
        "kind": "mediation",
        "opened_on": case.opened_on.isoformat(),
        "summary": case.summary,
        "parties": case.parties,
        "agreement": "",
        "notes-TOTAL_FORMS": 1,
        "notes-INITIAL_FORMS": 0,
        "notes-0-written_on": (TODAY + timedelta(days=1)).isoformat(),
        "notes-0-text": "未来",
    }
    response = client_for(world.staff_a).post(url("change", case), data)
    assert response.status_code == 200
    (formset,) = response.context["inline_admin_formsets"]
    assert "written_on" in formset.formset.forms[0].errors
    assert not CaseNote.objects.exists()


def test_the_buttons_move_the_case_and_a_mediation_closes_with_its_agreement(world, case):
    client = client_for(world.staff_a)
    page = client.get(url("change", case)).text
    assert url("move", case, "assessment") in page and url("move", case, "closed") in page
    for stage in (S.ASSESSMENT, S.PLAN, S.INTERVENTION, S.EVALUATION):
        assert client.post(url("move", case, stage)).status_code == 302
    refused = client.post(f"/en{url('move', case, 'closed')}", {"agreement": "", "note": ""})
    assert refused.status_code == 200
    assert "agreement" in refused.context["form"].errors
    case.refresh_from_db()
    assert case.stage == S.EVALUATION
    closed = client.post(url("move", case, "closed"), {"agreement": "晚十点后不再装修"})
    assert closed.status_code == 302
    case.refresh_from_db()
    assert (case.stage, case.agreement, case.closed_on) == (S.CLOSED, "晚十点后不再装修", TODAY)
    assert [step.by for step in case.steps.all()] == [world.staff_a] * 6


def test_closing_early_asks_for_the_reason(world, case):
    client = client_for(world.staff_a)
    refused = client.post(url("move", case, "closed"), {"note": ""})
    assert "note" in refused.context["form"].errors
    assert client.post(url("move", case, "plan")).status_code == 302  # not the next stage
    case.refresh_from_db()
    assert case.stage == S.INTAKE


def test_a_closed_case_is_read_only(world, case):
    case = case_move(case=case, to=S.CLOSED, note="当事人撤回")
    client = client_for(world.staff_a)
    page = client.get(url("change", case))
    assert page.status_code == 200
    assert url("move", case, "closed") not in page.text
    assert 'name="summary"' not in page.text
    assert client.post(url("change", case), {"summary": "改"}).status_code == 403
    response = client.post(url("move", case, "closed"), {"note": "再关"})
    assert response.status_code == 302
    assert case.steps.count() == 2


def test_the_list_takes_the_same_queries_for_more_cases(world, case, worker):
    client = client_for(world.director_a)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    few = queries()
    for _n in range(10):
        case_open(
            case=Case(
                resident=ResidentFactory(center=world.a),
                worker=MemberFactory(center=world.a),
                kind=CaseKind.LEGAL,
                opened_on=TODAY,
                summary="法律咨询",
            )
        )
    assert queries() == few
