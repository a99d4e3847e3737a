"""manage.py eval_real: real documents of a folder, generic profiles placed in each policy's region."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

from django.core.management import call_command

DOCS = Path(__file__).resolve().parents[1] / "ingest" / "real_dev" / "docs"


def _run(folder: Path, *flags: str) -> str:
    out = StringIO()
    call_command("eval_real", "--docs", str(folder), *flags, stdout=out)
    return out.getvalue()


def test_counts_add_up_and_other_trades_are_shut_out(tmp_path):
    for name in ("04_shenyang_wenzengzhang.txt", "27_guangzhou_huadu_fushang.txt"):
        shutil.copy(DOCS / name, tmp_path / name)
    summary = json.loads(_run(tmp_path, "--json"))
    assert summary["documents"] == 2 and summary["profiles"] == 4
    statuses = ("eligible", "possible", "ineligible", "not_in_force")
    assert summary["results"] == sum(summary[s] for s in statuses) > 0
    # 建筑业企业 / 直播电商企业 clauses are for other trades than any generic profile's
    assert summary["ineligible"] > 0
    assert summary["eligible"] == 0  # every clause here asks something only the company can say
    assert summary["possible_after_no"] <= summary["possible"]


def test_lists_each_ineligible_result_with_the_failed_check_and_its_words(tmp_path):
    shutil.copy(DOCS / "04_shenyang_wenzengzhang.txt", tmp_path / "04.txt")
    text = _run(tmp_path)
    assert "ineligible:" in text
    assert "x 国民经济行业门类为建筑业" in text
    assert "      > " in text  # the clause's words follow each listed result
