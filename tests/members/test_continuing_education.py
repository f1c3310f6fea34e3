from datetime import date
from decimal import Decimal

from members.figures import Period
from members.models import Member
from members.selectors import with_continuing_education
from tests.factories import (
    CertificateFactory,
    EducationEnrollmentFactory,
    MemberFactory,
    TrainingAttendanceFactory,
    TrainingSessionFactory,
)

PERIOD = Period(date(2024, 1, 1), date(2026, 12, 31))


def annotated(member):
    return with_continuing_education(Member.objects.filter(pk=member.pk), PERIOD).get()


def test_it_sums_training_hours_inside_the_period(world):
    member = MemberFactory(center=world.a)
    CertificateFactory(member=member, level="assistant")
    for held_on, hours in ((date(2024, 3, 1), 2), (date(2026, 12, 31), 3), (date(2023, 12, 31), 5)):
        session = TrainingSessionFactory(center=world.a, held_on=held_on, hours=hours)
        TrainingAttendanceFactory(session=session, member=member)
    row = annotated(member)
    assert row.training_hours == Decimal(5)
    assert row.education_hours == Decimal(5)
    assert row.required_hours == 72


def test_a_finished_social_work_degree_counts_90_hours(world):
    member = MemberFactory(center=world.a)
    CertificateFactory(member=member, level="intermediate")
    EducationEnrollmentFactory(
        member=member, started_on=date(2023, 9, 1), completed_on=date(2025, 7, 1)
    )
    row = annotated(member)
    assert row.degree_hours == 90
    assert row.education_hours == Decimal(90)
    assert row.required_hours == 90


def test_an_unfinished_degree_counts_nothing(world):
    member = MemberFactory(center=world.a)
    EducationEnrollmentFactory(member=member, completed_on=None)
    row = annotated(member)
    assert (row.degree_hours, row.required_hours) == (0, None)
