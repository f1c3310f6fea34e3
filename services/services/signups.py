"""Sign-ups: taking a place (or one on the waiting list), cancelling it, and
moving the waiting list up.

Capacity is never exceeded: every write that takes or frees places first locks
the occurrence's row, then counts the people holding places, then writes, in
one transaction (pretix's quota pattern). Two sign-ups for the last place queue
on the lock; the second one counts the first. (On SQLite, whose transactions
take the write lock when they begin, the row lock is not needed and is a no-op.)
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from services.models import (
    HOLDING_PLACES,
    MAX_PEOPLE_PER_SIGNUP,
    Occurrence,
    Signup,
    SignupChannel,
    SignupNotice,
    SignupStatus,
)
from services.models.activities import LIVE

# Sign-ups a person (or staff for them) may still cancel.
CANCELLABLE = (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)


def refused(field: str, message: str, *, code: str) -> ValidationError:
    """A refusal to show beside a field, with a code tests and callers can read."""
    return ValidationError({field: ValidationError(message, code=code)})


def duplicate_message() -> str:
    return _(
        "This phone number is already signed up for this activity at this time. To change "
        "the number of people, cancel that sign-up and sign up again."
    )


def lock_occurrence(occurrence_id: int, *, lock: bool = True) -> Occurrence:
    """The occurrence (with its activity), its row locked until the transaction ends."""
    occurrences = Occurrence.objects.select_related("activity")
    if lock:
        occurrences = occurrences.select_for_update(of=("self",))
    return occurrences.get(pk=occurrence_id)


def places_taken(occurrence_id: int) -> int:
    """People of the sign-ups holding places at the occurrence (one query)."""
    return Signup.objects.filter(occurrence_id=occurrence_id, status__in=HOLDING_PLACES).aggregate(
        people=Coalesce(Sum("people"), 0)
    )["people"]


def check_open(occurrence: Occurrence) -> None:
    """Refuse sign-ups for a cancelled, started or walk-in occurrence."""
    if occurrence.is_cancelled:
        raise ValidationError(_("This occurrence is cancelled."), code="cancelled")
    if occurrence.starts_at <= timezone.now():
        raise ValidationError(_("This occurrence has already started or taken place."), code="past")
    if not occurrence.activity.signup_required:
        raise ValidationError(
            _("No sign-up is needed for this activity: just come."), code="walk_in"
        )


def signup_status(*, occurrence: Occurrence, people: int, phone: str) -> str:
    """The status a sign-up of `people` would get now (confirmed or waitlisted),
    or a ValidationError saying why there is none. Call it with the occurrence
    locked (see `signup_create`)."""
    check_open(occurrence)
    if not 1 <= people <= MAX_PEOPLE_PER_SIGNUP:
        raise refused(
            "people",
            _("One sign-up is for 1 to %(max)d people.") % {"max": MAX_PEOPLE_PER_SIGNUP},
            code="people",
        )
    if (
        phone
        and Signup.objects.filter(occurrence=occurrence, phone=phone, status__in=LIVE).exists()
    ):
        raise refused("phone", duplicate_message(), code="duplicate")
    capacity = occurrence.capacity
    if capacity is None:
        return SignupStatus.CONFIRMED
    left = max(capacity - places_taken(occurrence.pk), 0)
    if people <= left:
        return SignupStatus.CONFIRMED
    if people > capacity:
        raise refused(
            "people",
            ngettext(
                "At most %(capacity)d person can come.",
                "At most %(capacity)d people can come.",
                capacity,
            )
            % {"capacity": capacity},
            code="over_capacity",
        )
    if occurrence.activity.waitlist:
        return SignupStatus.WAITLISTED
    if left == 0:
        raise ValidationError(
            _("Sorry, it is full, and this activity has no waiting list."), code="full"
        )
    raise refused(
        "people",
        ngettext("Only %(left)d place is left.", "Only %(left)d places are left.", left)
        % {"left": left},
        code="too_many",
    )


@transaction.atomic
def signup_create(*, signup: Signup, consented: bool, by=None, lock: bool = True) -> Signup:
    """Save a new sign-up (`signup`, unsaved: occurrence, name, phone, people,
    channel): a place when its people fit, else a place on the waiting list when
    the activity keeps one, else a refusal that says why (and nothing saved).
    `lock=False` only for the test that shows the race the lock prevents."""
    if not consented:
        raise refused(
            "consent", _("The person's consent is needed to keep a name and phone."), code="consent"
        )
    if not signup.phone and signup.channel != SignupChannel.WALK_IN:
        raise refused("phone", _("A sign-up needs a phone number."), code="phone")
    occurrence = lock_occurrence(signup.occurrence_id, lock=lock)
    signup.occurrence = occurrence
    signup.status = signup_status(occurrence=occurrence, people=signup.people, phone=signup.phone)
    now = timezone.now()
    signup.consented_at = signup.created_at = signup.changed_at = now
    signup._history_user = by
    signup.full_clean()
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError as error:
        # Two sign-ups with one phone that passed the check at the same time
        # (the constraint's name is not in every database's message: look).
        live = Signup.objects.filter(occurrence=occurrence, phone=signup.phone, status__in=LIVE)
        if signup.phone and live.exists():
            raise refused("phone", duplicate_message(), code="duplicate") from error
        raise
    return signup


def waitlist_promote(*, occurrence: Occurrence, by=None) -> list[Signup]:
    """Give free places to the waiting list, first come first served: each
    waiting sign-up that fits in what is left moves up and is told. Call it with
    the occurrence locked."""
    if occurrence.is_cancelled:
        return []
    free = (
        None if occurrence.capacity is None else occurrence.capacity - places_taken(occurrence.pk)
    )
    if free is not None and free <= 0:
        return []
    promoted = []
    now = timezone.now()
    for signup in Signup.objects.waiting().filter(occurrence=occurrence).select_for_update():
        if free is not None and signup.people > free:
            continue
        signup.status = SignupStatus.CONFIRMED
        signup.changed_at = now
        promoted.append(signup)
        if free is not None:
            free -= signup.people
    if promoted:
        bulk_update_with_history(
            promoted, Signup, ["status", "changed_at"], default_user=by, batch_size=500
        )
        notices = [
            SignupNotice(
                signup=s, kind=SignupNotice.Kind.PROMOTED, new_starts_at=occurrence.starts_at
            )
            for s in promoted
        ]
        bulk_create_with_history(notices, SignupNotice, default_user=by)
    return promoted


@transaction.atomic
def signup_cancel(*, signup: Signup, by=None) -> list[Signup]:
    """Cancel a confirmed or waiting sign-up before the occurrence starts; the
    places it held go to the waiting list. Returns the sign-ups that moved up."""
    occurrence = lock_occurrence(signup.occurrence_id)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status not in CANCELLABLE:
        raise ValidationError(
            _("Sign-up %(reference)s is “%(status)s”; it cannot be cancelled.")
            % {"reference": signup.reference, "status": signup.get_status_display()},
            code="not_cancellable",
        )
    if occurrence.starts_at <= timezone.now():
        raise ValidationError(
            _("Sign-up %(reference)s cannot be cancelled: the activity has already started.")
            % {"reference": signup.reference},
            code="past",
        )
    held_places = signup.status == SignupStatus.CONFIRMED
    signup.status = SignupStatus.CANCELLED
    signup.changed_at = timezone.now()
    signup._history_user = by
    signup.full_clean()
    signup.save()
    return waitlist_promote(occurrence=occurrence, by=by) if held_places else []


@transaction.atomic
def signups_cancel(*, signups: Iterable[Signup], by=None) -> tuple[int, list[Signup]]:
    """Cancel several sign-ups (staff): all of them or, when one cannot be
    cancelled, none, with the reasons. Returns how many, and who moved up."""
    # Waiting ones first: cancelling a place must not move up someone who is
    # being cancelled too.
    signups = sorted(
        signups, key=lambda s: (s.status != SignupStatus.WAITLISTED, s.occurrence_id, s.pk)
    )
    # Lock the occurrences in a fixed order, so two such writes cannot deadlock.
    for occurrence_id in sorted({s.occurrence_id for s in signups}):
        lock_occurrence(occurrence_id)
    problems, promoted = [], []
    for signup in signups:
        try:
            with transaction.atomic():
                promoted += signup_cancel(signup=signup, by=by)
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise ValidationError(problems)
    batch = {s.pk for s in signups}
    return len(signups), [s for s in promoted if s.pk not in batch]


@transaction.atomic
def notices_pass_on(*, notices, by) -> int:
    """Mark notices as passed on (by phone) now; those already passed on stay as
    they were. Returns how many were marked."""
    chosen = notices.values("pk")  # whatever the list joins, lock the notices alone
    pending = list(
        SignupNotice.objects.filter(pk__in=chosen, passed_on_at=None).select_for_update()
    )
    now = timezone.now()
    for notice in pending:
        notice.passed_on_at, notice.passed_on_by = now, by
    bulk_update_with_history(
        pending, SignupNotice, ["passed_on_at", "passed_on_by"], default_user=by, batch_size=500
    )
    return len(pending)
