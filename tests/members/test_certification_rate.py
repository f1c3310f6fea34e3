from datetime import date

from members.figures import CertificationRate, continuing_education_period
from members.models import Member
from tests.factories import CertificateFactory, MemberFactory


def test_it_counts_certified_active_members_over_active_members(world):
    certified = MemberFactory.create_batch(3, center=world.a)
    for member in certified:
        CertificateFactory(member=member)
    MemberFactory(center=world.a)
    rate = Member.objects.filter(center=world.a).certification_rate(on=date(2025, 1, 1))
    assert rate == CertificationRate(certified=3, total=4)
    assert rate.percent == 75
    assert str(rate) == "3/4 (75%)"


def test_members_who_left_are_not_counted(world):
    gone = MemberFactory(center=world.a, left_on=date(2024, 6, 30))
    CertificateFactory(member=gone)
    MemberFactory(center=world.a)
    rate = Member.objects.filter(center=world.a).certification_rate(on=date(2025, 1, 1))
    assert (rate.certified, rate.total) == (0, 1)


def test_a_certificate_counts_from_its_issue_date(world):
    member = MemberFactory(center=world.a)
    CertificateFactory(member=member, issued_on=date(2025, 6, 1))
    queryset = Member.objects.filter(center=world.a)
    assert queryset.certification_rate(on=date(2025, 5, 31)).certified == 0
    assert queryset.certification_rate(on=date(2025, 6, 1)).certified == 1


def test_two_certificates_count_one_person_once(world):
    member = MemberFactory(center=world.a)
    CertificateFactory(member=member, level="assistant")
    CertificateFactory(member=member, level="intermediate")
    rate = Member.objects.filter(center=world.a).certification_rate(on=date(2025, 1, 1))
    assert (rate.certified, rate.total) == (1, 1)


def test_an_empty_center_has_no_rate(world):
    rate = Member.objects.filter(center=world.b).certification_rate()
    assert rate.percent is None
    assert str(rate) == "—"


def test_it_is_one_query(world, django_assert_num_queries):
    MemberFactory.create_batch(5, center=world.a)
    with django_assert_num_queries(1):
        Member.objects.certification_rate()


def test_continuing_education_periods_are_three_calendar_years(settings):
    settings.CONTINUING_EDUCATION_PERIOD_START_YEAR = 2024
    period = continuing_education_period(date(2026, 11, 28))
    assert (period.start, period.end) == (date(2024, 1, 1), date(2026, 12, 31))
    assert continuing_education_period(date(2023, 12, 31)).start == date(2021, 1, 1)
    assert continuing_education_period(date(2027, 1, 1)).start == date(2027, 1, 1)
