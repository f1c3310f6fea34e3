from datetime import date, timedelta
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


def test_the_counts_for_the_dashboard_equal_the_annotated_members(world, django_assert_num_queries):
    from django.db.models import Count, F, Q

    from members.selectors import continuing_education_counts

    for index in range(6):
        member = MemberFactory(center=world.a)
        CertificateFactory(member=member, level="assistant" if index % 2 else "senior")
        for day in range(index * 8):
            session = TrainingSessionFactory(
                center=world.a, held_on=date(2024, 1, 1) + timedelta(days=day * 7), hours=3
            )
            TrainingAttendanceFactory(session=session, member=member)
        if index == 0:
            EducationEnrollmentFactory(
                member=member, started_on=date(2023, 9, 1), completed_on=date(2025, 7, 1)
            )
    MemberFactory(center=world.a)  # not certified: no requirement
    members = Member.objects.filter(center=world.a)
    expected = with_continuing_education(members, PERIOD).aggregate(
        certified=Count("pk", filter=Q(required_hours__isnull=False)),
        met=Count("pk", filter=Q(education_hours__gte=F("required_hours"))),
    )
    # The members' degree and required hours; their training hours.
    with django_assert_num_queries(2):
        counts = continuing_education_counts(members.certified(), PERIOD)
    assert counts == (expected["certified"], expected["met"])
    assert 0 < counts[1] < counts[0]
