"""How text and queries are cut into index tokens (mirrored in the reader's browser).

Chinese has no spaces, and readers type parts of words (合金 for 镁合金, 卫荣 for
李卫荣), so a dictionary segmenter loses recall. We use the classic answer
(Lucene's CJK analyser): every Han character and every overlapping pair of
Han characters is a token; a phrase of n ≥ 2 characters is found by its n-1
pairs and then checked against the text. Latin letters and digits form
words. Folding (A→a, full-width ASCII → ASCII) maps one character to one, so
positions in folded text are positions in the original.

`kexie-search.js` implements `fold` and `terms` the same way; a test runs both
on the same strings.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]+")
# A term of a query or of the text: a run of Han characters or of [0-9a-z].
TERM = re.compile(f"[{HAN}]+|[0-9a-z]+")

MAX_WORD = 32  # longer Latin/digit words are indexed by their first 32 characters
MAX_NAME = 80  # a name key holds at most this many characters (its length is one byte in a shard)

_FOLD = {c: c + 0x20 for c in range(0x41, 0x5B)}  # A-Z → a-z
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})  # ０-９
_FOLD.update({c: c - 0xFEE0 + 0x20 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ


def fold(text: str) -> str:
    """Lower-case ASCII and full-width letters/digits, one character for one."""
    return text.translate(_FOLD)


def terms(text: str) -> list[str]:
    """The distinct terms of a text or query, in order: Han runs and Latin/digit words."""
    return list(dict.fromkeys(TERM.findall(fold(text))))


def term_tokens(term: str) -> list[str]:
    """Tokens a term is looked up by: its Han pairs (or the one character), or the word."""
    if len(term) >= 2 and HAN_RUN.fullmatch(term):
        return [term[i: i + 2] for i in range(len(term) - 1)]
    return [term[:MAX_WORD]]


def name_key(name: str) -> str:
    """The token of a whole name or title: a query equal to it finds its page first."""
    return "=" + " ".join(terms(name))[:MAX_NAME]
