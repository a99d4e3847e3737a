"""manage.py ingest: dry-run JSON, saving drafts, publishing, idempotent re-runs, unusable files."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ingest.models import IngestRun, SourceDocument
from policies.models import Benefit, Clause, Policy

from .docs import SEED_000, SEED_003

POLICY_KEYS = {
    "title", "doc_number", "issuer", "province", "city", "region", "published_on", "effective_from",
    "effective_until", "is_draft", "stacking", "supersedes", "span", "clauses",
}  # fmt: skip
CLAUSE_KEYS = {
    "number", "heading", "text", "span", "kind", "currency", "max_amount_yuan", "amounts_yuan", "ratios", "benefits",
    "conditions", "qualifications", "thresholds", "departments", "tags",
}  # fmt: skip
BENEFIT_KEYS = {"kind", "ratio", "base", "cap_yuan", "currency", "per_year", "years", "evidence"}


def _ingest(*args, **kwargs) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *[str(a) for a in args], stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_dry_run_prints_the_ingest_json_and_writes_nothing():
    out, _ = _ingest(SEED_003, dry_run=True, format="json")
    data = json.loads(out)
    assert list(data) == ["documents"]
    (doc,) = data["documents"]
    assert doc["source"] == SEED_003.name
    assert doc["encoding"] and doc["script"] in ("zh-Hans", "zh-Hant")
    assert not {"text", "original_text", "offsets"} & set(doc)
    policy = doc["policies"][0]
    assert set(policy) >= POLICY_KEYS
    assert policy["doc_number"] == "长新管规〔2023〕11号"
    clause = next(c for c in policy["clauses"] if c["benefits"])
    assert set(clause) >= CLAUSE_KEYS
    assert set(clause["benefits"][0]) >= BENEFIT_KEYS
    assert isinstance(clause["max_amount_yuan"], int)
    for model in (Policy, Clause, Benefit, SourceDocument, IngestRun):
        assert model.objects.count() == 0


def _manage(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "ingest", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )


def test_dry_run_stdout_is_only_json(tmp_path):
    bad = tmp_path / "坏文件.txt"
    bad.write_bytes(b"")
    proc = _manage(str(SEED_000), str(bad), "--dry-run", "--format", "json")
    assert proc.returncode != 0
    data = json.loads(proc.stdout)  # nothing but the JSON on stdout
    assert [d["source"] for d in data["documents"]] == [SEED_000.name]
    assert "坏文件.txt" in proc.stderr and "文件为空" in proc.stderr


@pytest.mark.django_db
def test_save_drafts_then_publish():
    out, _ = _ingest(SEED_003)
    assert "已导入" in out
    policy = Policy.objects.get()
    assert policy.status == Policy.Status.DRAFT
    assert policy.source_document.sha256 and policy.source_document.file.read() == SEED_003.read_bytes()
    clause = policy.clauses.filter(max_amount_yuan__isnull=False, benefits__isnull=False).first()
    assert clause.evidence["span"] == clause.span
    assert any(clause.evidence["amounts_yuan"])
    assert Benefit.objects.filter(clause__policy=policy).exclude(evidence=[]).exists()
    assert policy.extracted["evidence"]
    run = IngestRun.objects.get()
    assert run.status == IngestRun.Status.SUCCEEDED and run.progress == 100

    _ingest(SEED_003, publish=True)
    policy.refresh_from_db()
    assert policy.status == Policy.Status.PUBLISHED and policy.published_at
    assert Policy.objects.count() == 1


@pytest.mark.django_db
def test_rerun_is_idempotent():
    _ingest(SEED_000, SEED_003, publish=True)
    before = (
        list(Policy.objects.order_by("id").values_list("id", "status", "version")),
        list(Clause.objects.order_by("id").values_list("id", "version", "max_amount_yuan")),
        Benefit.objects.count(),
    )
    out, _ = _ingest(SEED_000, SEED_003, publish=True)
    assert "已重新导入" in out
    after = (
        list(Policy.objects.order_by("id").values_list("id", "status", "version")),
        list(Clause.objects.order_by("id").values_list("id", "version", "max_amount_yuan")),
        Benefit.objects.count(),
    )
    assert after == before
    assert SourceDocument.objects.count() == 2


@pytest.mark.django_db
def test_unusable_file_among_good_ones(tmp_path):
    garbage = tmp_path / "乱码.txt"
    garbage.write_bytes(bytes(range(256)) * 40)
    err = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("ingest", str(garbage), str(SEED_003), stdout=StringIO(), stderr=err)
    assert info.value.returncode != 0
    message = err.getvalue()
    assert "乱码.txt" in message and "二进制" in message
    assert Policy.objects.filter(source_document__filename=SEED_003.name).exists()
    # the raw bytes of the bad file are kept, its run says why it failed
    doc = SourceDocument.objects.get(filename="乱码.txt")
    assert doc.runs.get().status == IngestRun.Status.FAILED
    assert not doc.policies.exists()


HK_SCHEME = """香港某某企业资助计划
资助金额
政府最多资助获批项目总核准开支的50%。
每家企业累计资助总额最高为港币300万元,每个项目资助上限为100万元。
"""


@pytest.mark.django_db
def test_amounts_keep_their_currency_from_file_to_page(tmp_path, client):
    path = tmp_path / "hk_scheme.txt"
    path.write_text(HK_SCHEME, encoding="utf-8")
    _ingest(path, publish=True)
    clause = Clause.objects.get(max_amount_yuan__isnull=False)
    assert (clause.currency, clause.max_amount_yuan) == ("HKD", 3_000_000)
    assert set(clause.benefits.exclude(cap_yuan=None).values_list("currency", flat=True)) == {"HKD"}
    body = client.get(f"/policies/{clause.policy_id}/").content.decode()
    assert "最高 300万港元" in body and "最高 300万元" not in body


@pytest.mark.django_db
def test_a_page_that_only_names_a_policy_is_saved_without_clauses(tmp_path):
    page = tmp_path / "jiedu.txt"
    page.write_text(
        "政府信息公开\n关于《某开发区招商引资促进办法(试行)》的规范性解释\n一、制定背景\n招商引资是加快发展的必由之路。\n",
        encoding="utf-8",
    )
    _ingest(page)
    policy = Policy.objects.get()
    assert policy.title == "某开发区招商引资促进办法(试行)"
    assert IngestRun.objects.get().status == IngestRun.Status.SUCCEEDED


@pytest.mark.django_db
def test_a_press_release_about_a_scheme_is_saved_with_a_warning(tmp_path):
    page = tmp_path / "news.txt"
    page.write_text(
        "某局将跟进受台风影响的企业申请调整还款计划\n2018-09-24 16:08\n来源:某局\n"
        "对已获批准的《某某企业援助计划》受惠企业,可申请调整还款计划。\n"
        "符合资格的商户亦可按《某某企业援助计划》申请免息援助。\n",
        encoding="utf-8",
    )
    _ingest(page)
    policy = Policy.objects.get()
    assert policy.title == "某某企业援助计划" and not policy.clauses.exists()
    run = IngestRun.objects.get()
    assert run.status == IngestRun.Status.SUCCEEDED
    assert any("仅保存了政策基本信息" in w["message"] for w in run.warnings)
