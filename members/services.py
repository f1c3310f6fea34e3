"""Writes about the workforce that touch several rows."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from members.models import Member, TrainingAttendance, TrainingSession


@transaction.atomic
def attendance_record(*, session: TrainingSession, members: list[Member], user) -> tuple[int, int]:
    """Make `members` exactly the attendees of `session`; returns (added, removed).

    Every member must belong to the session's center.
    """
    wanted = {member.pk for member in members}
    if any(member.center_id != session.center_id for member in members):
        raise ValueError("Attendees must belong to the session's center.")
    present = set(session.attendance.values_list("member_id", flat=True))
    added = [TrainingAttendance(session=session, member_id=pk) for pk in wanted - present]
    bulk_create_with_history(added, TrainingAttendance, default_user=user)
    # A queryset delete sends post_delete per row, so the history records each removal.
    removed, _by_model = session.attendance.filter(member_id__in=present - wanted).delete()
    return len(added), removed
