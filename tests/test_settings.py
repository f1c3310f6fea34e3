"""Production settings fail loudly when a required value is missing, and
`check --deploy` is clean with production values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "sanshe.example.org",
    # A Fernet key made for this test only (Fernet.generate_key()).
    "FIELD_ENCRYPTION_KEY": "vV3mW0K8bJ8wq3cJ0x2c5ZP7mZ8o0c3aVQeQh8m2F1Y=",
}
# What the tests set themselves; DJANGO_ALLOW_ASYNC_UNSAFE comes from the browser
# tests' conftest (for Playwright) and is never set in production.
SETTINGS_FROM_ENV = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEMO_MODE",
    "FIELD_ENCRYPTION_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def manage(*args, **env):
    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS_FROM_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts():
    result = manage("check", **{**PRODUCTION, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_it_refuses_to_start_without_an_encryption_key():
    result = manage("check", **{**PRODUCTION, "FIELD_ENCRYPTION_KEY": ""})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY is not set" in result.stderr


def test_it_refuses_a_malformed_encryption_key():
    result = manage("check", **{**PRODUCTION, "FIELD_ENCRYPTION_KEY": "not-a-fernet-key"})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must hold Fernet keys" in result.stderr
    assert "not-a-fernet-key" not in result.stderr


def test_the_deploy_check_is_clean_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.skipif(not (ROOT / ".env").is_file(), reason="no .env (make install writes one)")
def test_a_developer_checkout_runs_from_its_env_file_and_the_environment_wins():
    assert manage("check").returncode == 0  # DEBUG=1 from .env
    result = manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr
