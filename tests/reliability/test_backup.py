"""scripts/backup then scripts/restore into a fresh database and fresh folders: same rows, same files."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _counts(url: str) -> dict[str, int]:
    tables = subprocess.run(
        ["psql", url, "-tAc", "select table_name from information_schema.tables where table_schema='public' order by 1"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    query = " union all ".join(f"select '{t}', count(*) from \"{t}\"" for t in tables)
    out = subprocess.run(["psql", url, "-tAF", "\t", "-c", query], capture_output=True, text=True, check=True)
    return {line.split("\t")[0]: int(line.split("\t")[1]) for line in out.stdout.splitlines() if line}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_backup_and_restore_round_trip(settings, tmp_path, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("备份脚本只支持 PostgreSQL")
    from tests.applications.factories import ApplicationFactory, ClauseFactory, CompanyFactory

    user = make_user("enterprise")
    company = CompanyFactory(members=[user])
    for _ in range(3):
        ApplicationFactory(company=company, clause=ClauseFactory(), applicant=user)
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    (private / "attachments").mkdir(parents=True, exist_ok=True)
    (private / "attachments" / "材料.pdf").write_bytes(b"%PDF-1.4 test")
    source = _url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "PRIVATE_MEDIA_ROOT": str(private)}  # fmt: skip
    backup = tmp_path / "backup"
    subprocess.run([str(ROOT / "scripts" / "backup"), str(backup)], env=env, check=True, capture_output=True)

    fresh = f"huiqi_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", fresh], check=True)
    try:
        target = {**env, "DATABASE_URL": _url(fresh), "MEDIA_ROOT": str(tmp_path / "m2"),
                  "PRIVATE_MEDIA_ROOT": str(tmp_path / "p2")}  # fmt: skip
        subprocess.run(
            [str(ROOT / "scripts" / "restore"), str(backup)], env=target, check=True, capture_output=True
        )
        before, after = _counts(source), _counts(_url(fresh))
        assert before == after
        assert before["policies_policy"] > 0 and before["accounts_user"] > 0
        assert _files(private) == _files(tmp_path / "p2")
        assert _files(Path(settings.MEDIA_ROOT)) == _files(tmp_path / "m2")
        # Restoring again into a database that is not empty is refused.
        again = subprocess.run(
            [str(ROOT / "scripts" / "restore"), str(backup)], env=target, capture_output=True, text=True
        )
        assert again.returncode != 0 and "不是空的" in again.stderr
    finally:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", fresh], check=False)
