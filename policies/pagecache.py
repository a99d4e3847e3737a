"""Shared parts of the policy pages, cached (Django's cache: Redis when REDIS_URL is set).

Only what is the same for everyone who asks is cached: the library's results for one query string,
and one policy's page for one kind of visitor (anonymous, enterprise, other signed-in, staff). The
pieces are rendered without the request, so nothing of a user (name, CSRF token, notifications)
can get in; the page around them is rendered per request. Every saved or deleted policy, clause,
benefit or office starts a new generation (at once and when its transaction commits), so a publish, unpublish,
supersede or edit shows at once; the date is part of the key (validity and application windows
change with it), and entries expire anyway.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)
PAGE_SECONDS = 300
# A lost or expired generation only means a new one (every page rebuilt once); kept a day so that
# short-lived prefixes (one per test) do not pile up in Redis.
GENERATION_SECONDS = 24 * 3600
_GENERATION = "policies:pages:generation"


def generation() -> str:
    """The current generation of the policy pages (a new one after each change)."""
    value = cache.get(_GENERATION)
    if value is None:
        value = uuid.uuid4().hex
        if not cache.add(_GENERATION, value, GENERATION_SECONDS):
            value = cache.get(_GENERATION) or value
    return value


def _new_generation() -> None:
    try:
        cache.set(_GENERATION, uuid.uuid4().hex, GENERATION_SECONDS)
    except Exception:  # the cache is down: a change is never refused for it; entries expire
        logger.warning("policy page cache unavailable: generation not renewed", exc_info=True)


def pages_changed() -> None:
    """The policy pages changed: a new generation now, and again once the transaction commits (a
    page built meanwhile by another request, from the data before the commit, is dropped too)."""
    _new_generation()
    transaction.on_commit(_new_generation)


def key(kind: str, *parts: Any) -> str:
    """A cache key of the date for one variant of one page (the generation is stored with the value)."""
    from applications import clock

    raw = "\x1f".join(str(p) for p in (kind, timezone.localdate(), clock.today(), *parts))
    return f"policies:page:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached(kind: str, parts: tuple, build: Callable[[], Any]) -> Any:
    """The cached value of one variant of a page, or build() stored for PAGE_SECONDS. The value is kept
    with the generation it was built in and read with the current generation in one round trip; a
    value of another generation is built again. A cache that is down only costs speed: the page is
    built every time."""
    try:
        cache_key = key(kind, *parts)
        found = cache.get_many([_GENERATION, cache_key])
        current = found.get(_GENERATION) or generation()
    except Exception:
        logger.warning("policy page cache unavailable", exc_info=True)
        return build()
    entry = found.get(cache_key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current:
        return entry[1]
    value = build()
    try:
        cache.set(cache_key, (current, value), PAGE_SECONDS)
    except Exception:
        logger.warning("policy page cache unavailable", exc_info=True)
    return value


def render_shared(template: str, context: dict, request: HttpRequest) -> str:
    """A template rendered for a stand-in request that has only the path and the query string of the
    real one and an anonymous user: nothing of the visitor can reach a shared piece."""
    stand_in = HttpRequest()
    stand_in.method = "GET"
    stand_in.path = stand_in.path_info = request.path
    stand_in.GET = request.GET.copy()
    stand_in.META = {"SERVER_NAME": request.META.get("SERVER_NAME", ""), "SERVER_PORT": "80"}
    stand_in.user = AnonymousUser()
    return render_to_string(template, context, request=stand_in)


def query_key(query) -> str:
    """A query string's parameters in a stable order (a QueryDict or a mapping of lists)."""
    return urlencode(sorted((k, v) for k in query for v in query.getlist(k)))
