"""Dashboard tables as CSV and XLSX; big ones built by a background task."""

import io
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ExportJob
from tests.conftest import client_for
from tests.factories import CommunityFactory, FiledGroupFactory


def url(key, file_format):
    return reverse("reports:export", args=[key, file_format])


@pytest.fixture
def communities(world):
    for index, community in enumerate(CommunityFactory.create_batch(3, street=world.s1)):
        FiledGroupFactory.create_batch(index + 1, center=world.a, community=community)


def test_csv_has_a_bom_and_the_scope_and_period_in_name_and_header(world, communities):
    response = client_for(world.leader_s1).get(
        url("comparison", "csv"), {"period": "custom", "start": "2025-01-01", "end": "2025-12-31"}
    )
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff各社区对比")
    assert "范围：一号街道" in body and "期间：2025-01-01 – 2025-12-31" in body
    name = unquote(response["Content-Disposition"])
    assert name.endswith("comparison_一号街道_20250101-20251231.csv")


def test_a_breakdown_exports_to_xlsx(world, communities):
    response = client_for(world.leader_s1).get(url("organizations.stages", "xlsx"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "按培育阶段统计社会组织"
    assert rows[3] == ("培育阶段", "社会组织")


@pytest.mark.parametrize("key", ["nothing", "workforce.nothing", "nothing.stages"])
def test_an_unknown_table_is_not_found(world, key):
    assert client_for(world.leader_s1).get(url(key, "csv")).status_code == 404


def test_an_unknown_format_is_not_found(world):
    assert client_for(world.leader_s1).get(url("comparison", "pdf")).status_code == 404


def test_exports_follow_the_dashboards_scope_rules(world, client):
    assert client.get(url("comparison", "csv")).status_code == 302
    denied = client_for(world.staff_a).get(url("comparison", "csv"), {"center": world.b.pk})
    assert denied.status_code == 404


def test_a_big_export_runs_in_the_background_with_progress(world, communities, settings):
    settings.EXPORT_BACKGROUND_ROWS = 2
    client = client_for(world.leader_s1)
    response = client.get(url("comparison", "xlsx"))
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export_job", args=[job.pk])
    # The test settings run tasks at once, so the job is done already.
    page = client.get(response["Location"])
    assert "文件已生成：共 3 行" in page.text
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    rows = list(
        load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert [row[0] for row in rows[4:]] == sorted(row[0] for row in rows[4:])
    assert len(rows) == 4 + 3


def test_someone_elses_export_is_not_found(world, communities, settings):
    settings.EXPORT_BACKGROUND_ROWS = 0
    client_for(world.leader_s1).get(url("comparison", "csv"))
    job = ExportJob.objects.get()
    other = client_for(world.staff_a)
    assert other.get(reverse("reports:export_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


# The worker closes its database connection between tasks, as a real worker
# process does, so this test cannot run inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_it_for_the_worker(world, communities, settings):
    settings.EXPORT_BACKGROUND_ROWS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_for(world.leader_s1)
    client.get(url("comparison", "csv"))
    job = ExportJob.objects.get()
    waiting = client.get(reverse("reports:export_job", args=[job.pk]))
    assert job.status == ExportJob.Status.QUEUED
    assert '<meta http-equiv="refresh" content="2">' in waiting.text
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 400

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    body = b"".join(client.get(reverse("reports:export_download", args=[job.pk])).streaming_content)
    assert body.decode("utf-8").startswith("\ufeff各社区对比")
