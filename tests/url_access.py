"""What every URL of the project answers to each persona.

tests/test_url_audit.py enumerates the URL patterns and fails on one that is
neither here nor an admin page of a model in tests/admin_objects.py (those run
through the persona matrix of tests/test_admin_access.py). An entry maps a URL
name to a function world -> [(persona, method, path, expected status)], where
persona "anonymous" is a client without a login.
"""

from django.urls import reverse

from reports.models import ExportJob
from tests.factories import FiledGroupFactory, ServiceProjectFactory, TrainingSessionFactory
from tests.personas import STAFF, everyone, login_required
from tests.services.url_access import ACCESS as SERVICES_ACCESS
from tests.volunteers.url_access import ACCESS as VOLUNTEERS_ACCESS


def attendance(world):
    own = reverse(
        "admin:members_trainingsession_attendance", args=[TrainingSessionFactory(center=world.a).pk]
    )
    return [
        ("anonymous", "GET", own, 302),
        ("staff_a", "GET", own, 200),
        ("director_a", "GET", own, 200),
        ("staff_b", "GET", own, 404),
        ("leader_s1", "GET", own, 403),  # sees it, may not change it
        ("leader_s2", "GET", own, 404),
    ]


def export_job(view):
    def checks(world):
        job = ExportJob.objects.create(
            requested_by=world.staff_a,
            table="comparison",
            file_format="csv",
            filename="x.csv",
            params={},
        )
        path = reverse(f"reports:{view}", args=[job.pk])
        owner_status = 200 if view == "export_job" else 400  # not built yet
        return [("anonymous", "GET", path, 302), ("staff_a", "GET", path, owner_status)] + [
            (persona, "GET", path, 404) for persona in STAFF if persona != "staff_a"
        ]

    return checks


def project_page(view, *args):
    """A project of center A: its staff and the street's leader see it; the
    staff of center B and the other street's leader get 404, never its figures."""

    def checks(world):
        path = reverse(f"reports:{view}", args=[ServiceProjectFactory(center=world.a).pk, *args])
        return [
            ("anonymous", "GET", path, 302),
            ("staff_a", "GET", path, 200),
            ("director_a", "GET", path, 200),
            ("staff_b", "GET", path, 404),
            ("leader_s1", "GET", path, 200),
            ("leader_s2", "GET", path, 404),
        ]

    return checks


ACCESS = {
    "healthz": lambda world: everyone("GET", "/healthz", 200),
    "set_language": lambda world: everyone("POST", "/i18n/setlang/", 302),
    "centers:organization_list": lambda world: everyone("GET", "/organizations/", 200),
    "centers:organization_detail": lambda world: (
        everyone(
            "GET",
            reverse(
                "centers:organization_detail",
                args=[FiledGroupFactory(center=world.a, is_public=True).pk],
            ),
            200,
        )
        + everyone(
            "GET",
            reverse(
                "centers:organization_detail",
                args=[FiledGroupFactory(center=world.a, is_public=False).pk],
            ),
            404,
        )
    ),
    "admin:index": lambda world: login_required("/admin/"),
    "admin:login": lambda world: (
        [("anonymous", "GET", "/admin/login/", 200)]
        + [(persona, "GET", "/admin/login/", 302) for persona in STAFF]
    ),
    "admin:logout": lambda world: login_required("/admin/logout/", method="POST"),
    "admin:password_change": lambda world: login_required("/admin/password_change/"),
    "admin:password_change_done": lambda world: login_required("/admin/password_change/done/"),
    "admin:jsi18n": lambda world: login_required("/admin/jsi18n/"),
    "admin:autocomplete": lambda world: login_required("/admin/autocomplete/", 403),
    "admin:view_on_site": lambda world: login_required("/admin/r/1/1/", 404),
    # Only superusers manage logins.
    "admin:auth_user_password_change": lambda world: login_required(
        reverse("admin:auth_user_password_change", args=[world.staff_a.pk]), 403
    ),
    "admin:app_list": lambda world: (
        login_required("/admin/centers/")
        + [(persona, "GET", "/admin/auth/", 404) for persona in STAFF]
    ),
    # The admin's catch-all: unknown admin pages.
    "admin:": lambda world: login_required("/admin/no-such-page/", 404),
    "admin:members_trainingsession_attendance": attendance,
    "reports:dashboard": lambda world: login_required("/dashboard/"),
    "reports:export": lambda world: login_required("/dashboard/export/comparison.csv"),
    "reports:export_job": export_job("export_job"),
    "reports:export_download": export_job("export_download"),
    "reports:project": project_page("project"),
    "reports:project_export": project_page("project_export", "activities", "csv"),
}

# Each app's own URLs, listed beside its tests.
ACCESS.update(VOLUNTEERS_ACCESS)
ACCESS.update(SERVICES_ACCESS)
