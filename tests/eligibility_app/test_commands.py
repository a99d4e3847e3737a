"""The match and bench_match commands, and the 朝阳区 ambiguity through the database."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command, get_commands
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eligibility import services
from eligibility.models import MatchResult

from .conftest import BEIJING_CHAOYANG, CHANGCHUN_CHAOYANG, make_policy, money_clause

pytestmark = pytest.mark.django_db

STAFF_50 = {"fact": "employees", "op": "gte", "value": 50}


def run_match(tmp_path, profile: dict, *args: str) -> dict:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("match", str(path), *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def company(**facts) -> dict:
    return {"credit_code": "91110105MA01C8L437", "name": "北京某某科技有限公司", **facts}


def test_output_shape_and_no_writes(tmp_path):
    policy = make_policy(
        money_clause(1_000_000, STAFF_50),
        money_clause(3_000_000, {"fact": "qualifications", "op": "contains", "value": "国家高新技术企业"}),
    )
    make_policy(money_clause(9_000_000), status="draft", title="征求意见中的政策")
    with CaptureQueriesContext(connection) as queries:
        report = run_match(tmp_path, company(**BEIJING_CHAOYANG, employees=80), "--as-of", "2026-11-21")
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
    assert writes == []
    assert not MatchResult.objects.exists()
    assert report["company"] == {"credit_code": "91110105MA01C8L437", "name": "北京某某科技有限公司"}
    assert report["as_of"] == "2026-11-21"
    assert report["total_estimate_yuan"] == 1_000_000
    assert [r["status"] for r in report["results"]] == ["eligible", "possible"]
    first = report["results"][0]
    assert set(first) >= {"policy", "clause", "status", "reasons", "missing", "estimate", "stacking_group"}
    assert first["policy"] == {"id": policy.pk, "title": policy.title, "region": "朝阳区"}
    assert set(first["clause"]) == {"id", "number", "heading"}
    assert first["estimate"] == {"max_yuan": 1_000_000, "yuan": None}
    assert all({"fact", "outcome", "text"} <= set(r) for r in first["reasons"])
    possible = report["results"][1]
    assert possible["missing"][0]["fact"] == "qualifications" and possible["missing"][0]["decisive"] is True
    assert "question" in possible["missing"][0]


def test_as_of_outside_the_window_is_not_in_force(tmp_path):
    make_policy(
        money_clause(1_000_000, STAFF_50),
        effective_from=dt.date(2025, 1, 1),
        effective_until=dt.date(2027, 12, 31),
    )
    profile = company(**BEIJING_CHAOYANG, employees=80)
    assert run_match(tmp_path, profile, "--as-of", "2026-06-30")["results"][0]["status"] == "eligible"
    late = run_match(tmp_path, profile, "--as-of", "2028-01-01")
    assert late["results"][0]["status"] == "not_in_force"
    assert late["total_estimate_yuan"] == 0


def test_changchun_chaoyang_does_not_match_beijing_chaoyang(tmp_path, enterprise):
    make_policy(money_clause(1_000_000, STAFF_50))
    changchun = run_match(tmp_path, company(**CHANGCHUN_CHAOYANG, employees=80), "--as-of", "2026-11-21")
    assert not [r for r in changchun["results"] if r["status"] in ("eligible", "possible")]
    assert changchun["total_estimate_yuan"] == 0
    beijing = run_match(tmp_path, company(**BEIJING_CHAOYANG, employees=80), "--as-of", "2026-11-21")
    assert beijing["results"][0]["status"] == "eligible"
    # The same through stored results.
    _, there = enterprise(profile={**CHANGCHUN_CHAOYANG, "employees": 80})
    _, here = enterprise(profile={**BEIJING_CHAOYANG, "employees": 80})
    services.rematch_company(there.pk)
    services.rematch_company(here.pk)
    assert not MatchResult.objects.filter(company=there, status__in=["eligible", "possible"]).exists()
    assert MatchResult.objects.get(company=here).status == "eligible"


def test_bad_input_is_a_chinese_error(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 JSON"):
        call_command("match", str(bad), "--format", "json", stdout=io.StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run_match(tmp_path, company(), "--as-of", "明天")


def test_bench_match_prints_its_contract_line_and_leaves_nothing_behind():
    make_policy(money_clause(1_000_000, STAFF_50))
    out = io.StringIO()
    call_command("bench_match", "--companies", "50", "--requests", "3", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().strip().splitlines()
    assert re.fullmatch(
        r"bench_match seconds=\d+\.\d+ companies=50 clauses=1 per_company_ms=\d+\.\d+", lines[-1]
    ), lines[-1]
    assert re.fullmatch(r"dashboard_ms=\d+\.\d+ dashboard_results=\d+", lines[-2]), lines[-2]
    assert not MatchResult.objects.exists()


def test_seed_demo_matches_the_demo_company(tmp_path):
    if "ingest" not in get_commands():
        pytest.skip("导入命令尚不可用")
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    from eligibility.models import Company

    demo = Company.objects.get(membership__user__username="qiye")
    services.rematch_company(demo.pk)
    assert MatchResult.objects.filter(company=demo).exists()
    report = run_match(tmp_path, demo.profile.data)
    assert report["results"] and report["company"]["credit_code"] == demo.credit_code


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "画像文件为空"),
        (b"[1, 2]", "应为 JSON 对象"),
        (b'"text"', "应为 JSON 对象"),
        ('{"employees": "很多"}'.encode(), "从业人数"),
        ('{"established_on": "去年"}'.encode(), "成立日期"),
        ('{"entity_type": "外星访客"}'.encode(), "主体类型"),
        ('{"province": "吉林省", "city": "北京市"}'.encode(), "不属于"),
        (b'{"zones": 5, "facts": [1]}', "2 处无法识别"),
        (b"\xff\x00\xfe", "编码"),
    ],
)
def test_malformed_profiles_are_a_chinese_error(tmp_path, content, message):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("match", str(path), "--format", "json", stdout=io.StringIO())


def test_messy_profile_reads_like_the_clean_one(tmp_path):
    make_policy(money_clause(1_000_000, STAFF_50))
    messy = {"name": " 北京某某科技有限公司 ", "credit_code": "", "district": "北京市朝阳区", "employees": "80人",
             "unknown_key": {"x": 1}}  # fmt: skip
    report = run_match(tmp_path, messy, "--as-of", "2026-11-21")
    assert report["company"] == {"credit_code": None, "name": "北京某某科技有限公司"}
    assert [r["status"] for r in report["results"]] == ["eligible"]
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes(json.dumps(messy, ensure_ascii=False).encode("gbk"))
    out = io.StringIO()
    call_command("match", str(gbk), "--as-of", "2026-11-21", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["results"][0]["status"] == "eligible"


OFFSHORE_REQ = {
    "text": "注册三年以上的离岸贸易企业",
    "span": [0, 13],
    "modelled": False,
    "kind": "declaration",
    "key": "offshore_trade",
    "question": "贵企业是否开展离岸贸易业务?",
    "answer_type": "bool",
}


def test_match_reads_declarations_and_lists_questions(tmp_path):
    make_policy(
        money_clause(5_000_000, requirements=[OFFSHORE_REQ]),
        money_clause(1_000_000, requirements=[{"text": "经评审", "span": [0, 3], "kind": "review"}]),
    )
    asked = run_match(tmp_path, company(**BEIJING_CHAOYANG), "--as-of", "2026-11-21")
    assert [r["status"] for r in asked["results"]] == ["eligible", "possible"]
    assert asked["results"][0]["review"] == ["以评审结果为准: 经评审"]
    assert asked["total_estimate_yuan"] == 1_000_000
    (question,) = asked["questions"]
    assert question["key"] == "offshore_trade" and question["yuan_at_stake"] == 5_000_000
    assert asked["results"][1]["questions"][0]["question"] == "贵企业是否开展离岸贸易业务?"
    yes = run_match(tmp_path, company(**BEIJING_CHAOYANG, declarations={"offshore_trade": "是"}))
    assert yes["total_estimate_yuan"] == 6_000_000 and yes["questions"] == []
    assert [r["by_declaration"] for r in yes["results"]] == [True, False]
    no = run_match(tmp_path, company(**BEIJING_CHAOYANG, declarations={"offshore_trade": False}))
    assert [r["status"] for r in no["results"]] == ["eligible", "ineligible"]
