"""Normalised policy titles, used to recognise a new version of a policy already held."""

import re
import unicodedata

_DROP = re.compile(r"[\s\u3000《》“”\"'·,,。:;、()()\[\]【】〔〕<>—\-_]")


def title_key(title: str | None) -> str:
    """Width-folded title without spaces and punctuation: 《若干措施》(试行) -> 若干措施试行."""
    if not title:
        return ""
    return _DROP.sub("", unicodedata.normalize("NFKC", title))[:300]
