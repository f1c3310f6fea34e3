"""The volunteers app's forms for tests/test_csrf.py: (who posts, where, what,
"did it take effect?")."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from tests.factories import CommunityFactory, HoursCertificateFactory, VolunteerFactory
from tests.volunteers.conftest import application
from volunteers.models import HoursCertificate, ServiceHours, Volunteer


def join(world):
    data = application(CommunityFactory(street=world.s1))
    return None, reverse("volunteers:join"), data, Volunteer.objects.exists


def roster_upload(world):
    book = Workbook()
    book.active.append(["姓名", "证件号码", "手机号码", "社区"])
    stream = io.BytesIO()
    book.save(stream)
    data = {"file": SimpleUploadedFile("r.xlsx", stream.getvalue()), "center": world.a.pk}
    return world.staff_a, reverse("admin:volunteers_volunteer_import"), data, lambda: False


def bulk_hours(world):
    volunteer = VolunteerFactory(center=world.a)
    data = {
        "served_on": timezone.localdate().isoformat(),
        "hours": "2",
        "content": "社区巡逻",
        "volunteers": [volunteer.pk],
    }
    return (
        world.staff_a,
        reverse("admin:volunteers_servicehours_bulk"),
        data,
        (ServiceHours.objects.exists),
    )


def revoke(world):
    certificate = HoursCertificateFactory(volunteer__center=world.a)
    url = reverse("admin:volunteers_hourscertificate_revoke", args=[certificate.pk])
    return (
        world.director_a,
        url,
        {"reason": "有误"},
        (HoursCertificate.objects.exclude(revoked_at=None).exists),
    )


def find(world):
    volunteer = VolunteerFactory(center=world.a)
    url = reverse("admin:volunteers_volunteer_find")
    return world.staff_a, url, {"number": volunteer.phone}, lambda: False


FORMS = {
    "volunteer application": join,
    "volunteer roster upload": roster_upload,
    "hours for many volunteers": bulk_hours,
    "certificate revocation": revoke,
    "volunteer finder": find,
}
