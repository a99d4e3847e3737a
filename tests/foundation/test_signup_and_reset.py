"""Sign-up checks the phone number; 忘记密码 mails a link (Chinese) that sets a new password;
scripts/serve prints the address it really serves."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from accounts.phones import InvalidPhone, normalise_phone

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("010-12345678", "010-12345678"),
        ("(010) 8765 4321", "010-87654321"),
        ("0431-81335626", "0431-81335626"),
        ("021 6123 4567 转 123", "021-61234567-123"),
        ("", ""),
    ],
)
def test_mainland_numbers_are_normalised(text, expected):
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    "text", ["12345", "12812345678", "1381234567", "138123456789", "010-123", "0001234567", "电话"]
)
def test_other_numbers_are_refused(text):
    with pytest.raises(InvalidPhone, match="手机号"):
        normalise_phone(text)


SIGNUP = {
    "username": "newco",
    "display_name": "李四",
    "email": "lisi@example.com",
    "company_name": "北京新公司科技有限公司",
    "credit_code": "91110105MA01C8L437",
    "password1": "Zx9-long-password",
    "password2": "Zx9-long-password",
}


@pytest.mark.django_db
def test_signup_refuses_a_short_phone_and_keeps_the_form(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "phone": "12345"})
    body = response.content.decode()
    assert response.status_code == 200 and "请填写正确的手机号" in body and 'value="12345"' in body


@pytest.mark.django_db
def test_forgotten_password_is_reset_by_mail(client, make_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = make_user("enterprise", username="wang", email="wang@example.com", display_name="王经理")
    login = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in login and "忘记密码" in login
    response = client.post(reverse("accounts:password_reset"), {"email": "wang@example.com"}, follow=True)
    assert "邮件已发送" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "惠企政策匹配平台:重设密码" and "王经理" in message.body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "设置新密码" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "New-long-pass-2026", "new_password2": "New-long-pass-2026"},
        follow=True,
    )
    assert "密码已重设" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("New-long-pass-2026")
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "链接无效或已过期" in again
    # An unknown address gets the same page and no mail (no account discovery).
    client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("port", "url", "addr"),
    [
        ("", "http://127.0.0.1:8000", "127.0.0.1:8000"),
        ("8765", "http://127.0.0.1:8765", "127.0.0.1:8765"),
        ("0.0.0.0:9001", "http://127.0.0.1:9001", "0.0.0.0:9001"),
    ],
)
def test_serve_prints_the_port_it_serves(tmp_path, port, url, addr):
    """Run scripts/serve with stand-ins for bootstrap and python: it prints the URL of PORT."""
    fake = tmp_path / "repo"
    (fake / "scripts").mkdir(parents=True)
    (fake / ".venv" / "bin").mkdir(parents=True)
    (fake / "scripts" / "serve").write_text((ROOT / "scripts" / "serve").read_text())
    (fake / "scripts" / "bootstrap.sh").write_text('cd "$(dirname "$0")/.."\n')
    python = fake / ".venv" / "bin" / "python"
    python.write_text('#!/bin/sh\necho "python $*"\n')
    python.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "PORT": port} if port else {"PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        ["bash", str(fake / "scripts" / "serve")],
        cwd=fake,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"已启动: {url} " in out
    assert f"python manage.py runserver {addr}" in out
