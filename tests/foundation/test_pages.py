"""Roles, access to member pages, and the Chinese error pages."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.urls import reverse

from accounts.roles import Role

pytestmark = pytest.mark.django_db

MEMBER_PAGES = [
    "/me/",
    "/applications/",
    "/review/",
    "/ingest/",
    "/accounts/notifications/",
    "/accounts/password/",
]


def test_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/me/", {Role.ENTERPRISE}),
        ("/applications/", {Role.ENTERPRISE}),
        ("/review/", {Role.REVIEWER, Role.EXPERT, Role.ADMIN}),
        ("/ingest/", {Role.ADMIN}),
    ],
)
@pytest.mark.parametrize("role", list(Role))
def test_member_pages_follow_roles(client, make_user, url, allowed, role):
    client.force_login(make_user(role))
    response = client.get(url)
    if role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "无权访问" in response.content.decode()


@override_settings(DEBUG=False)
def test_404_page_is_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert "Traceback" not in body and "Page not found" not in body


@override_settings(DEBUG=False)
def test_500_page_is_chinese_without_traceback(settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("kaboom-secret-detail")

    import config.urls

    urlconf = type("U", (), {"urlpatterns": [path("boom/", boom)], "handler500": config.urls.handler500})
    settings.ROOT_URLCONF = urlconf
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器暂时出现问题" in body
    assert "kaboom-secret-detail" not in body and "Traceback" not in body


def test_navigation_shows_what_the_role_may_use(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    body = client.get("/").content.decode()
    assert "政策导入" in body and "我的企业" not in body
    client.force_login(make_user(Role.ENTERPRISE))
    body = client.get("/").content.decode()
    assert "我的企业" in body and "政策导入" not in body


def test_signup_creates_an_enterprise_user_and_company(client):
    data = {
        "username": "newco",
        "display_name": "李四",
        "email": "lisi@example.com",
        "phone": "138 1234 5678",
        "company_name": "北京新公司科技有限公司",
        "credit_code": "91110105MA01C8L437",
        "password1": "Zx9-long-password",
        "password2": "Zx9-long-password",
    }
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 302
    from accounts.models import User

    assert response.url == reverse("eligibility:profile")  # registered: straight to the profile
    user = User.objects.get(username="newco")
    assert (user.email, user.phone) == ("lisi@example.com", "13812345678")
    assert user.is_enterprise
    assert user.companies.get().credit_code == "91110105MA01C8L437"


def test_signup_rejects_a_bad_check_digit_and_keeps_the_form(client):
    data = {
        "username": "badco",
        "display_name": "张三",
        "company_name": "某公司",
        "credit_code": "91110105MA01C8L438",
        "password1": "Zx9-long-password",
        "password2": "Zx9-long-password",
    }
    response = client.post(reverse("accounts:signup"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "校验位不正确" in body
    assert 'value="某公司"' in body  # what was typed is kept


def test_login_page_is_chinese_and_logs_in(client, make_user):
    make_user(Role.ENTERPRISE, username="zhang")
    assert "登录" in client.get(reverse("accounts:login")).content.decode()
    response = client.post(reverse("accounts:login"), {"username": "zhang", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "zhang", "password": "test-pass-2026"})
    assert response.status_code == 302


def test_notifications_keep_their_line_breaks(client, make_user):
    from accounts.models import Notification

    user = make_user(Role.ENTERPRISE)
    Notification.objects.create(recipient=user, verb="new_match", title="新匹配", body="· 第一项\n· 第二项")
    client.force_login(user)
    assert "· 第一项<br>· 第二项" in client.get(reverse("accounts:notifications")).content.decode()


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
