"""Uploads through the page and the API, run by a real Celery worker on Redis."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ingest import services
from ingest.models import IngestRun
from policies.models import Policy

from .docs import SEED_000, SEED_003

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stages(monkeypatch):
    """Every progress step the worker records (the worker thread shares this process)."""
    seen: list[tuple[str, int]] = []
    original = services._progress

    def spy(run, stage, percent, **fields):
        seen.append((stage, percent))
        return original(run, stage, percent, **fields)

    monkeypatch.setattr(services, "_progress", spy)
    return seen


def wait_for(fetch, timeout: float = 90.0) -> list[dict]:
    """Poll until the run is finished; returns every answer seen."""
    answers = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = fetch()
        answers.append(data)
        if data["finished"]:
            return answers
        time.sleep(0.2)
    raise AssertionError(f"run did not finish: {answers[-1]}")


def test_upload_page_runs_on_the_worker(live_worker, client, admin, stages):
    client.force_login(admin)
    response = client.post(
        reverse("ingest:documents"), {"files": [SimpleUploadedFile(SEED_000.name, SEED_000.read_bytes())]}
    )
    run = IngestRun.objects.get()
    assert response["Location"] == reverse("ingest:run", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "data-run-status-url" in page  # the poller is on the page

    answers = wait_for(lambda: client.get(reverse("ingest:run_status", args=[run.pk])).json())
    assert answers[-1]["status"] == "succeeded" and answers[-1]["progress"] == 100
    percents = [p for _, p in stages]
    assert percents == sorted(percents) and percents[0] < 50 and percents[-1] == 100
    assert {"文本抽取与条款识别", "保存政策与条款、比对版本", "完成"} <= {s for s, _ in stages}

    page = client.get(reverse("ingest:run", args=[run.pk])).content.decode()
    policy = Policy.objects.get()
    assert "已完成" in page and policy.title in page
    assert reverse("ingest:review", args=[policy.pk]) in page
    assert "条款无金额" in page  # warnings are shown


def test_api_upload_and_run_status(live_worker, admin):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin).key}")
    with SEED_003.open("rb") as f:
        response = api.post("/api/ingest/documents/", {"file": f}, format="multipart")
    assert response.status_code == 201, response.content
    run_id = response.json()["run"]
    assert response.json()["document"]["filename"] == SEED_003.name

    answers = wait_for(lambda: api.get(f"/api/ingest/runs/{run_id}/").json())
    final = answers[-1]
    assert final["status"] == "succeeded" and final["progress"] == 100 and final["stage"] == "完成"
    assert final["result"]["policies"][0]["title"] == "长春新区加快培育数实融合新赛道若干政策"
    assert any(w["message"] == "条款无金额" for w in final["warnings"])

    with SEED_003.open("rb") as f:
        again = api.post("/api/ingest/documents/", {"file": f}, format="multipart")
    assert again.status_code == 409 and "已上传过" in again.json()["detail"]
    assert again.json()["run"] == run_id
