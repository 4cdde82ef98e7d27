"""The prose of a Markdown body: what a proofreader reads, with where it sits.

Everything that is not running text is masked (replaced by ``MASK``, line
breaks kept), so offsets in the masked text are offsets in the body: code
blocks and spans, HTML tags and their attributes, images, link targets and
reference definitions, bare web addresses, attribute lists ``{: … }`` and
HTML entities.  A rule never sees a URL, and a mask breaks every run of
characters (天](url)天 is no doubling).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MASK = "\x00"
HAN = "\u4e00-\u9fff\u3400-\u4dbf"
HAN_CHAR = re.compile(f"[{HAN}]")

_CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$|`+[^`\n]*`+", re.M | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<(?:https?|mailto):[^>\s]*>")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
_LINK_TARGET = re.compile(r"\]\((?:<[^>\n]*>|[^)\s]*)(?:\s+\"[^\"\n]*\")?\)|\]\[[^\]\n]*\]")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.M)
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()（）\u3000-\u303f\uff00-\uffef" + HAN + r"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_ATTRS = re.compile(r"\{:?[^{}\n]*\}[ \t]*$", re.M)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
_FOOTNOTE = re.compile(r"\[\^[^\]\n]+\]:?")
MASKED = (_CODE, _COMMENT, _TAG, _IMAGE, _LINK_TARGET, _REFERENCE, _URL, _ATTRS, _ENTITY, _FOOTNOTE)


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", MASK, m.group())


def mask(body: str) -> str:
    """``body`` with everything but running text replaced by ``MASK`` (same length, same lines)."""
    text = body
    for pattern in MASKED:
        text = pattern.sub(_blank, text)
    # the opening bracket of a link: [天津市科协](…) reads as 天津市科协
    return re.sub(r"(?<!\\)\[(?=[^\]\n]*\x00)", MASK, text)


@dataclass
class Prose:
    """One file's body and its masked text, with a way from offsets to lines and columns."""

    path: str
    body: str
    first_line: int  # the file's line where the body starts (after front matter)
    text: str = ""

    def __post_init__(self) -> None:
        self.text = self.text or mask(self.body)
        self._starts = [0] + [m.end() for m in re.finditer("\n", self.body)]

    def where(self, offset: int) -> tuple[int, int]:
        """(line in the file, column from 1) of a body offset."""
        row = bisect.bisect_right(self._starts, offset) - 1
        return self.first_line + row, offset - self._starts[row] + 1

    def around(self, start: int, end: int, fix: str | None, width: int = 8) -> tuple[str, str]:
        """The words around [start, end) on its line, and the same with ``fix`` in place."""
        row = bisect.bisect_right(self._starts, start) - 1
        line_start = self._starts[row]
        line_end = self.body.find("\n", start)
        line_end = len(self.body) if line_end < 0 else line_end
        a, b = max(line_start, start - width), min(line_end, max(end, start) + width)
        before, found, after = self.body[a:start], self.body[start:end], self.body[end:b]
        return before + found + after, (before + fix + after) if fix is not None else ""
