"""Clause tags: jieba segmentation with the domain dictionary shipped in data/."""

from __future__ import annotations

import bisect
import logging
import os
import threading
import warnings
from collections import Counter
from pathlib import Path

with warnings.catch_warnings():
    # jieba 0.42's sources hold regex strings Python 3.12 warns about when it compiles them
    warnings.simplefilter("ignore", SyntaxWarning)
    import jieba

DICT_PATH = Path(__file__).with_name("data") / "domain_dict.txt"
TAG_CATEGORIES = frozenset({"ind", "qual", "topic"})
MAX_TAGS = 8

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_lexicon: dict[str, str] | None = None


def cache_dir() -> Path:
    """A directory the application owns for jieba's dictionary cache (HUIQI_CACHE_DIR or var/cache)."""
    env = os.environ.get("HUIQI_CACHE_DIR")
    base = Path(env) if env else Path(__file__).resolve().parents[2] / "var" / "cache"
    path = base / "jieba"
    path.mkdir(parents=True, exist_ok=True)
    return path


def lexicon() -> dict[str, str]:
    """The domain dictionary: word -> category (ind, qual, topic, place)."""
    global _lexicon
    if _lexicon is None:
        words: dict[str, str] = {}
        with DICT_PATH.open(encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    words[parts[0]] = parts[2]
        _lexicon = words
    return _lexicon


def tokenizer() -> jieba.Tokenizer:
    """The process-wide jieba tokenizer, initialised once with its cache in our directory and our words."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.tmp_dir = str(cache_dir())
                tk.initialize()
                tk.load_userdict(str(DICT_PATH))
                _tokenizer = tk
    return _tokenizer


def segment(text: str) -> list[str]:
    """Words of text; our dictionary's words win (HMM off)."""
    return tokenizer().lcut(text, HMM=False)


class Tagger:
    """Domain words of one policy body with their offsets, so each clause's tags are a range lookup."""

    def __init__(self, hits: list[tuple[int, str]]) -> None:
        self._starts = [s for s, _ in hits]
        self._words = [w for _, w in hits]

    @classmethod
    def for_span(cls, text: str, start: int, end: int) -> Tagger:
        """Segment text[start:end] once and keep the domain words."""
        lex = lexicon()
        hits = [
            (start + s, w)
            for w, s, _ in tokenizer().tokenize(text[start:end], HMM=False)
            if lex.get(w) in TAG_CATEGORIES
        ]
        return cls(hits)

    def tags(self, start: int, end: int) -> list[str]:
        """Domain words in [start, end), most frequent first."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        words = self._words[lo:hi]
        if not words:
            return []
        first = {}
        for i, w in enumerate(words):
            first.setdefault(w, i)
        counts = Counter(words)
        return sorted(counts, key=lambda w: (-counts[w], first[w]))[:MAX_TAGS]
