"""Showing personal data in full: only with the permission, and always logged
(who, which volunteer, which field, when — never the value)."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied

from volunteers.models import PersonalDataAccessLog, Volunteer

PERMISSION = "volunteers.view_full_personal_data"
Field = PersonalDataAccessLog.Field
Purpose = PersonalDataAccessLog.Purpose
LOG_BATCH = 2000


def may_see_full(user: AbstractBaseUser) -> bool:
    return user.has_perm(PERMISSION)


def personal_data_reveal(*, volunteer: Volunteer, user: AbstractBaseUser) -> dict[str, str]:
    """The volunteer's ID number and phones in full, each view logged."""
    if not may_see_full(user):
        raise PermissionDenied
    values = {
        Field.ID_NUMBER: volunteer.reveal_id_number(),
        Field.PHONE: volunteer.phone,
        Field.GUARDIAN_PHONE: volunteer.guardian_phone,
    }
    shown = {field: value for field, value in values.items() if value}
    access_log(
        user=user,
        volunteers=[(volunteer.pk, volunteer.volunteer_no)],
        fields=shown,
        purpose=Purpose.VIEW,
    )
    return shown


def access_log(
    *,
    user: AbstractBaseUser,
    volunteers: Iterable[tuple[int, str]],
    fields: Iterable[str],
    purpose: str,
) -> int:
    """Log that `fields` of these (pk, volunteer number) pairs were shown in full."""
    fields = list(fields)
    batch, written = [], 0
    for pk, number in volunteers:
        batch.extend(
            PersonalDataAccessLog(
                user=user,
                username=user.get_username(),
                volunteer_id=pk,
                volunteer_no=number,
                field=field,
                purpose=purpose,
            )
            for field in fields
        )
        if len(batch) >= LOG_BATCH:
            written += len(PersonalDataAccessLog.objects.bulk_create(batch))
            batch = []
    written += len(PersonalDataAccessLog.objects.bulk_create(batch))
    return written
