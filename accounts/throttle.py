"""Login throttling: failed sign-ins counted per account and per address in the shared cache.

Every entry point that authenticates a password (the login page, the token API, the Django admin)
goes through ``accounts.backends.ThrottledModelBackend``; a locked account or address is refused
before the password is checked, with a Chinese message that says when to try again.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The address the request came from (the proxy in front sets REMOTE_ADDR for gunicorn)."""
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR") or "unknown"


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode("utf-8", "replace")).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _limits(request, username: str | None) -> list[tuple[str, int, int]]:
    """(cache key, failures allowed, window seconds) for each counter that applies."""
    out = []
    if username:
        limit, window = settings.LOGIN_THROTTLE_ACCOUNT
        out.append((_key("account", username), limit, window))
    if request is not None:
        limit, window = settings.LOGIN_THROTTLE_ADDRESS
        out.append((_key("address", client_address(request)), limit, window))
    return out


def locked_message(request, username: str | None) -> str | None:
    """A Chinese refusal when the account or the address has used up its failures, else None."""
    now = time.time()
    for key, limit, window in _limits(request, username):
        entry = cache.get(key)
        if entry and entry["count"] >= limit:
            minutes = max(1, math.ceil((entry["since"] + window - now) / 60))
            return f"登录失败次数过多,已暂时锁定。请 {minutes} 分钟后再试,或联系管理员。"
    return None


def record_failure(request, username: str | None) -> None:
    """Count one failed sign-in against the account and the address (a fixed window per counter)."""
    now = time.time()
    for key, _limit, window in _limits(request, username):
        entry = cache.get(key) or {"count": 0, "since": now}
        if now - entry["since"] > window:
            entry = {"count": 0, "since": now}
        entry["count"] += 1
        cache.set(key, entry, timeout=int(entry["since"] + window - now) + 1)


def record_success(username: str) -> None:
    """A correct password clears the account's counter (never the address's)."""
    cache.delete(_key("account", username))
