"""Bad input in the admin gets a clear message and stores nothing; the database
refuses the same rows even when the forms are bypassed."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from centers.models import Residency, SocialOrganization
from members.models import Certificate, Honor
from tests.conftest import client_for
from tests.factories import (
    CertificateFactory,
    MemberFactory,
    OrganizationFactory,
    ResidencyFactory,
    valid_uscc,
)


def organization_form(center, **overrides):
    data = {
        "name": "新的社会组织",
        "center": center.pk,
        "legal_form": "social_service_agency",
        "uscc": valid_uscc(),
        "registration_status": "registered",
        "registration_level": "district",
        **{
            f"{prefix}-{key}": value
            for prefix in ("residencies", "follow_up_visits")
            for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
        },
    }
    data.update(overrides)
    return data


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def test_a_valid_organization_is_saved(world):
    response = client_for(world.staff_a).post(
        add_url(SocialOrganization), organization_form(world.a)
    )
    assert response.status_code == 302
    assert SocialOrganization.objects.get(name="新的社会组织").center == world.a


def test_it_refuses_a_wrong_credit_code(world):
    code = valid_uscc()
    wrong = code[:17] + ("0" if code[-1] != "0" else "1")
    response = client_for(world.staff_a).post(
        add_url(SocialOrganization), organization_form(world.a, uscc=wrong)
    )
    assert response.status_code == 200
    assert "统一社会信用代码的校验位不正确" in response.text
    assert not SocialOrganization.objects.exists()


def test_it_refuses_a_credit_code_of_another_legal_form(world):
    response = client_for(world.staff_a).post(
        add_url(SocialOrganization),
        organization_form(world.a, uscc=valid_uscc("foundation")),
    )
    assert response.status_code == 200
    assert not SocialOrganization.objects.exists()


def test_it_refuses_a_registered_organization_without_a_code(world):
    response = client_for(world.staff_a).post(
        add_url(SocialOrganization), organization_form(world.a, uscc="")
    )
    assert response.status_code == 200
    assert not SocialOrganization.objects.exists()


def test_it_refuses_another_centers_center(world):
    response = client_for(world.staff_a).post(
        add_url(SocialOrganization), organization_form(world.c)
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.text
    assert not SocialOrganization.objects.exists()


def test_it_refuses_a_move_out_before_the_move_in(world):
    organization = OrganizationFactory(center=world.a)
    response = client_for(world.staff_a).post(
        add_url(Residency),
        {
            "organization": organization.pk,
            "center": world.a.pk,
            "moved_in": "2021-05-01",
            "moved_out": "2021-04-30",
        },
    )
    assert response.status_code == 200
    assert "迁出日期早于入驻日期" in response.text
    assert not Residency.objects.exists()


def test_it_refuses_a_certificate_number_used_twice(world):
    first = CertificateFactory(member__center=world.a, number="C-001")
    member = MemberFactory(center=world.a)
    response = client_for(world.director_a).post(
        add_url(Certificate),
        {"member": member.pk, "level": first.level, "number": "C-001", "issued_on": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "该级别已有相同编号的证书" in response.text
    assert Certificate.objects.count() == 1


def test_it_refuses_an_honor_given_to_two_recipients(world):
    member = MemberFactory(center=world.a)
    response = client_for(world.director_a).post(
        add_url(Honor),
        {
            "title": "优秀社会工作者",
            "year": 2020,
            "level": "street",
            "center": world.a.pk,
            "member": member.pk,
        },
    )
    assert response.status_code == 200
    assert "荣誉只能授予一个组织、中心或社工" in response.text
    assert not Honor.objects.exists()


# The same rules as database constraints.


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_database_refuses_a_duplicate_credit_code(world):
    code = OrganizationFactory(center=world.a).uscc
    refused(lambda: OrganizationFactory(center=world.a, uscc=code))


def test_the_database_refuses_a_registered_organization_without_code(world):
    refused(lambda: OrganizationFactory(center=world.a, uscc=""))


def test_the_database_refuses_a_move_out_before_the_move_in(world):
    refused(
        lambda: ResidencyFactory(
            center=world.a, moved_in=date(2021, 5, 1), moved_out=date(2021, 4, 1)
        )
    )


def test_the_database_refuses_a_certificate_number_used_twice(world):
    CertificateFactory(member__center=world.a, number="C-9")
    refused(lambda: CertificateFactory(member__center=world.a, number="C-9"))


def test_the_database_refuses_an_honor_with_two_recipients(world):
    member = MemberFactory(center=world.a)
    refused(
        lambda: Honor.objects.create(
            title="x", year=2020, level="street", center=world.a, member=member
        )
    )
    refused(lambda: Honor.objects.create(title="x", year=2020, level="street"))
