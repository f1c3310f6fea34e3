"""Exports of volunteers and of hours (row generators for centers.exports).

ID numbers and phones are masked unless the user holds the permission to see
them in full; then each volunteer exported in full is logged (without values).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from centers.exports import Table
from volunteers.models import PersonalDataAccessLog, Volunteer
from volunteers.services.personal_data import access_log, may_see_full

CHUNK = 2000
Field = PersonalDataAccessLog.Field


def _header_lines(user, masking: str) -> list[str]:
    return [
        _("Exported by %(user)s at %(when)s")
        % {"user": user.get_username(), "when": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        masking,
    ]


def volunteers_table(volunteers, *, user) -> Table:
    full = may_see_full(user)
    volunteers = volunteers.select_related("community", "center").order_by("volunteer_no")
    if full:
        access_log(
            user=user,
            volunteers=volunteers.values_list("pk", "volunteer_no").iterator(chunk_size=CHUNK),
            fields=[Field.ID_NUMBER, Field.PHONE],
            purpose=PersonalDataAccessLog.Purpose.EXPORT,
        )

    def rows():
        for volunteer in volunteers.iterator(chunk_size=CHUNK):
            yield [
                volunteer.volunteer_no,
                volunteer.name,
                volunteer.get_id_type_display(),
                volunteer.reveal_id_number() if full else volunteer.id_number_masked,
                volunteer.get_gender_display(),
                volunteer.birth_date,
                volunteer.phone if full else volunteer.phone_masked,
                volunteer.community.name,
                volunteer.center.name,
                volunteer.get_status_display(),
                volunteer.registered_on,
                volunteer.confirmed_hours,
                volunteer.stars,
            ]

    return Table(
        title=_("Volunteers"),
        header_lines=_header_lines(
            user, _("ID numbers and phones in full") if full else _("ID numbers and phones masked")
        ),
        columns=[
            _("volunteer number"),
            _("real name"),
            _("ID type"),
            _("ID number"),
            _("gender"),
            _("birth date"),
            _("phone"),
            _("community"),
            _("keeping center"),
            _("status"),
            _("registered on"),
            _("confirmed hours"),
            _("stars"),
        ],
        rows=rows(),
    )


def hours_table(entries, *, user) -> Table:
    full = may_see_full(user)
    entries = entries.select_related("volunteer", "center").order_by("served_on", "pk")
    if full:
        access_log(
            user=user,
            volunteers=entries.order_by("volunteer_id")
            .values_list("volunteer_id", "volunteer__volunteer_no")
            .distinct()
            .iterator(chunk_size=CHUNK),
            fields=[Field.ID_NUMBER],
            purpose=PersonalDataAccessLog.Purpose.EXPORT,
        )
    revealed: dict[int, str] = {}

    def id_number(volunteer: Volunteer) -> str:
        if not full:
            return volunteer.id_number_masked
        if volunteer.pk not in revealed:
            revealed[volunteer.pk] = volunteer.reveal_id_number()
        return revealed[volunteer.pk]

    def rows():
        for entry in entries.iterator(chunk_size=CHUNK):
            yield [
                entry.served_on,
                entry.volunteer.volunteer_no,
                entry.volunteer.name,
                id_number(entry.volunteer),
                entry.hours,
                entry.content,
                entry.activity,
                entry.get_status_display(),
                entry.center.name,
            ]

    return Table(
        title=_("Service hours"),
        header_lines=_header_lines(
            user, _("ID numbers in full") if full else _("ID numbers masked")
        ),
        columns=[
            _("date served"),
            _("volunteer number"),
            _("real name"),
            _("ID number"),
            _("hours"),
            _("what was done"),
            _("activity"),
            _("status"),
            _("keeping center"),
        ],
        rows=rows(),
    )
