"""Query strings of filtered lists: a parameter or a value the list does not know is said, never
silently ignored. The API answers 400 (Chinese JSON, see ``api_errors``); pages show a notice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

# Parameters every list understands besides its filters: the page number and DRF's format override.
COMMON = ("page", "format")
SHOWN_CHARS = 30


def shown(value: str) -> str:
    """A value as quoted back to the user: short, on one line."""
    value = " ".join(str(value).split())
    return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"


def unknown_parameters(query: Mapping, known: Iterable[str]) -> list[str]:
    known = set(known) | set(COMMON)
    return [name for name in query if name not in known]


def unknown_parameter_message(name: str, known: Iterable[str]) -> str:
    names = "、".join(sorted(set(known)))
    available = f"可用的参数:{names}" if names else "该列表不支持筛选"
    return f"不支持的查询参数“{shown(name)}”。{available}。"


def form_errors(form) -> dict[str, list[str]]:
    """A Django form's or a DRF serializer's errors as {field: [message, ...]}."""
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def check_api_query(query: Mapping, known: Iterable[str], form=None) -> None:
    """Raise a 400 naming every unknown parameter and every invalid value (``form``, a bound Django
    form or DRF serializer over the query, validates the values)."""
    known = list(known)
    errors = {name: [unknown_parameter_message(name, known)] for name in unknown_parameters(query, known)}
    if form is not None and getattr(form, "is_bound", True) and not form.is_valid():
        errors.update(form_errors(form))
    if errors:
        raise ValidationError(errors)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend that refuses, on a list, query parameters that are neither a filter of
    the view's filterset nor ``view.query_parameters`` (nor the page number): a 400 instead of the
    whole list. An invalid value of a filter is a 400 already (django-filter's form). Only lists
    are filtered: ``/api/applications/5/?state=draft`` is application 5, whatever its state."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset  # one object by its id: list filters neither apply nor hide it (404)
        known = [*(getattr(view, "filterset_fields", None) or ()), *getattr(view, "query_parameters", ())]
        check_api_query(request.query_params, known)
        return super().filter_queryset(request, queryset, view)
