"""Content problems: one format for every message an editor reads.

A problem names the file, the line (when known) and the field, what was
found and what is expected:  ``issues/2023-02/li-weirong.md:4: section: …``
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class ContentError(Exception):
    """Raised with every problem of a build, never just the first one."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"内容检查发现 {n} 个问题 (content check found {n} problem{'s' if n != 1 else ''}):"
        return "\n".join([head, *("  " + str(p) for p in self.problems)])


def _sort_key(p: Problem):
    return (p.path, p.line or 0, p.field or "", p.message)


@dataclass
class Problems:
    """Collects problems while loading; callers keep going after each one."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int | None, field: str | None, message: str) -> None:
        self.items.append(Problem(path, line, field, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)


def suggest(name: str, known: list[str], n: int = 3) -> str:
    """'did you mean …' text for an unknown name, or the list of known names."""
    close = difflib.get_close_matches(name, known, n=n, cutoff=0.4)
    if close:
        return "did you mean " + ", ".join(f"'{c}'" for c in close) + "?"
    shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    return f"known: {shown}" if known else "none are defined yet"
