"""Offset maps: for every character of a derived text, the index of its source character."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mapped:
    """A derived text and its map into the source (len(text) + 1 entries; the last is len(source))."""

    text: str
    offsets: list[int]

    def orig_offset(self, i: int) -> int:
        """The source index of derived index i (i may equal len(text))."""
        return self.offsets[i]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span [a, b) covering the derived span [start, end)."""
        if end <= start:
            a = self.offsets[start]
            return a, a
        return self.offsets[start], self.offsets[end - 1] + 1


class Builder:
    """Builds a derived text piece by piece while recording where each piece came from."""

    def __init__(self, source: str):
        self.source = source
        self._parts: list[str] = []
        self._map: list[int] = []

    def keep(self, start: int, end: int) -> None:
        """Copy source[start:end] unchanged."""
        if end <= start:
            return
        self._parts.append(self.source[start:end])
        self._map.extend(range(start, end))

    def replace(self, text: str, start: int, end: int) -> None:
        """Emit `text` in place of source[start:end] (spread proportionally over the source span)."""
        n = len(text)
        if not n:
            return
        width = max(end - start, 1)
        self._parts.append(text)
        last = max(start, end - 1)
        self._map.extend(min(start + (j * width) // n, last) for j in range(n))

    def extend(self, text: str, offsets: list[int]) -> None:
        """Emit `text` whose characters come from the given source indices."""
        self._parts.append(text)
        self._map.extend(offsets[: len(text)])

    def build(self) -> Mapped:
        """The finished text and its map."""
        return Mapped("".join(self._parts), [*self._map, len(self.source)])


def identity(text: str) -> Mapped:
    """A text mapped onto itself."""
    return Mapped(text, list(range(len(text) + 1)))


def compose(outer: list[int], inner: list[int]) -> list[int]:
    """Map through `outer` (derived -> middle) then `inner` (middle -> source)."""
    return [inner[i] for i in outer]


def chain(first: Mapped, second: Mapped) -> Mapped:
    """`second` was derived from `first.text`; return `second` mapped onto first's source."""
    return Mapped(second.text, compose(second.offsets, first.offsets))
