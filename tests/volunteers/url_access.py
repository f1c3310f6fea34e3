"""What each persona gets from the volunteers app's URLs other than its models'
own admin pages (those run through the persona matrix): URL name -> world ->
[(persona, method, path, status)], merged into tests/url_access.py."""

from django.urls import reverse

from tests.factories import HoursCertificateFactory, PaidWorkItemFactory, VolunteerFactory
from tests.personas import everyone


def answers(path, **statuses):
    """anonymous is sent to the login; the personas answer as given."""
    return [("anonymous", "GET", path, 302)] + [
        (persona, "GET", path, status) for persona, status in statuses.items()
    ]


# Pages of one record of center A: seen by A's staff and director and S1's leader.
def of_center_a(path, *, staff=200, director=200, leader=200):
    return answers(
        path, staff_a=staff, director_a=director, staff_b=404, leader_s1=leader, leader_s2=404
    )


# Pages not tied to a record: for whoever may add (staff, directors), not leaders.
def for_those_who_add(path):
    return answers(path, staff_a=200, director_a=200, staff_b=200, leader_s1=403, leader_s2=403)


def certificate(world):
    number = HoursCertificateFactory(volunteer__center=world.a).number
    return everyone("GET", f"/volunteers/certificate/{number}/", 200) + everyone(
        "GET", "/en/volunteers/certificate/ZM2026-999999-ZZZZ/", 404
    )


def admin_path(name, obj):
    return reverse(f"admin:volunteers_{name}", args=[obj.pk])


ACCESS = {
    "volunteers:join": lambda world: (
        everyone("GET", "/volunteers/join/", 200) + everyone("GET", "/en/volunteers/join/", 200)
    ),
    # Without an application sent in this session: back to the form.
    "volunteers:join_done": lambda world: everyone("GET", "/volunteers/join/sent/", 302),
    "volunteers:certificate_lookup": lambda world: everyone("GET", "/volunteers/certificate/", 200),
    "volunteers:certificate": certificate,
    "admin:volunteers_volunteer_import": lambda world: for_those_who_add(
        reverse("admin:volunteers_volunteer_import")
    ),
    "admin:volunteers_volunteer_find": lambda world: answers(
        reverse("admin:volunteers_volunteer_find"),
        staff_a=200,
        director_a=200,
        staff_b=200,
        leader_s1=200,
        leader_s2=200,
    ),
    "admin:volunteers_volunteer_personal_data": lambda world: of_center_a(
        admin_path("volunteer_personal_data", VolunteerFactory(center=world.a)),
        staff=403,
        leader=403,
    ),
    "admin:volunteers_servicehours_bulk": lambda world: for_those_who_add(
        reverse("admin:volunteers_servicehours_bulk")
    ),
    "admin:volunteers_hourscertificate_print": lambda world: of_center_a(
        admin_path("hourscertificate_print", HoursCertificateFactory(volunteer__center=world.a))
    ),
    "admin:volunteers_hourscertificate_revoke": lambda world: of_center_a(
        admin_path("hourscertificate_revoke", HoursCertificateFactory(volunteer__center=world.a)),
        staff=403,
        leader=403,
    ),
    "admin:volunteers_paidworkitem_owed": lambda world: of_center_a(
        admin_path("paidworkitem_owed", PaidWorkItemFactory(center=world.a))
    ),
}
