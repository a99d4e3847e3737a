"""At 390 px wide no page scrolls sideways: the navigation wraps and tables scroll inside themselves."""

import pytest

from accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_fit_a_phone_screen(live_server, page, make_user, sign_in):
    admin = make_user(Role.ADMIN, username="narrow-admin")
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(admin.username, "/ingest/")
    for path in ("/ingest/", "/", "/policies/", "/review/"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} 宽 {width}px"
        nav = page.locator("nav.main-nav a").first.bounding_box()
        assert nav["height"] < 40, f"{path} 导航文字被挤成竖排"
    page.goto(f"{live_server.url}/ingest/")
    page.click("form[enctype] button[type=submit]")
    assert page.locator(".file-names").inner_text() == "请先选择要上传的文件"
