"""Content problems: one format for every message an editor reads.

A problem names the file, the line (when known) and the field as written,
what was found and what is expected.  Its text comes from the message
catalogue (``messages.py``):
``issues/2023-02/li-weirong.md 第4行 section（栏目）：“创新达人x”不是已有栏目；是否想写“创新达人”？``
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .messages import Msg, field_label, render


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str | None
    message: Msg

    @property
    def where(self) -> str:
        return self.path if self.line is None else render("report.where_line", path=self.path, line=self.line)

    def __str__(self) -> str:
        if self.field:
            return render("report.problem", where=self.where, field=field_label(self.field), message=self.message)
        return render("report.problem_nofield", where=self.where, message=self.message)


class ContentError(Exception):
    """Raised with every problem of a build, never just the first one."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join([render("report.head", n=len(self.problems)), *("  " + str(p) for p in self.problems)])


def sort_key(p: Problem):
    return (p.path, p.line or 0, p.field or "", str(p.message))


@dataclass
class Problems:
    """Collects problems while loading; callers keep going after each one."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int | None, field: str | None, key: str, /, **values: Any) -> None:
        self.items.append(Problem(path, line, field, Msg(key, **values)))

    def __bool__(self) -> bool:
        return bool(self.items)

    def about(self, path: str) -> bool:
        """Whether any problem names ``path``."""
        return any(p.path == path for p in self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)


def suggest(name: str, known: list[str], n: int = 3) -> Msg:
    """'did you mean …' for an unknown name, or the list of known names."""
    close = difflib.get_close_matches(name, known, n=n, cutoff=0.4)
    if close:
        return Msg("suggest.close", names=close)
    if not known:
        return Msg("suggest.none")
    return Msg("suggest.known", names=[*known[:12], *(["…"] if len(known) > 12 else [])])
