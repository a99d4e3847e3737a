"""Every page each demo role can reach renders without a server error and speaks Chinese."""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from applications.models import Application
from eligibility.models import Company
from ingest.models import SourceDocument
from policies.models import Clause, Policy

pytestmark = pytest.mark.django_db

ROLES = ["qiye", "shenhe", "zhuanjia", "guanli"]
# Technical words a Chinese user expects to see as they are: file formats, sizes, well-known abbreviations.
ALLOWED = set(
    [
        "API",
        "PDF",
        "pdf",
        "DOCX",
        "docx",
        "XLSX",
        "xlsx",
        "CSV",
        "csv",
        "HTML",
        "html",
        "htm",
        "txt",
        "TXT",
        "JPG",
        "jpg",
        "PNG",
        "png",
        "Word",
        "Excel",
        "AI",
        "XR",
        "IPv6",
        "DCMM",
        "CMMI",
        "AEO",
        "ID",
        "URL",
        "MB",
        "KB",
        "GB",
        "SHA",
        "utf",
        "gbk",
        "gb",
    ]
) | {"all", "any", "not"}  # the keys of the condition JSON an admin corrects on /ingest/clauses/N/edit/
WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
SKIP = re.compile(r"/accounts/logout|/django-admin/|/api/|/attachments/\d+/$|[?&]confirm=1")
PER_PATTERN = 3  # pages of the same shape (ids replaced) visited per role


def visible_text(page: str) -> str:
    """The text a user reads: no scripts, styles, tags or attribute values."""
    page = re.sub(r"(?is)<(script|style|template|datalist)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return html.unescape(page)


def content_words() -> set[str]:
    """ASCII words that come from policy documents and company data, not from the interface."""
    words: set[str] = set()
    sources: list[str] = []
    for p in Policy.objects.all():
        sources += [p.title, p.doc_number or "", p.issuer or "", p.stacking or ""]
    for c in Clause.objects.all():
        sources += [c.text, c.number, c.heading or "", " ".join(map(str, c.tags or []))]
        sources += [" ".join(map(str, c.qualifications or [])), " ".join(map(str, c.thresholds or []))]
    for d in SourceDocument.objects.all():
        sources += [d.filename, d.sha256, d.encoding or "", d.text]
    for co in Company.objects.all():
        sources += [co.name, co.credit_code]
    for a in Application.objects.all():
        sources.append(a.project_description or "")
    for text in sources:
        words.update(WORD.findall(text))
    return words


def english_words(text: str, allowed: set[str]) -> set[str]:
    return {w for w in WORD.findall(text) if w not in allowed and w.strip("-") not in allowed}


def crawl(client, start: list[str], limit: int = 120) -> dict[str, tuple[int, str]]:
    """GET pages reachable from ``start`` (same site, bounded per URL shape): url -> (status, visible text)."""
    seen: dict[str, tuple[int, str]] = {}
    shapes: Counter[str] = Counter()
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", url)
        if url in seen or shapes[shape] >= PER_PATTERN:
            continue
        shapes[shape] += 1
        response = client.get(url)
        is_html = "text/html" in response.get("Content-Type", "")
        body = response.content.decode() if is_html else ""
        seen[url] = (response.status_code, visible_text(body))
        for href in re.findall(r'href="([^"#]*)', body):
            full = urljoin(url, html.unescape(href))
            parts = urlsplit(full)
            if parts.netloc or not parts.path.startswith("/") or SKIP.search(full):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and target not in queue:
                queue.append(target)
    return seen


@pytest.fixture
def seeded(settings):
    """The demo data of ``seed_demo``: published policies, the demo company and one submitted application."""
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    return get_user_model().objects


def test_every_reachable_page_renders_in_chinese(seeded, client):
    allowed = ALLOWED | content_words()
    problems: list[str] = []
    anonymous = crawl(client, ["/", "/policies/", "/accounts/login/", "/accounts/signup/", "/nowhere/"])
    visited = {"匿名": anonymous}
    for username in ROLES:
        client.force_login(seeded.get(username=username))
        start = [
            "/",
            "/me/",
            "/me/profile/",
            "/applications/",
            "/review/",
            "/ingest/",
            "/accounts/notifications/",
        ]
        visited[username] = crawl(client, start)
        client.logout()
    for who, pages in visited.items():
        assert len(pages) > 5, who
        for url, (status, text) in pages.items():
            if status not in (200, 302, 403, 404):
                problems.append(f"{who} {url}: HTTP {status}")
            extra = english_words(text, allowed)
            if extra:
                problems.append(f"{who} {url}: 英文 {sorted(extra)[:10]}")
    assert visited["qiye"].keys() >= {"/me/", "/me/profile/", "/applications/"}
    assert any(u.startswith("/me/clauses/") for u in visited["qiye"])
    assert any(u.startswith("/review/") and u != "/review/" for u in visited["shenhe"])
    assert any(u.startswith("/ingest/clauses/") for u in visited["guanli"])
    assert not problems, "\n".join(problems)


def test_the_clause_page_offers_to_apply_and_pages_lead_back(seeded, client):
    client.force_login(seeded.get(username="qiye"))
    clause = (
        Clause.objects.filter(kind="support", policy__status="published")
        .exclude(pk__in=Application.objects.values("clause_id"))  # a clause applied for redirects
        .first()
    )
    page = client.get(f"/me/clauses/{clause.pk}/").content.decode()
    assert f'href="/applications/new/{clause.pk}/"' in page and "申报此条款" in page
    form = client.get(f"/applications/new/{clause.pk}/").content.decode()
    assert f'href="/me/clauses/{clause.pk}/"' in form
    application = Application.objects.first()
    assert 'href="/applications/"' in client.get(f"/applications/{application.pk}/").content.decode()
    assert 'href="/policies/"' in client.get(f"/policies/{clause.policy_id}/").content.decode()
    client.force_login(seeded.get(username="shenhe"))
    detail = client.get(f"/review/{application.pk}/").content.decode()
    assert 'href="/review/"' in detail
    assert re.search(r'<label for="id_expert"[^>]*>评审专家</label>', detail)


def test_bad_input_gets_chinese_errors_and_is_kept(seeded, client):
    huge = "9" * 25
    script = "<script>alert(1)</script>"
    client.force_login(seeded.get(username="qiye"))
    clause = Clause.objects.filter(
        kind="support", policy__status="published", max_amount_yuan__isnull=True
    ).first()
    url = f"/applications/new/{clause.pk}/"
    for value, message in (
        (huge, "申请金额过大"),
        ("-5", "申请金额至少为 1 元"),
        ("1.5", "申请金额请填写整数"),
    ):
        response = client.post(
            url, {"requested_amount_yuan": value, "project_description": script, "intent": "save"}
        )
        page = response.content.decode()
        assert response.status_code == 200 and message in page, value
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and script not in page
    client.force_login(seeded.get(username="guanli"))
    target = Clause.objects.filter(policy__status="published").first()
    response = client.post(
        f"/ingest/clauses/{target.pk}/edit/",
        {
            "number": target.number,
            "kind": target.kind,
            "text": target.text,
            "max_amount_yuan": huge,
            "heading": script,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "金额过大" in page  # the form again, with its errors
    assert "&lt;script&gt;" in page and script not in page


def test_an_expert_is_told_when_review_has_not_started(seeded, client):
    application = Application.objects.first()
    expert = seeded.get(username="zhuanjia")
    application.assignments.create(expert=expert, assigned_by=seeded.get(username="shenhe"))
    client.force_login(expert)
    page = client.get(f"/review/{application.pk}/review/").content.decode()
    assert "尚未进入专家评审阶段" in page and "提交评审意见" not in page
