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
    degree_done = EducationEnrollment.objects.filter(
        member=OuterRef("pk"),
        is_social_work=True,
        completed_on__gte=period.start,
        completed_on__lte=period.end,
    )
    certificates = Certificate.objects.filter(member=OuterRef("pk"), issued_on__lte=period.end)
    return members.annotate(
        training_hours=Coalesce(Subquery(training, output_field=HOURS), Value(Decimal(0))),
        degree_hours=Case(
            When(Exists(degree_done), then=Value(DEGREE_HOURS)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        education_hours=F("training_hours") + F("degree_hours"),
        required_hours=Case(
            When(
                Exists(certificates.filter(~Q(level=CertificateLevel.ASSISTANT))),
                then=Value(REQUIRED_HOURS["other"]),
            ),
            When(Exists(certificates), then=Value(REQUIRED_HOURS[CertificateLevel.ASSISTANT])),
            default=None,
            output_field=IntegerField(),
        ),
    )
