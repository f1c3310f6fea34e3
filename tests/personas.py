"""Helpers for the URL access lists: the personas and common expectations."""

ALL_PERSONAS = ["anonymous", "staff_a", "director_a", "staff_b", "leader_s1", "leader_s2"]
STAFF = ALL_PERSONAS[1:]


def everyone(method, path, status):
    return [(persona, method, path, status) for persona in ALL_PERSONAS]


def login_required(path, status_for_staff=200, method="GET"):
    return [("anonymous", method, path, 302)] + [
        (persona, method, path, status_for_staff) for persona in STAFF
    ]
