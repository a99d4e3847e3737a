"""Create (or update the password of) the first portal administrator of a production stack.

The password comes from DJANGO_ADMIN_PASSWORD, or is asked for twice on a terminal; it must pass
the password validators. Nothing is created with a known password.
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role


class Command(BaseCommand):
    help = "创建首个管理员账户(密码取自 DJANGO_ADMIN_PASSWORD,或在终端输入两次)。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_ADMIN_USERNAME", "admin"))
        parser.add_argument("--email", default=os.environ.get("DJANGO_ADMIN_EMAIL", ""))
        parser.add_argument(
            "--reset-password", action="store_true", help="账户已存在时改为新密码(默认不改动已有账户)"
        )

    def handle(self, *args, username: str, email: str, reset_password: bool, **options) -> None:
        existing = User.objects.filter(username=username).first()
        if existing and not reset_password:
            self.stdout.write(f"管理员 {username} 已存在,未作改动(改密码请加 --reset-password)。")
            return
        password = os.environ.get("DJANGO_ADMIN_PASSWORD") or self._ask()
        candidate = existing or User(username=username, email=email)
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError("密码不符合要求:" + ";".join(exc.messages)) from exc
        with transaction.atomic():
            user = candidate
            user.is_staff = user.is_superuser = user.is_active = True
            if email:
                user.email = email
            user.set_password(password)
            user.save()
            user_grant_role(user, Role.ADMIN)
        self.stdout.write(self.style.SUCCESS(f"管理员 {username} 已{'更新' if existing else '创建'}。"))

    def _ask(self) -> str:
        if not os.isatty(0):
            raise CommandError("未设置 DJANGO_ADMIN_PASSWORD,且没有终端可以输入密码。")
        first = getpass.getpass("密码: ")
        if first != getpass.getpass("再次输入密码: "):
            raise CommandError("两次输入的密码不一致。")
        return first
