"""Files that hold no policy are refused with a Chinese reason; pages that only name a policy are kept."""

import pytest

from ingest.pipeline import run
from ingest.pipeline.errors import UnusableDocument
from ingest.pipeline.notpolicy import is_markdown_notes, markdown_share, mislabelled_binary

NOTES = """# 政策调研笔记

## 待办
- [ ] 核对某某基金规模 2000亿元
- [x] 查找[原文](https://example.org/a.html)

```
总额: 2000亿元
```

> 备注:以上数字来自新闻
"""


def test_markdown_notes_are_refused():
    n, share = markdown_share(NOTES)
    assert n >= 5 and share > 0.5
    assert is_markdown_notes(NOTES, "notes.txt")
    with pytest.raises(UnusableDocument) as exc:
        run(NOTES.encode(), "notes.txt")
    assert "Markdown" in exc.value.reason and "政策" in exc.value.reason


def test_a_policy_page_with_bullets_is_not_notes():
    page = "某区出台扶商新政\n- 设立奖励,对企业给予最高100万元奖励[2]\n- 对新落户企业给予50万元补贴[3]\n"
    assert not is_markdown_notes(page, "page.txt")


@pytest.mark.parametrize(
    ("data", "name", "word"),
    [
        (b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "policy.pdf", "网页"),
        (b"plain words", "policy.pdf", "其他格式"),
        (b"<html><head><title>x</title></head><body>x</body></html>", "policy.docx", "网页"),
    ],
)
def test_files_named_pdf_or_docx_that_are_not(data, name, word):
    reason = mislabelled_binary(data, name)
    assert reason and word in reason
    with pytest.raises(UnusableDocument) as exc:
        run(data, name)
    assert exc.value.reason == reason


def test_real_pdf_and_docx_magic_pass():
    assert mislabelled_binary(b"%PDF-1.7 ...", "a.pdf") is None
    assert mislabelled_binary(b"PK\x03\x04...", "a.docx") is None


def test_page_naming_a_policy_without_clauses_is_kept_with_no_clauses():
    text = "政府信息公开\n关于《某开发区招商引资促进办法(试行)》的规范性解释\n一、制定背景\n招商引资是加快发展的必由之路。\n"
    doc = run(text.encode(), "jiedu.txt")
    [p] = doc["policies"]
    assert p["title"] == "某开发区招商引资促进办法(试行)"
    assert all(c["max_amount_yuan"] is None for c in p["clauses"])


def test_prose_naming_no_policy_is_refused():
    with pytest.raises(UnusableDocument) as exc:
        run("这是一份普通通知,请各单位按时参加会议。会议地点另行通知。\n".encode() * 5, "notice.txt")
    assert "条款" in exc.value.reason
