"""While the database cannot be reached, requests fail cleanly — 503 with
Retry-After, a page without a stack trace, the health check says so — and the
app recovers by itself once the database answers again."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def unreachable_database():
    """Point the connection at a port where nothing listens, as during a restart."""
    if connection.vendor != "postgresql":
        # Closing an in-memory SQLite database would destroy it; the outage is
        # a PostgreSQL matter (CI runs this on PostgreSQL).
        pytest.skip("needs PostgreSQL")
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def test_a_page_answers_503_and_asks_to_retry():
    client = Client(raise_request_exception=False)
    with unreachable_database():
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "请稍后再试" in response.text and "Please try again shortly" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_a_form_submission_during_the_outage_answers_503():
    client = Client(raise_request_exception=False)
    with unreachable_database():
        response = client.post("/repairs/new/", {"name": "苏女士"})
    assert response.status_code == 503


def test_the_health_check_reports_the_outage_and_the_recovery():
    client = Client(raise_request_exception=False)
    with unreachable_database():
        assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200


def test_other_failures_still_answer_500(settings):
    from config.views import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(None)
    assert response.status_code == 500
    assert "Retry-After" not in response
