"""Registering volunteers and moving them through their statuses."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from centers.models import Center, Community
from volunteers.identity import Identity
from volunteers.models import AVAILABILITY_FIELDS, Skill, Volunteer, volunteer_numbers
from volunteers.tallies import volunteers_added, volunteers_changing

# What an applicant agrees to; the text shown is stored with the application.
CONSENT_TEXT = _(
    "I agree that the social-work center of my community keeps my name, ID number, "
    "phone, community, skills and availability to register me as a volunteer, to "
    "contact me about volunteer services, to record my service hours and to issue "
    "certificates of them. My ID number is stored encrypted and shown masked; only "
    "authorised staff may see it in full, and every such view is logged. The data is "
    "not given to anyone else. I may ask the center at any time to see, correct or "
    "delete it, or to withdraw this consent."
)

# Who keeps a self-registered volunteer: a volunteer station of the community,
# else the street's social-work center, else the community's social-work room,
# else any center of the street. Staff can move the record afterwards.
CENTER_PREFERENCE = [
    ("community", Center.Kind.VOLUNTEER_STATION),
    ("street", Center.Kind.STREET_CENTER),
    ("community", Center.Kind.COMMUNITY_ROOM),
    ("street", Center.Kind.VOLUNTEER_STATION),
    ("street", None),
]


def center_for_community(community: Community) -> Center | None:
    """The center that will review an application from this community (one query)."""
    candidates = list(Center.objects.filter(street_id=community.street_id).order_by("pk"))
    for where, kind in CENTER_PREFERENCE:
        for center in candidates:
            if where == "community" and center.community_id != community.pk:
                continue
            if kind is None or center.kind == kind:
                return center
    return None


@transaction.atomic
def volunteer_create(
    *,
    volunteer: Volunteer,
    skills: Iterable[Skill] = (),
    user: AbstractBaseUser | None = None,
) -> Volunteer:
    """Save a new volunteer under a fresh volunteer number (with its history)."""
    volunteer.volunteer_no = volunteer_numbers(1)[0]
    if user is not None:
        volunteer._history_user = user
    volunteer.full_clean()
    volunteer.save()
    volunteer.skills.set(skills)
    volunteers_added([volunteer.pk])
    return volunteer


def _move(
    volunteers: models.QuerySet,
    *,
    from_statuses: Iterable[str],
    user: AbstractBaseUser,
    **changes,
) -> int:
    """Set `changes` on the volunteers in one of `from_statuses`; others stay as they are."""
    targets = list(volunteers.filter(status__in=list(from_statuses)).select_for_update())
    now = timezone.now()
    for volunteer in targets:
        for field, value in {**changes, "reviewed_by": user, "reviewed_at": now}.items():
            setattr(volunteer, field, value)
    fields = [*changes, "reviewed_by", "reviewed_at"]
    with volunteers_changing(volunteer.pk for volunteer in targets):
        bulk_update_with_history(targets, Volunteer, fields, default_user=user, batch_size=1000)
    return len(targets)


@transaction.atomic
def volunteer_apply(
    *,
    identity: Identity,
    name: str,
    phone: str,
    community: Community,
    skills: Iterable[Skill],
    availability: Iterable[str],
    guardian_name: str = "",
    guardian_phone: str = "",
    guardian_consent: bool = False,
) -> Volunteer:
    """A resident's application from the public form: it waits for the center."""
    center = center_for_community(community)
    if center is None:
        raise ValidationError({"community": _("No center reviews applications from here yet.")})
    now = timezone.now()
    volunteer = Volunteer(
        name=name,
        gender=identity.gender,
        birth_date=identity.birth_date,
        phone=phone,
        community=community,
        center=center,
        consent_source=Volunteer.ConsentSource.ONLINE,
        consent_at=now,
        consent_text=str(CONSENT_TEXT),
        guardian_name=guardian_name,
        guardian_phone=guardian_phone,
        guardian_consent_at=now if guardian_consent else None,
        status=Volunteer.Status.APPLIED,
        **{field: field in set(availability) for field in AVAILABILITY_FIELDS},
    )
    volunteer.set_id_number(identity.id_type, identity.number)
    return volunteer_create(volunteer=volunteer, skills=skills)


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})


@transaction.atomic
def volunteers_approve(*, volunteers: models.QuerySet, user: AbstractBaseUser) -> int:
    return _move(
        volunteers,
        from_statuses=[Volunteer.Status.APPLIED],
        user=user,
        status=Volunteer.Status.ACTIVE,
        status_reason="",
        registered_on=timezone.localdate(),
    )


@transaction.atomic
def volunteers_reject(*, volunteers: models.QuerySet, reason: str, user: AbstractBaseUser) -> int:
    _require_reason(reason)
    return _move(
        volunteers,
        from_statuses=[Volunteer.Status.APPLIED],
        user=user,
        status=Volunteer.Status.REJECTED,
        status_reason=reason,
    )


@transaction.atomic
def volunteers_suspend(*, volunteers: models.QuerySet, reason: str, user: AbstractBaseUser) -> int:
    _require_reason(reason)
    return _move(
        volunteers,
        from_statuses=[Volunteer.Status.ACTIVE],
        user=user,
        status=Volunteer.Status.SUSPENDED,
        status_reason=reason,
    )


@transaction.atomic
def volunteers_reinstate(*, volunteers: models.QuerySet, user: AbstractBaseUser) -> int:
    return _move(
        volunteers,
        from_statuses=[Volunteer.Status.SUSPENDED],
        user=user,
        status=Volunteer.Status.ACTIVE,
        status_reason="",
    )


@transaction.atomic
def volunteers_mark_left(*, volunteers: models.QuerySet, user: AbstractBaseUser) -> int:
    return _move(
        volunteers,
        from_statuses=[Volunteer.Status.ACTIVE, Volunteer.Status.SUSPENDED],
        user=user,
        status=Volunteer.Status.LEFT,
        left_on=timezone.localdate(),
    )
