"""Service-hours certificates: issued once from the confirmed hours, printed in
Chinese with a QR code, verified by anyone, revoked but never changed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import HoursCertificateFactory, ServiceHoursFactory, VolunteerFactory
from volunteers.models import HoursCertificate
from volunteers.models.certificate import normalize_certificate_number

ADD = "admin:volunteers_hourscertificate_add"


def verify(client, number, prefix=""):
    return client.get(f"{prefix}/volunteers/certificate/{number}/")


def confirmed(volunteer, served_on, hours, content="社区巡逻"):
    return ServiceHoursFactory(
        volunteer=volunteer,
        served_on=served_on,
        hours=Decimal(hours),
        content=content,
        status="confirmed",
        confirmed_at=timezone.now(),
    )


def issue(world, volunteer, start, end, **extra):
    return client_for(world.staff_a).post(
        reverse(ADD),
        {
            "volunteer": volunteer.pk,
            "center": world.a.pk,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "content": "",
            **extra,
        },
    )


def test_a_certificate_certifies_the_confirmed_hours_of_the_period(world):
    volunteer = VolunteerFactory(center=world.a)
    confirmed(volunteer, date(2026, 3, 6), "3", "每月第一个周五为民服务")
    confirmed(volunteer, date(2026, 4, 3), "3", "每月第一个周五为民服务")
    confirmed(volunteer, date(2026, 5, 10), "2.5", "关爱独居老人")
    confirmed(volunteer, date(2025, 12, 31), "8")  # before the period
    ServiceHoursFactory(volunteer=volunteer, served_on=date(2026, 6, 1), hours=5)  # not confirmed
    response = issue(world, volunteer, date(2026, 1, 1), date(2026, 6, 30))
    assert response.status_code == 302, response.text
    certificate = HoursCertificate.objects.get()
    assert certificate.hours == Decimal("8.5")
    assert certificate.content == "每月第一个周五为民服务（6小时）；关爱独居老人（2.5小时）"
    assert certificate.volunteer_name == volunteer.name
    assert certificate.id_number_masked == volunteer.id_number_masked
    assert certificate.issuer == world.a.name
    assert certificate.issued_by == world.staff_a
    assert certificate.number.startswith(f"ZM{timezone.localdate().year}-")


def test_no_confirmed_hours_no_certificate(world):
    volunteer = VolunteerFactory(center=world.a)
    ServiceHoursFactory(volunteer=volunteer, served_on=date(2026, 3, 1))  # recorded only
    response = issue(world, volunteer, date(2026, 1, 1), date(2026, 6, 30))
    assert response.status_code == 200
    assert "没有这名志愿者已确认的服务时长" in response.text
    assert not HoursCertificate.objects.exists()


def test_a_period_ending_in_the_future_is_refused(world):
    volunteer = VolunteerFactory(center=world.a)
    confirmed(volunteer, date(2026, 3, 6), "3")
    response = issue(world, volunteer, date(2026, 1, 1), timezone.localdate() + timedelta(days=1))
    assert response.status_code == 200
    assert not HoursCertificate.objects.exists()


def test_anyone_can_verify_a_valid_certificate(db, client):
    certificate = HoursCertificateFactory()
    response = verify(client, certificate.number)
    assert response.status_code == 200
    text = response.text
    assert "该证明真实有效" in text
    for shown in (
        certificate.volunteer_name,
        certificate.id_number_masked,
        "12.5",
        "2026-01-01",
        "2026-06-30",
        certificate.content,
        certificate.issuer,
    ):
        assert shown in text
    assert certificate.volunteer.reveal_id_number() not in text


def test_the_verification_page_is_in_english_too(db, client):
    certificate = HoursCertificateFactory()
    assert (
        "This certificate is genuine and valid." in verify(client, certificate.number, "/en").text
    )


@pytest.mark.parametrize(
    "typed", ["zm2026-000001-abcd", "ZM2026000001ABCD", " ZM2026 000001 ABCD "]
)
def test_the_number_may_be_typed_loosely(db, typed):
    assert normalize_certificate_number(typed) == "ZM2026-000001-ABCD"


def test_the_lookup_form_leads_to_the_certificate(db, client):
    certificate = HoursCertificateFactory()
    response = client.get("/volunteers/certificate/", {"number": certificate.number.lower()})
    assert response.status_code == 302
    assert verify(client, certificate.number.lower().replace("-", "")).status_code == 200


def test_a_revoked_certificate_says_so(db, client):
    certificate = HoursCertificateFactory(revoked_at=timezone.now(), revocation_reason="填写有误")
    response = verify(client, certificate.number)
    assert response.status_code == 200
    assert "已于" in response.text and "撤销" in response.text
    assert "真实有效" not in response.text


def test_an_unknown_number_is_no_such_certificate(db, client):
    response = verify(client, "ZM2026-999999-ZZZZ")
    assert response.status_code == 404
    assert "查无此证明" in response.text
    assert "No such certificate" in verify(client, "nonsense", "/en").text


def test_guessing_numbers_is_rate_limited(db, client):
    for number in range(30):
        verify(client, f"ZM2026-{number:06d}-AAAA")
    assert verify(client, "ZM2026-000031-AAAA").status_code == 429


def test_a_certificate_cannot_be_changed_only_revoked(world):
    certificate = HoursCertificateFactory(volunteer__center=world.a)
    url = reverse("admin:volunteers_hourscertificate_change", args=[certificate.pk])
    client = client_for(world.director_a)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    client.post(url, {"hours": "99", "content": "改过"})
    certificate.refresh_from_db()
    assert (certificate.hours, certificate.content) == (Decimal("12.5"), "社区巡逻（12.5小时）")
    delete = reverse("admin:volunteers_hourscertificate_delete", args=[certificate.pk])
    assert client.get(delete).status_code == 403


def test_revoking_needs_a_reason_and_the_directors_permission(world):
    certificate = HoursCertificateFactory(volunteer__center=world.a)
    url = reverse("admin:volunteers_hourscertificate_revoke", args=[certificate.pk])
    assert client_for(world.staff_a).get(url).status_code == 403
    client = client_for(world.director_a)
    assert client.post(url, {"reason": ""}).status_code == 200
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    assert client.post(url, {"reason": "时长统计有误"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == world.director_a
    assert certificate.history.latest().history_user == world.director_a
    assert client.post(url, {"reason": "again"}).status_code == 200  # already revoked


def test_the_printable_page_is_chinese_a4_with_a_qr_code(world):
    certificate = HoursCertificateFactory(volunteer__center=world.a)
    url = reverse("admin:volunteers_hourscertificate_print", args=[certificate.pk])
    page = client_for(world.staff_a).get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert '<html lang="zh-hans">' in page
    assert "志愿服务记录证明" in page and "盖章" in page
    assert certificate.number in page and certificate.id_number_masked in page
    assert "<svg" in page and 'class="segno"' in page
    assert f"http://testserver/volunteers/certificate/{certificate.number}/" in page
    assert "<script" not in page


def test_another_centers_certificate_cannot_be_printed(world):
    certificate = HoursCertificateFactory(volunteer__center=world.c)
    url = reverse("admin:volunteers_hourscertificate_print", args=[certificate.pk])
    assert client_for(world.staff_a).get(url).status_code == 404
