"""Reads about the workforce for admin pages and reports."""

from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from members.figures import Period
from members.models import Certificate, CertificateLevel, EducationEnrollment, TrainingAttendance

# Hours required per 3-year period: 72 for assistants, 90 for the other levels.
REQUIRED_HOURS = {CertificateLevel.ASSISTANT: 72, "other": 90}
# Finishing a social-work degree counts as this many hours.
DEGREE_HOURS = 90

HOURS = DecimalField(max_digits=7, decimal_places=1)


def with_continuing_education(members, period: Period):
    """Annotate each member with `training_hours`, `degree_hours`, `education_hours`
    (their sum) and `required_hours` (None when not certified) for the period."""
    training = (
        TrainingAttendance.objects.filter(
            member=OuterRef("pk"),
            session__held_on__gte=period.start,
            session__held_on__lte=period.end,
        )
        .values("member")
        .annotate(total=Sum("session__hours"))
        .values("total")
    )
    return members.annotate(
        training_hours=Coalesce(Subquery(training, output_field=HOURS), Value(Decimal(0))),
        **_degree_and_required_hours(period),
    ).annotate(education_hours=F("training_hours") + F("degree_hours"))


def _degree_and_required_hours(period: Period) -> dict:
    degree_done = EducationEnrollment.objects.filter(
        member=OuterRef("pk"),
        is_social_work=True,
        completed_on__gte=period.start,
        completed_on__lte=period.end,
    )
    certificates = Certificate.objects.filter(member=OuterRef("pk"), issued_on__lte=period.end)
    return {
        "degree_hours": Case(
            When(Exists(degree_done), then=Value(DEGREE_HOURS)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        "required_hours": Case(
            When(
                Exists(certificates.filter(~Q(level=CertificateLevel.ASSISTANT))),
                then=Value(REQUIRED_HOURS["other"]),
            ),
            When(Exists(certificates), then=Value(REQUIRED_HOURS[CertificateLevel.ASSISTANT])),
            default=None,
            output_field=IntegerField(),
        ),
    }


def continuing_education_counts(members, period: Period) -> tuple[int, int]:
    """(members, those who met the requirement of the period) among `members`, in
    two queries: each member's degree and required hours, then the training hours
    of them all in one grouped query. The same figures as with_continuing_education
    (which suits a page of the admin), but without a sum per member, which the
    database plans as a scan of every session for each member: half a second for
    the 189 certified workers of one street of the Yibin data set (bench/yibin)."""
    rows = list(
        members.annotate(**_degree_and_required_hours(period))
        .values_list("pk", "degree_hours", "required_hours")
        .order_by()
    )
    training = dict(
        TrainingAttendance.objects.filter(
            member__in=members.values("pk"),
            session__held_on__gte=period.start,
            session__held_on__lte=period.end,
        )
        .values_list("member")
        .annotate(hours=Sum("session__hours"))
        .order_by()
    )
    met = sum(
        1
        for pk, degree, required in rows
        if required is not None and training.get(pk, 0) + degree >= required
    )
    return len(rows), met
