"""Writes about cases (个案): opening one, moving it through its stages, its
notes, and deleting a closed one.

A case moves forward one stage at a time (intake → assessment → plan →
intervention → evaluation → closed), or is closed early with the reason; each
step is stamped (`CaseStep`: when, by whom). Closed is final. A mediation is
closed with the agreement reached, or a note that none was. Notes are written in
the case's current stage; those that are sessions with the resident count as
person-times (the tallies are kept here).
"""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.models import Case, CaseKind, CaseNote, CaseStage, CaseStep
from services.services.residents import erase_history
from services.tallies import case_notes_added, case_notes_changing

personal_data_log = logging.getLogger("sanshe.personal_data")


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_open(*, case: Case, by=None, at: datetime | None = None) -> Case:
    """Open a new case (an unsaved one) at intake, for the center that keeps the
    resident's record. `at` is for past data only."""
    if case.resident_id:
        case.center_id = case.resident.center_id
    case.stage = CaseStage.INTAKE
    case.closed_on = None
    case._history_user = by
    case.full_clean()
    case.save()
    CaseStep.objects.create(case=case, stage=CaseStage.INTAKE, at=at or timezone.now(), by=by)
    return case


@transaction.atomic
def case_save(*, case: Case, by=None) -> Case:
    """Save a change of an open case's details (not its stage: see `case_move`)."""
    current = _lock(case)
    if current.is_closed:
        raise ValidationError(_("This case is closed; it can no longer change."))
    case.stage, case.closed_on = current.stage, current.closed_on
    if case.resident_id:
        case.center_id = case.resident.center_id
    case._history_user = by
    case.full_clean()
    # Its sessions count by the resident's center, community and groups.
    with case_notes_changing(case.notes.values_list("pk", flat=True)):
        case.save()
    return case


def move_refusal(case: Case, to: str) -> str | None:
    """Why this case may not move to stage `to` now, or None."""
    if case.is_closed:
        return _("This case is closed; its stage can no longer change.")
    if to not in (case.next_stage, CaseStage.CLOSED):
        return _("A case moves on to the next stage, “%(next)s”, or is closed early.") % {
            "next": CaseStage(case.next_stage).label
        }
    return None


@transaction.atomic
def case_move(
    *,
    case: Case,
    to: str,
    note: str = "",
    agreement: str | None = None,
    by=None,
    at: datetime | None = None,
) -> Case:
    """Move a case to its next stage, or close it (early: with the reason in
    `note`). Closing a mediation needs the agreement reached (`agreement`, or the
    one already written down), or a note that none was reached. `at` is for past
    data only."""
    case = _lock(case)
    refusal = move_refusal(case, to)
    if refusal:
        raise ValidationError(refusal)
    note = note.strip()
    at = at or timezone.now()
    if to == CaseStage.CLOSED:
        if case.next_stage != CaseStage.CLOSED and not note:
            raise ValidationError({"note": _("Say why the case is closed before its evaluation.")})
        if agreement is not None:
            case.agreement = agreement.strip()
        if case.kind == CaseKind.MEDIATION and not case.agreement and not note:
            raise ValidationError(
                {
                    "agreement": _(
                        "Write down the agreement the parties reached, or say in the note "
                        "that none was reached."
                    )
                }
            )
        case.closed_on = timezone.localdate(at)
    case.stage = to
    case._history_user = by
    case.full_clean()
    case.save()
    CaseStep.objects.create(case=case, stage=to, at=at, by=by, note=note)
    return case


@transaction.atomic
def case_note_save(*, note: CaseNote, by=None) -> CaseNote:
    """Write a new note in the case's current stage, or save a changed one (it
    keeps its stage). Not on a closed case."""
    case = _lock(note.case)
    if case.is_closed:
        raise ValidationError(_("This case is closed; its notes can no longer change."))
    note.case = case
    note._history_user = by
    if note.pk is None:
        note.stage = case.stage
        note.author = by
        note.full_clean()
        note.save()
        case_notes_added([note.pk])
        return note
    note.stage = CaseNote.objects.values_list("stage", flat=True).get(pk=note.pk)
    note.full_clean()
    with case_notes_changing([note.pk]):
        note.save()
    return note


@transaction.atomic
def case_notes_delete(*, notes: Iterable[CaseNote], by=None) -> int:
    """Delete notes of open cases (e.g. written twice)."""
    ids = [note.pk for note in notes]
    notes = list(CaseNote.objects.filter(pk__in=ids).select_related("case"))
    if any(note.case.is_closed for note in notes):
        raise ValidationError(_("This case is closed; its notes can no longer change."))
    with case_notes_changing(ids):
        for note in notes:
            note._history_user = by
            note.delete()
    return len(notes)


def deletion_refusal(case: Case) -> str | None:
    if not case.is_closed:
        return _("%(case)s is open: close it before deleting it.") % {"case": case}
    return None


@transaction.atomic
def case_delete(*, case: Case, by=None) -> None:
    """Delete a closed case with its notes, and their history: done when the
    resident asks for their data to be deleted (a case is otherwise kept, closed).
    Its sessions leave the person-times figures."""
    case = _lock(case)
    refusal = deletion_refusal(case)
    if refusal:
        raise ValidationError(refusal)
    pk = case.pk
    notes = list(case.notes.values_list("pk", flat=True))
    with case_notes_changing(notes):
        case.delete()
    erase_history(CaseNote, notes)
    erase_history(Case, [pk])
    personal_data_log.info(
        "services.Case %s deleted by %s, with %d notes and their history", pk, by, len(notes)
    )
