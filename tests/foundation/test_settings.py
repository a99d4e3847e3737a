"""Settings come from the environment as DESIGN.md "Running" names them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'redis': s.REDIS_URL, "
    "'broker': s.CELERY_BROKER_URL, 'secret': s.SECRET_KEY, 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE}))"
)
NAMES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' fixture, never in deployment
)


def probe(**env: str) -> dict:
    """Settings as a fresh process sees them under exactly this environment."""
    base = {k: v for k, v in os.environ.items() if k not in NAMES}
    base["DJANGO_SETTINGS_MODULE"] = "config.settings"
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_defaults_are_sqlite_and_eager_tasks():
    s = probe()
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"].endswith("db.sqlite3")
    assert s["eager"] is True
    assert s["redis"] == ""
    assert s["debug"] is True
    assert (s["lang"], s["tz"]) == ("zh-hans", "Asia/Shanghai")


def test_environment_is_honoured():
    s = probe(
        DATABASE_URL="postgres://u:p@db.example:5433/huiqi_x",
        REDIS_URL="redis://cache.example:6380/2",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="s3cret-from-env",
        DJANGO_ALLOWED_HOSTS="a.example,b.example",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["name"] == "huiqi_x"
    assert s["debug"] is False
    assert s["secret"] == "s3cret-from-env"
    assert s["hosts"] == ["a.example", "b.example"]
    assert s["redis"] == s["broker"] == "redis://cache.example:6380/2"
    assert s["eager"] is False  # a broker is configured: a worker runs the tasks


def test_eager_can_be_forced_with_redis():
    assert probe(REDIS_URL="redis://x:6379/0", CELERY_TASK_ALWAYS_EAGER="true")["eager"] is True


def test_production_requires_a_secret_key():
    with pytest.raises(subprocess.CalledProcessError):
        probe(DJANGO_DEBUG="false")


def test_sqlite_default_migrates(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in NAMES}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "db.sqlite3").stat().st_size > 0


def test_deploy_check_is_clean_in_production():
    env = {k: v for k, v in os.environ.items() if k not in NAMES}
    env.update(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 20 + "-a-long-random-production-secret-0123456789"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr + out.stdout


@pytest.mark.django_db
def test_suite_runs_on_the_configured_database():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
