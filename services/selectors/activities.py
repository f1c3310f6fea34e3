"""Reads about activities for pages: the residents' list of what is coming up,
one occurrence with its places, a sign-up's own page, and the staff's lists."""

from datetime import date, time, timedelta

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from centers.models import Community
from centers.queries import SubqueryCount
from services.models import (
    HOLDING_PLACES,
    Activity,
    Occurrence,
    Signup,
    SignupNotice,
    SignupStatus,
    TargetGroup,
)
from services.services.occurrences import local

# What the residents' pages show of an occurrence's activity.
PUBLIC_RELATED = (
    "activity",
    "activity__community",
    "activity__venue",
    # A room is named with its center ("center · room"): without this, one query per room.
    "activity__venue__center",
    "activity__center",
    "activity__organization",
    "activity__team",
)


def with_places(occurrences: QuerySet) -> QuerySet:
    """Annotate `places_taken` (people holding places) and `waiting` (sign-ups on
    the waiting list) with subqueries: no GROUP BY, no query per row."""
    taken = (
        Signup.objects.filter(occurrence=OuterRef("pk"), status__in=HOLDING_PLACES)
        .order_by()
        .values("occurrence")
        .annotate(people=Sum("people"))
        .values("people")
    )
    waiting = Signup.objects.filter(occurrence=OuterRef("pk"), status=SignupStatus.WAITLISTED)
    return occurrences.annotate(
        places_taken=Coalesce(Subquery(taken), 0), waiting=SubqueryCount(waiting.values("pk"))
    )


def places_left(occurrence: Occurrence) -> int | None:
    """Places still free (None: no limit), from the `places_taken` annotation."""
    if occurrence.capacity is None:
        return None
    return max(occurrence.capacity - occurrence.places_taken, 0)


def _for_pages(occurrences: QuerySet) -> QuerySet:
    groups = TargetGroup.objects.order_by("order", "name")
    return with_places(occurrences.select_related(*PUBLIC_RELATED)).prefetch_related(
        Prefetch("activity__target_groups", queryset=groups)
    )


def public_occurrences(
    *,
    community: Community | None = None,
    group: TargetGroup | None = None,
    day: date | None = None,
) -> QuerySet:
    """Upcoming occurrences of public activities, soonest first, each with its
    activity, places and target groups: 2 queries for a page (its rows, their
    target groups), plus the paginator's count. A target group includes its
    sub-groups (elderly: also those living alone)."""
    occurrences = Occurrence.objects.upcoming().public()
    if community is not None:
        occurrences = occurrences.filter(activity__community=community)
    if group is not None:
        in_group = Activity.objects.filter(Q(target_groups=group) | Q(target_groups__parent=group))
        occurrences = occurrences.filter(activity__in=in_group.values("pk"))
    if day is not None:
        occurrences = occurrences.filter(
            starts_at__gte=local(day, time()), starts_at__lt=local(day + timedelta(days=1), time())
        )
    return _for_pages(occurrences).order_by("starts_at", "pk")


def public_occurrence(pk: int) -> Occurrence | None:
    """One occurrence of a public activity (past or cancelled ones too, which say
    so), with its places and target groups, in 2 queries; None when there is none."""
    return _for_pages(Occurrence.objects.public()).filter(pk=pk).first()


def communities_with_public_activities() -> QuerySet:
    return Community.objects.filter(
        pk__in=Activity.objects.public().values("community").order_by()
    ).order_by("name")


def signup_for_token(token: str) -> Signup | None:
    """The sign-up with this secret, with its occurrence, activity and notices (oldest
    first), in 2 queries; None when there is none."""
    notices = SignupNotice.objects.order_by("created_at", "pk")
    return (
        Signup.objects.select_related(
            "occurrence",
            "occurrence__activity",
            "occurrence__activity__community",
            "occurrence__activity__venue",
        )
        .prefetch_related(Prefetch("notices", queryset=notices))
        .filter(token=token)
        .first()
    )


def waiting_position(signup: Signup) -> int:
    """1 for the first on the waiting list (one query)."""
    ahead = Signup.objects.waiting().filter(occurrence_id=signup.occurrence_id)
    ahead = ahead.filter(
        Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lt=signup.pk)
    )
    return ahead.count() + 1
