"""In Chromium: searching and filtering the library in both scripts; an admin corrects a cap in the
form and the public page shows the new cap. Screenshots go to var/screenshots/ (kept by CI)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings

from accounts.roles import Role
from policies.models import Clause, Policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _policy(title, region, clauses, **fields):
    p = Policy.objects.create(
        title=title, province="北京市", city="北京市", region=region, status=Policy.Status.PUBLISHED, **fields
    )
    for i, (heading, text, cap) in enumerate(clauses, start=1):
        Clause.objects.create(
            policy=p, order=i, number=f"第{'一二三'[i - 1]}条", heading=heading, text=text,
            kind="support", max_amount_yuan=cap,
        )  # fmt: skip
    return p


@pytest.fixture
def library():
    return [
        _policy("海淀区促进人工智能产业发展的若干措施", "海淀区",
                [("支持芯片研发", "对芯片设计企业给予最高500万元支持。", 5_000_000)], issuer="海淀区科信局"),
        _policy("朝阳区支持智能网联汽车发展的若干措施", "朝阳区",
                [("道路测试", "支持智能网联汽车开展道路测试,给予最高200万元奖励。", 2_000_000)]),
        _policy("朝阳区促进商贸流通的措施", "朝阳区", [("智能化改造", "支持商贸企业智能化改造。", None)]),
    ]  # fmt: skip


def _titles(page) -> list[str]:
    return [t.strip() for t in page.locator("[data-testid=policy-card] a.title").all_inner_texts()]


def test_search_and_filter_the_library_in_both_scripts(live_server, page, library):
    base = live_server.url
    page.goto(f"{base}/policies/")
    page.fill("input[name=q]", "人工智能")
    page.locator(".library-filters .search button").click()
    page.wait_for_load_state()
    simplified = _titles(page)
    assert simplified and simplified[0] == library[0].title

    page.fill("input[name=q]", "人工智慧")
    page.locator(".library-filters .search button").click()
    page.wait_for_load_state()
    assert _titles(page) == simplified
    assert page.locator("[data-testid=policy-card] mark").count() >= 1
    shot(page, "library-search-traditional")

    page.fill("input[name=q]", "晶片")
    page.locator(".library-filters .search button").click()
    page.wait_for_load_state()
    assert _titles(page) == [library[0].title]
    assert "第一条 支持芯片研发" in page.locator(".hits").first.inner_text()

    page.fill("input[name=q]", "")
    page.fill("input[name=region]", "朝阳区")
    page.fill("input[name=amount_min]", "100万")
    page.select_option("select[name=sort]", "largest")
    page.locator(".filter-row button[type=submit]").click()
    page.wait_for_load_state()
    assert _titles(page) == [library[1].title]
    query = parse_qs(urlparse(page.url).query)
    assert query["region"] == ["朝阳区"] and query["amount_min"] == ["100万"] and query["sort"] == ["largest"]
    assert page.input_value("input[name=amount_min]") == "100万"
    assert page.locator("[data-testid=validity]").first.inner_text() == "现行有效"
    shot(page, "library-filters")


def test_an_admin_corrects_a_cap_and_the_public_page_shows_it(live_server, page, make_user, sign_in):
    from ingest import services
    from tests.ingest_app.docs import POLICY_V1

    admin = make_user(Role.ADMIN)
    document, _ = services.document_store(POLICY_V1.encode(), "v1.txt", admin)
    run = services.ingest_document(document, publish=True, user=admin)
    assert run.status == "succeeded", run.error
    policy = Policy.objects.get(source_document=document)
    clause = policy.clauses.get(number="第二条")
    assert clause.max_amount_yuan == 1_000_000

    base = live_server.url
    sign_in(admin.username, f"/ingest/clauses/{clause.pk}/edit/")
    assert "最高不超过100万元" in page.locator("[data-testid=clause-original]").inner_text()
    cap = page.locator("input[name='benefit-0-cap_yuan']")
    assert cap.input_value() == "100万"
    cap.fill("300万")
    shot(page, "clause-correction-form")
    page.locator("form.correction-form button[type=submit]").click()
    page.wait_for_url(f"{base}/ingest/policies/{policy.pk}/*")
    assert "已更正" in page.locator(".messages").inner_text()

    page.goto(f"{base}/policies/{policy.pk}/")
    item = page.locator(f"#clause-{clause.pk}")
    assert "最高 300万元" in item.inner_text() and "上限 300万元" in item.inner_text()
    assert "最高 100万元" not in item.inner_text()
    shot(page, "policy-page-corrected-cap")
