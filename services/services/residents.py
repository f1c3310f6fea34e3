"""Writes about residents: keeping a record with its target groups, and deleting
one on request (PIPL).

Person-times served by a resident's visits and case sessions are counted in the
tallies by the resident's center, community and target groups, so a change of
any of these moves what was already counted (the tallies are wrapped), and a
deletion takes the resident's visits out of the figures, past months included:
the figures are derived from the records, and a rebuild would drop them anyway.
"""

import logging
from collections.abc import Iterable
from contextlib import contextmanager

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils.translation import ngettext

from services.models import CaseNote, HomeVisit, Resident, TargetGroup
from services.tallies import case_notes_changing, visits_changing

personal_data_log = logging.getLogger("sanshe.personal_data")


def with_main_groups(groups: Iterable[TargetGroup]) -> set[int]:
    """The groups' ids and those of their main groups: someone living alone is
    also elderly, so the figures of a main group include its sub-groups."""
    groups = list(groups)
    return {group.pk for group in groups} | {group.parent_id for group in groups if group.parent_id}


@contextmanager
def served_by_changing(resident_ids: Iterable[int]):
    """Wrap a change of residents (groups, community, center): the person-times
    their visits and case sessions already count move with them."""
    resident_ids = list(resident_ids)
    visits = HomeVisit.objects.filter(resident__in=resident_ids).values_list("pk", flat=True)
    notes = CaseNote.objects.filter(case__resident__in=resident_ids).values_list("pk", flat=True)
    with visits_changing(list(visits)), case_notes_changing(list(notes)):
        yield


def lock(resident: Resident) -> Resident:
    """The resident's row, locked: visits and group changes of one resident take
    turns, so that each counts its person-times in the right groups."""
    return Resident.objects.select_for_update().get(pk=resident.pk)


@transaction.atomic
def resident_save(
    *, resident: Resident, target_groups: Iterable[TargetGroup] | None = None, by=None
) -> Resident:
    """Save a new or changed resident and, when given, their target groups (a
    sub-group brings its main group along)."""
    resident._history_user = by
    resident.full_clean()
    groups = None if target_groups is None else with_main_groups(target_groups)
    if resident.pk is None:
        resident.save()
        if groups:
            resident.target_groups.set(groups)
        return resident
    lock(resident)
    with served_by_changing([resident.pk]):
        resident.save()
        if groups is not None:
            resident.target_groups.set(groups)
    return resident


def deletion_refusal(resident: Resident) -> str | None:
    """Why this resident cannot be deleted now, or None."""
    cases = resident.cases.count()
    if cases:
        return ngettext(
            "%(name)s has %(count)d case: close it and delete it first.",
            "%(name)s has %(count)d cases: close them and delete them first.",
            cases,
        ) % {"name": resident.name, "count": cases}
    return None


def erase_history(model, ids: list[int]) -> None:
    """Forget the earlier versions of these records (and of their many-to-many
    fields) and reword the admin's log entries about them, which name them: after
    a deletion on request no personal data of theirs stays behind. Who deleted
    what, and when, stays in the admin's log."""
    history = model.history.model
    versions = history.objects.filter(id__in=ids)
    for relation in history._meta.related_objects:
        if relation.related_model.__name__.startswith(history.__name__):  # m2m versions
            relation.related_model.objects.filter(history__in=versions).delete()
    versions.delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr=Concat(Value("#"), "object_id"))


@transaction.atomic
def resident_delete(*, resident: Resident, by=None) -> int:
    """Delete a resident's record and home visits on request, with their history.
    Cases are kept until a director closes and deletes them (a case is the
    worker's professional record). Returns the number of visits deleted."""
    resident = lock(resident)
    refusal = deletion_refusal(resident)
    if refusal:
        raise ValidationError(refusal)
    visits = list(resident.visits.values_list("pk", flat=True))
    with visits_changing(visits):
        HomeVisit.objects.filter(pk__in=visits).delete()
    pk = resident.pk
    resident.delete()
    erase_history(HomeVisit, visits)
    erase_history(Resident, [pk])
    personal_data_log.info(
        "services.Resident %s deleted on request by %s, with %d home visits and their history",
        pk,
        by,
        len(visits),
    )
    return len(visits)
