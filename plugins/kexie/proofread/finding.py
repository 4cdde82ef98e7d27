"""What a rule finds, and the warning an editor reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.messages import Msg, render


@dataclass(frozen=True)
class Finding:
    """A rule's finding in one body: offsets into the body, the fix for [start, end) (None: no fix to show)."""

    start: int
    end: int
    fix: str | None
    kind: str
    key: str
    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, start: int, end: int, fix: str | None, kind: str, key: str, **values: Any) -> "Finding":
        return cls(start, end, fix, kind, key, tuple(values.items()))


@dataclass(frozen=True)
class Warning:
    """One line of the 校对单: file, line, column, class, message, the words around it and the fix."""

    path: str
    line: int | None
    column: int | None
    kind: str
    message: Msg
    context: str = ""
    fix: str = ""
    error: bool = False  # the house makes this class an error

    @property
    def where(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return render("report.where_line", path=self.path, line=self.line)
        return render("proof.where", path=self.path, line=self.line, column=self.column)

    @property
    def text(self) -> str:
        """The message with the words around it and the suggested fix."""
        text = render("proof.message", kind=kind_label(self.kind), message=self.message)
        if self.context and self.fix and self.fix != self.context:
            text += render("proof.context_fix", context=_one_line(self.context), fix=_one_line(self.fix))
        elif self.context:
            text += render("proof.context", context=_one_line(self.context))
        return text

    def __str__(self) -> str:
        return render("report.proof_line", where=self.where, text=self.text)


def kind_label(kind: str) -> str:
    return render(f"proof.kind_{kind}")


def _one_line(text: str) -> str:
    return text.replace("\x00", "").replace("\n", " ").strip()
