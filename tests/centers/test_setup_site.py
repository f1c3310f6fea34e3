from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from centers.models import Center, Venue

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "site.example.yaml"


def setup_site(*args):
    out = StringIO()
    call_command("setup_site", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_superuser_and_the_sites_centers(db, monkeypatch):
    monkeypatch.setenv("SANSHE_ADMIN_USERNAME", "it-admin")
    monkeypatch.setenv("SANSHE_ADMIN_PASSWORD", "a long first-run password")
    setup_site("--site", str(EXAMPLE))
    admin = get_user_model().objects.get(username="it-admin")
    assert admin.is_superuser and admin.check_password("a long first-run password")
    center = Center.objects.get(name="九龙社工中心")
    assert center.opened_on.isoformat() == "2019-04-01"
    assert Venue.objects.get(center=center).capacity == 30
    assert Center.objects.get(name="彩云湖社区社工室").community.name == "彩云湖社区"


def test_running_it_again_changes_nothing_and_keeps_the_password(db, monkeypatch):
    monkeypatch.setenv("SANSHE_ADMIN_USERNAME", "it-admin")
    monkeypatch.setenv("SANSHE_ADMIN_PASSWORD", "a long first-run password")
    setup_site("--site", str(EXAMPLE))
    monkeypatch.setenv("SANSHE_ADMIN_PASSWORD", "another long password!")
    assert "exists, left as it is" in setup_site("--site", str(EXAMPLE))
    assert get_user_model().objects.get().check_password("a long first-run password")
    assert Center.objects.count() == 2


def test_it_refuses_a_short_first_password(db, monkeypatch):
    monkeypatch.setenv("SANSHE_ADMIN_USERNAME", "it-admin")
    monkeypatch.setenv("SANSHE_ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError):
        setup_site()
    assert not get_user_model().objects.exists()


def test_a_bad_center_is_refused_whole(db, tmp_path, monkeypatch):
    monkeypatch.delenv("SANSHE_ADMIN_USERNAME", raising=False)
    site = tmp_path / "site.yaml"
    site.write_text(
        "districts:\n- city: 市\n  name: 区\n  streets:\n  - name: 街道\n    centers:\n"
        "    - {name: 好中心, kind: street_center}\n    - {name: 坏社工室, kind: community_room}\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="坏社工室"):
        setup_site("--site", str(site))
    assert not Center.objects.exists()


def test_it_loads_no_demo_data(db, monkeypatch):
    monkeypatch.delenv("SANSHE_ADMIN_USERNAME", raising=False)
    setup_site()
    assert not Center.objects.exists()
