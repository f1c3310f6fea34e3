"""/healthz answers 200 while the database answers, 503 when it does not."""

import pytest
from django.db import connections
from django.db.utils import load_backend


def test_it_answers_ok_when_the_database_answers(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.fixture
def unreachable_database(db):
    """Swap in a real connection to a database that is not there, then restore."""
    saved = connections["default"]
    settings_dict = dict(saved.settings_dict)
    if saved.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent/directory/sanshe.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT="1")
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = broken
    yield
    broken.close()
    connections["default"] = saved


def test_it_answers_503_when_the_database_does_not(unreachable_database, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "unavailable" in response.text


def test_it_is_served_over_plain_http_even_with_ssl_redirect(db, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
