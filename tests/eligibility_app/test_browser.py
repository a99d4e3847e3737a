"""In Chromium: an enterprise user edits the profile and sees the dashboard update."""

from __future__ import annotations

import pytest

from .conftest import make_policy, money_clause

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editing_the_profile_updates_the_dashboard(live_server, page, enterprise, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    make_policy(
        money_clause(
            5_000_000, {"fact": "employees", "op": "gte", "value": 50}, heading="支持开展共性技术标准创制"
        )
    )
    enterprise(username="browser-qiye")
    page.goto(f"{live_server.url}/accounts/login/?next=/me/")
    page.fill("input[name=username]", "browser-qiye")
    page.fill("input[name=password]", "test-pass-2026")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.get_by_test_id("total").inner_text() == "0元"
    assert "暂无匹配结果" in page.content()

    page.click("text=完善企业画像")
    page.fill("#id_province", "北京市")
    page.fill("#id_city", "北京市")
    page.fill("#id_district", "朝阳区")
    page.fill("#id_employees", "-3")
    page.click("button:has-text('保存画像')")
    assert page.locator(".field.has-error").count() >= 1
    assert page.input_value("#id_district") == "朝阳区"  # kept what was typed
    page.fill("#id_employees", "80")
    page.click("#add-qualification")
    page.fill("input[name='q-2-name']", "国家高新技术企业")
    page.click("button:has-text('保存画像')")
    page.wait_for_selector(".msg-success")
    assert "从业人数" in page.locator("#history").inner_text()

    page.goto(f"{live_server.url}/me/")
    assert page.get_by_test_id("total").inner_text() == "500万元"
    assert "支持开展共性技术标准创制" in page.locator("#eligible").inner_text()


def test_answering_the_calculator_turns_possible_results_into_decided_ones(live_server, page, enterprise):
    from playwright.sync_api import expect

    from eligibility.services import rematch_company

    from .conftest import BEIJING_CHAOYANG

    def asks(key: str, question: str, **extra) -> dict:
        return {"kind": "declaration", "key": key, "question": question, "text": question, "span": [0, 4],
                "modelled": False, **extra}  # fmt: skip

    make_policy(
        money_clause(
            2_000_000, requirements=[asks("flagship", "贵企业是否开设了旗舰店?")], heading="旗舰店补助"
        ),
        money_clause(
            800_000, requirements=[asks("forum", "贵企业是否作为主办方举办论坛?")], heading="论坛活动"
        ),
        money_clause(
            300_000,
            requirements=[
                asks(
                    "area",
                    "贵企业租用的办公面积是多少?",
                    answer_type="number",
                    unit="平方米",
                    op="gte",
                    value=1000,
                )
            ],
            heading="房租补贴",
        ),
    )
    _, company = enterprise(BEIJING_CHAOYANG, username="calc-browser")
    rematch_company(company.pk)
    page.goto(f"{live_server.url}/accounts/login/?next=/me/")
    page.fill("input[name=username]", "calc-browser")
    page.fill("input[name=password]", "test-pass-2026")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/me/")
    page.wait_for_load_state("networkidle")  # htmx loaded
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    assert page.get_by_test_id("total").inner_text() == "0元"
    assert page.get_by_test_id("count-possible").inner_text() == "3"
    first = page.locator("#calculator .question").first
    assert "旗舰店" in first.inner_text()  # the question worth most comes first

    first.locator("button[value='是']").click()
    expect(page.get_by_test_id("total")).to_have_text("200万元")
    assert page.get_by_test_id("count-eligible").inner_text() == "1"
    assert "可申报 — 依据贵企业的声明" in page.locator("#eligible").inner_text()
    assert "旗舰店补助" in page.locator("#eligible").inner_text()

    forum = page.locator("#calculator .question", has_text="论坛")
    forum.locator("button[value='否']").click()
    expect(page.get_by_test_id("count-ineligible")).to_have_text("1")
    assert "论坛活动" not in page.locator("#possible").inner_text()

    area = page.locator("#calculator .question", has_text="办公面积")
    area.locator("input[name=value]").fill("很大")
    area.locator("button:has-text('确定')").click()
    page.wait_for_selector("#calculator .errorlist")
    assert "数字" in page.locator("#calculator .errorlist").inner_text()
    area = page.locator("#calculator .question", has_text="办公面积")
    assert area.locator("input[name=value]").input_value() == "很大"  # kept what was typed
    area.locator("input[name=value]").fill("1500")
    area.locator("button:has-text('确定')").click()
    expect(page.get_by_test_id("total")).to_have_text("230万元")
    assert page.get_by_test_id("count-possible").inner_text() == "0"
    assert "暂无需要回答的问题" in page.locator("#calculator").inner_text()

    # answers can be changed: the flagship answer turns to 否 and the total drops
    page.click("#calculator details.answered summary")
    page.locator("#calculator details.answered li", has_text="旗舰店").locator("button[value='否']").click()
    expect(page.get_by_test_id("total")).to_have_text("30万元")
    assert navigations == []  # every answer was swapped in place, no page load


def test_the_rest_of_the_questions_and_results_open_in_place(live_server, page, enterprise):
    from playwright.sync_api import expect

    from eligibility.selectors import POSSIBLE_SHOWN, QUESTIONS_SHOWN
    from eligibility.services import rematch_company

    from .conftest import BEIJING_CHAOYANG

    total = POSSIBLE_SHOWN + 5
    make_policy(
        *(
            money_clause(
                (1000 - n) * 10_000,
                requirements=[{"kind": "declaration", "key": f"cond_{n}", "question": f"贵企业是否满足第{n}项条件?",
                               "text": f"第{n}项条件", "span": [0, 4], "modelled": False}],
                heading=f"专项支持第{n}项",
            )
            for n in range(total)
        )
    )  # fmt: skip
    _, company = enterprise(BEIJING_CHAOYANG, username="many-browser")
    rematch_company(company.pk)
    page.goto(f"{live_server.url}/accounts/login/?next=/me/")
    page.fill("input[name=username]", "many-browser")
    page.fill("input[name=password]", "test-pass-2026")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/me/")
    page.wait_for_load_state("networkidle")  # htmx loaded
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    expect(page.locator("#calculator .question")).to_have_count(QUESTIONS_SHOWN)
    page.click(f"text=显示全部 {total} 个问题")
    expect(page.locator("#calculator .question")).to_have_count(total)
    expect(page.locator("#possible li")).to_have_count(POSSIBLE_SHOWN)
    page.click(f"text=显示全部 {total} 项可能可申报的条款")
    expect(page.locator("#possible li")).to_have_count(total)
    # an answer from the opened list keeps it open
    page.locator("#calculator .question", has_text=f"第{total - 1}项条件").locator(
        "button[value='是']"
    ).click()
    expect(page.get_by_test_id("count-eligible")).to_have_text("1")
    expect(page.locator("#calculator .question")).to_have_count(total - 1)
    assert navigations == []
