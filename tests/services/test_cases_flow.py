"""A case moves forward one stage at a time, or closes early with a reason;
each step is stamped; a mediation closes with its agreement or a note that none
was reached; closed is final. Notes take the case's stage; sessions count as
person-times."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from services.models import Case, CaseKind, CaseNote, CaseStage, ServedDay
from services.services.cases import (
    case_delete,
    case_move,
    case_note_save,
    case_notes_delete,
    case_open,
    case_save,
)
from tests.factories import MemberFactory, ResidentFactory

S = CaseStage
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def worker(world):
    return MemberFactory(center=world.a, user=world.staff_a)


def new_case(world, worker, kind=CaseKind.CASEWORK, **fields):
    case = Case(
        resident=ResidentFactory(center=world.a),
        worker=worker,
        kind=kind,
        opened_on=TODAY - timedelta(days=30),
        summary="独居老人情绪低落",
        **fields,
    )
    return case_open(case=case, by=world.staff_a)


def note(case, by=None, **fields):
    fields = {"written_on": TODAY, "text": "面谈", **fields}
    return case_note_save(note=CaseNote(case=case, **fields), by=by)


def test_a_case_opens_at_intake_for_the_residents_center_and_is_stamped(world, worker):
    case = new_case(world, worker)
    assert (case.stage, case.center) == (S.INTAKE, world.a)
    step = case.steps.get()
    assert (step.stage, step.at, step.by) == (S.INTAKE, NOW, world.staff_a)


def test_it_moves_forward_one_stage_at_a_time_to_the_close(world, worker):
    case = new_case(world, worker)
    for stage in (S.ASSESSMENT, S.PLAN, S.INTERVENTION, S.EVALUATION, S.CLOSED):
        case = case_move(case=case, to=stage, by=world.staff_a)
    assert (case.stage, case.closed_on) == (S.CLOSED, TODAY)
    assert [step.stage for step in case.steps.all()] == [
        S.INTAKE,
        S.ASSESSMENT,
        S.PLAN,
        S.INTERVENTION,
        S.EVALUATION,
        S.CLOSED,
    ]
    assert case.history.first().history_user == world.staff_a


@pytest.mark.parametrize("to", [S.INTERVENTION, S.INTAKE, S.ASSESSMENT, S.EVALUATION])
def test_it_refuses_to_skip_or_go_back(world, worker, to):
    case = case_move(case=new_case(world, worker), to=S.ASSESSMENT)
    with pytest.raises(ValidationError):
        case_move(case=case, to=to)
    case.refresh_from_db()
    assert case.stage == S.ASSESSMENT
    assert case.steps.count() == 2


def test_closing_early_needs_the_reason(world, worker):
    case = new_case(world, worker)
    with pytest.raises(ValidationError) as refused:
        case_move(case=case, to=S.CLOSED, note="  ")
    assert "note" in refused.value.error_dict
    case.refresh_from_db()
    assert case.stage == S.INTAKE
    case = case_move(case=case, to=S.CLOSED, note="居民搬离本社区")
    assert case.steps.last().note == "居民搬离本社区"


def test_a_closed_case_moves_no_more_and_takes_no_notes(world, worker):
    case = case_move(case=new_case(world, worker), to=S.CLOSED, note="居民拒绝服务")
    for stage in (S.INTAKE, S.CLOSED):
        with pytest.raises(ValidationError):
            case_move(case=case, to=stage, note="再次")
    with pytest.raises(ValidationError):
        note(case)
    case.summary = "改动"
    with pytest.raises(ValidationError):
        case_save(case=case)
    assert Case.objects.get().summary == "独居老人情绪低落"
    assert case.steps.count() == 2


def to_evaluation(case):
    for stage in (S.ASSESSMENT, S.PLAN, S.INTERVENTION, S.EVALUATION):
        case = case_move(case=case, to=stage)
    return case


def test_closing_a_mediation_needs_the_agreement_or_a_note(world, worker):
    case = to_evaluation(new_case(world, worker, kind=CaseKind.MEDIATION, parties="楼上楼下"))
    with pytest.raises(ValidationError) as refused:
        case_move(case=case, to=S.CLOSED, agreement=" ")
    assert "agreement" in refused.value.error_dict
    case = case_move(case=case, to=S.CLOSED, agreement="晚十点后不再装修")
    assert (case.stage, case.agreement) == (S.CLOSED, "晚十点后不再装修")


def test_a_mediation_may_close_without_agreement_with_a_note(world, worker):
    case = to_evaluation(new_case(world, worker, kind=CaseKind.MEDIATION))
    case = case_move(case=case, to=S.CLOSED, note="双方未达成协议，建议走司法途径")
    assert case.stage == S.CLOSED and case.agreement == ""


def test_notes_take_the_cases_current_stage_and_keep_it(world, worker):
    case = new_case(world, worker)
    first = note(case, by=world.staff_a)
    case = case_move(case=case, to=S.ASSESSMENT)
    second = note(case)
    assert (first.stage, second.stage, first.author) == (S.INTAKE, S.ASSESSMENT, world.staff_a)
    first.text = "补充"
    case_note_save(note=first)
    first.refresh_from_db()
    assert first.stage == S.INTAKE


def test_sessions_count_as_person_times_and_other_notes_do_not(world, worker):
    case = new_case(world, worker)
    session = note(case, written_on=TODAY - timedelta(days=2))
    note(case, is_session=False)
    assert ServedDay.objects.get().people == 1
    assert ServedDay.objects.get().source == "case"
    session.is_session = False
    case_note_save(note=session)
    assert not ServedDay.objects.exists()
    session.is_session = True
    case_note_save(note=session)
    case_notes_delete(notes=[session])
    assert not ServedDay.objects.exists()


@pytest.mark.parametrize(
    "written_on", [TODAY + timedelta(days=1), TODAY - timedelta(days=31)], ids=["future", "early"]
)
def test_a_note_dated_in_the_future_or_before_the_opening_is_refused(world, worker, written_on):
    case = new_case(world, worker)
    with pytest.raises(ValidationError) as refused:
        note(case, written_on=written_on)
    assert "written_on" in refused.value.error_dict
    assert not CaseNote.objects.exists() and not ServedDay.objects.exists()


def test_a_worker_of_another_center_is_refused(world, worker):
    with pytest.raises(ValidationError) as refused:
        new_case(world, MemberFactory(center=world.b))
    assert "worker" in refused.value.error_dict
    assert not Case.objects.exists()


def test_a_case_cannot_be_opened_in_the_future(world, worker):
    with pytest.raises(ValidationError) as refused:
        case_open(
            case=Case(
                resident=ResidentFactory(center=world.a),
                worker=worker,
                kind=CaseKind.LEGAL,
                opened_on=TODAY + timedelta(days=1),
                summary="咨询",
            )
        )
    assert "opened_on" in refused.value.error_dict


def test_only_a_closed_case_is_deleted_with_its_notes_history_and_person_times(world, worker):
    case = new_case(world, worker)
    note(case)
    with pytest.raises(ValidationError):
        case_delete(case=case)
    assert ServedDay.objects.get().people == 1
    case = case_move(case=case, to=S.CLOSED, note="居民要求删除其信息")
    case_delete(case=case, by=world.director_a)
    assert not Case.objects.exists() and not CaseNote.objects.exists()
    assert not ServedDay.objects.exists()
    assert not Case.history.exists() and not CaseNote.history.exists()


def test_moving_a_case_to_another_resident_moves_its_sessions(world, worker):
    case = new_case(world, worker)
    note(case)
    other = ResidentFactory(center=world.a)
    case.resident = other
    case_save(case=case)
    assert ServedDay.objects.get().community == other.community


def test_a_close_in_the_past_is_dated_by_its_step(world, worker):
    case = new_case(world, worker)
    at = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    case = case_move(case=case, to=S.CLOSED, note="结案", at=at)
    assert case.closed_on == date(2026, 11, 30)
