"""The hostile-input table of docs/RELIABILITY.md: each row is sent and its status and Chinese message
checked; the table in the document is exactly the table here (one source for both)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from applications import workflow
from tests.applications.conftest import World, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[2] / "docs" / "RELIABILITY.md"


@dataclass(frozen=True)
class Case:
    key: str
    area: str  # 页面 | API | 文件
    what: str  # the input, as the table shows it
    status: int
    message: str  # a Chinese phrase the response must contain ("" when the page simply works)
    send: Any  # (world, api_client_for, page_client_for) -> response

    def row(self) -> str:
        return f"| {self.key} | {self.area} | {self.what} | {self.status} | {self.message or '(正常显示)'} |"


PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64
PROFILE = "/me/profile/"
API_PROFILE = "/api/me/profile/"


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def page(path, data=None, who="user_a"):
    def send(w, api, web):
        client = web(getattr(w, who) if who else None)
        return client.post(path, data) if data is not None else client.get(path)

    return send


def api_call(method, path, body=None, who="user_a", raw=None):
    def send(w, api, web):
        client = api(getattr(w, who) if who else None)
        target = path(w) if callable(path) else path
        if raw is not None:
            return getattr(client, method)(target, raw, content_type="application/json")
        return getattr(client, method)(target, body, format="json")

    return send


def attach(name, content, description=""):
    def send(w, api, web):
        application = w.application()
        upload = SimpleUploadedFile(name, content)
        data = {"file": upload, **({"description": description} if description else {})}
        return api(w.user_a).post(
            f"/api/applications/{application.pk}/attachments/", data, format="multipart"
        )

    return send


def _app(state=workflow.DRAFT):
    def target(w):
        return w.application(state, assign=False).pk

    return target


def action(state, name, body, who="reviewer"):
    def send(w, api, web):
        pk = w.application(state).pk
        return api(getattr(w, who)).post(f"/api/applications/{pk}/actions/{name}/", body, format="json")

    return send


def experts(body):
    def send(w, api, web):
        pk = w.application(workflow.PRELIMINARY_REVIEW, assign=False).pk
        return api(w.reviewer).post(f"/api/applications/{pk}/experts/", body, format="json")

    return send


def create(body):
    def send(w, api, web):
        return api(w.user_a).post("/api/applications/", {"clause": w.clause.pk, **body}, format="json")

    return send


CASES = [
    # pages
    Case("P01", "页面", "`/policies/?q=%00`", 400, "控制字符", page("/policies/?q=%00", who=None)),
    Case("P02", "页面", "`/policies/?q=a%00b`", 400, "控制字符", page("/policies/?q=a%00b", who=None)),
    Case("P03", "页面", "`/policies/?q=<script>alert(1)</script>`", 200, "", page("/policies/?q=<script>alert(1)</script>", who=None)),
    Case("P04", "页面", "`/policies/?q=` + 5,000 个字", 200, "", page("/policies/?q=" + "政" * 5000, who=None)),
    Case("P05", "页面", "`/policies/999999999/`", 404, "页面不存在", page("/policies/999999999/", who=None)),
    Case("P06", "页面", "`/policies/abc/`", 404, "页面不存在", page("/policies/abc/", who=None)),
    Case("P07", "页面", "画像 行业 80,000 项", 200, "内容过长", page(PROFILE, {"industries": "、".join(f"行业{i}" for i in range(80_000))})),
    Case("P08", "页面", "画像 从业人数 10^30", 200, "确保该值小于或等于", page(PROFILE, {"employees": "1" + "0" * 30})),
    Case("P09", "页面", "画像 成立日期 0001-01-01", 200, "不能早于1900年", page(PROFILE, {"established_on": "0001-01-01"})),
    Case("P10", "页面", "画像 成立日期 9999-12-31", 200, "不能晚于今天", page(PROFILE, {"established_on": "9999-12-31"})),
    Case("P11", "页面", "画像 区县 `<b>朝阳区</b>`", 200, "不能含有", page(PROFILE, {"province": "北京市", "city": "北京市", "district": "<b>朝阳区</b>"})),
    Case("P12", "页面", "画像 园区含 U+202E(从右到左)", 200, "控制字符", page(PROFILE, {"zones": "园区\u202e"})),
    Case("P13", "页面", "画像 注册资本 `1e309`", 200, "请输入金额数字", page(PROFILE, {"registered_capital_yuan": "1e309"})),
    Case("P14", "页面", "画像 注册资本 `-5`", 200, "请输入金额数字", page(PROFILE, {"registered_capital_yuan": "-5"})),
    Case("P15", "页面", "画像 注册资本 10^16 元", 200, "金额过大", page(PROFILE, {"registered_capital_yuan": "1" + "0" * 16})),
    Case("P16", "页面", "画像 行业单项 61 个字", 200, "不超过60个字", page(PROFILE, {"industries": "行" * 61})),
    Case("P17", "页面", "注册 手机号 `abc<>`", 200, "请填写正确的手机号", page("/accounts/signup/", {"username": "x1", "phone": "abc<>"}, who=None)),
    Case("P18", "页面", "登录 POST 含 NUL", 400, "控制字符", page("/accounts/login/", {"username": "a\x00", "password": "x"}, who=None)),
    Case("P19", "页面", "`/policies/?validity=bogus`", 200, "没有“bogus”这一项", page("/policies/?validity=bogus", who=None)),
    Case("P20", "页面", "`/policies/?district=不存在`", 200, "不支持的筛选条件", page("/policies/?district=不存在", who=None)),
    # API
    Case("A01", "API", "`/api/policies/?q=%00`", 400, "控制字符", api_call("get", "/api/policies/?q=%00", who=None)),
    Case("A02", "API", "token 接口 嵌套 100,000 层 JSON", 400, "嵌套", api_call("post", "/api/auth/token/", raw=_nested(100_000), who=None)),
    Case("A03", "API", "token 接口 非 JSON 内容", 400, "不是有效的 JSON", api_call("post", "/api/auth/token/", raw="{oops", who=None)),
    Case("A04", "API", "token 接口 密码错误", 400, "用户名或密码不正确", api_call("post", "/api/auth/token/", {"username": "nobody", "password": "x"}, who=None)),
    Case("A05", "API", "token 接口 用户名 10,000 个字", 400, "150", api_call("post", "/api/auth/token/", {"username": "u" * 10_000, "password": "x"}, who=None)),
    Case("A06", "API", "画像 从业人数 10^30", 400, "小于或者等于", api_call("patch", API_PROFILE, {"employees": 10**30})),
    Case("A07", "API", "画像 行业 51 项", 400, "不能超过 50", api_call("patch", API_PROFILE, {"industries": [f"行业{i}" for i in range(51)]})),
    Case("A08", "API", "画像 资质 5,000 项", 400, "30", api_call("patch", API_PROFILE, {"qualifications": [{"name": f"资质{i}"} for i in range(5000)]})),
    Case("A09", "API", "画像 成立日期 9999-12-31", 400, "不能晚于今天", api_call("patch", API_PROFILE, {"established_on": "9999-12-31"})),
    Case("A10", "API", "画像 成立日期 0001-01-01", 400, "不能早于1900年", api_call("patch", API_PROFILE, {"established_on": "0001-01-01"})),
    Case("A11", "API", "画像 区县 `<script>`", 400, "不能含有", api_call("patch", API_PROFILE, {"province": "北京市", "city": "北京市", "district": "<script>"})),
    Case("A12", "API", "画像 区县含 NUL", 400, "控制字符", api_call("patch", API_PROFILE, {"district": "朝阳\x00区"})),
    Case("A13", "API", "画像 嵌套 40 层 JSON", 400, "嵌套", api_call("patch", API_PROFILE, raw=_nested(40))),
    Case("A14", "API", "画像 区县 700,000 个字", 400, "100", api_call("patch", API_PROFILE, {"district": "字" * 700_000})),
    Case("A15", "API", "画像 主体类型 `alien`", 400, "alien", api_call("patch", API_PROFILE, {"entity_type": "alien"})),
    Case("A16", "API", "申报 金额 10^15 元(条款上限 100 万元)", 400, "不能超过本条款最高支持金额", create({"requested_amount_yuan": 10**15})),
    Case("A17", "API", "申报 金额 -1 元", 400, "1", create({"requested_amount_yuan": -1})),
    Case("A18", "API", "申报 项目说明 5,001 个字", 400, "5000", create({"project_description": "说" * 5001})),
    Case("A19", "API", "申报 clause = `abc`", 400, "clause", create({"clause": "abc"})),
    Case("A20", "API", '分配专家 `{"expert": "abc"}`', 400, "合法的整数", experts({"expert": "abc"})),
    Case("A21", "API", "分配专家 `[1, 2]`", 400, "期待为字典类型", experts([1, 2])),
    Case("A22", "API", "分配专家 id 10^30", 400, "小于或者等于", experts({"expert": 10**30})),
    Case("A23", "API", "结束评审 公示期 3,000,000 个工作日", 400, "60", action(workflow.EXPERT_REVIEW, "conclude_expert", {"publicity_days": 3_000_000})),
    Case("A24", "API", "审核意见 100,000 个字", 400, "5000", action(workflow.SUBMITTED, "accept", {"comment": "意" * 100_000})),
    Case("A25", "API", "`/api/applications/999999/`", 404, "未找到", api_call("get", "/api/applications/999999/")),
    Case("A26", "API", "`/api/nothing-here/`", 404, "未找到该资源", api_call("get", "/api/nothing-here/")),
    Case("A27", "API", "未知工作流操作 `/actions/fly/`", 404, "未找到", action(workflow.SUBMITTED, "fly", {})),
    Case("A28", "API", "匿名创建申报", 403, "认证", api_call("post", "/api/applications/", {}, who=None)),
    Case("A29", "API", "`/api/policies/?district=不存在`", 400, "不支持的查询参数", api_call("get", "/api/policies/?district=不存在", who=None)),
    Case("A30", "API", "`/api/policies/?validity=bogus`", 400, "有效的选项", api_call("get", "/api/policies/?validity=bogus", who=None)),
    Case("A31", "API", "`/api/policies/?has_money=null`", 400, "true 或 false", api_call("get", "/api/policies/?has_money=null", who=None)),
    Case("A32", "API", "`/api/me/matches/?status=bogus`", 400, "不是合法选项", api_call("get", "/api/me/matches/?status=bogus")),
    Case("A33", "API", "`/api/applications/?state=bogus`", 400, "有效的选项", api_call("get", "/api/applications/?state=bogus")),
    Case("A34", "API", "`/api/policies/?page=`", 404, "页码无效", api_call("get", "/api/policies/?page=", who=None)),
    # files
    Case("F01", "文件", "附件 压缩炸弹 .docx(解压 300 MB)", 400, "压缩炸弹", attach("材料.docx", _bomb())),
    Case("F02", "文件", "附件 文件名含 U+202E", 201, "", attach("invoice\u202efdp.png", PNG)),
    Case("F03", "文件", "附件 .exe", 400, "不支持的文件类型", attach("setup.exe", b"MZ" + b"0" * 64)),
    Case("F04", "文件", "附件 .pdf 内容为 PNG", 400, "文件内容与扩展名", attach("a.pdf", PNG)),
    Case("F05", "文件", "附件 空文件", 400, "文件为空", attach("a.png", b"")),
    Case("F06", "文件", "附件 说明 201 个字", 400, "200个字", attach("a.png", PNG, "说" * 201)),
    Case("F07", "文件", "附件 文件名 `../../etc/passwd.png`", 201, "", attach("../../etc/passwd.png", PNG)),
]  # fmt: skip


@pytest.fixture
def clients():
    from django.test import Client

    def api(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def web(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return api, web


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_hostile_input(case, world, clients, settings):  # noqa: F811
    from tests.applications.factories import CompanyFactory

    world.user_a.companies.first() or CompanyFactory(members=[world.user_a])
    response = case.send(world, *clients)
    body = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False)
    assert response.status_code == case.status, body[:500]
    assert case.message in body, body[:500]
    assert "Traceback" not in body
    assert "<script>alert(1)</script>" not in body
    if case.key in ("F02", "F07"):
        name = response.json()["original_name"]
        assert "\u202e" not in name and "/" not in name and ".." not in name.split(".")[0]


def test_the_document_shows_this_table():
    text = DOC.read_text(encoding="utf-8")
    for case in CASES:
        assert case.row() in text, case.row()
    rows = re.findall(r"^\| ([PAF]\d\d) \|", text, flags=re.M)
    assert sorted(rows) == sorted(c.key for c in CASES)
    assert len(CASES) >= 40
