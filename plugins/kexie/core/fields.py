"""Typed reading of one YAML mapping, reporting every bad field.

Each getter returns a clean value (or a default) and records a problem
instead of raising, so one bad field never hides the next one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .problems import Problems, suggest
from .source import Mapping

# Characters XML 1.0 cannot hold; they break feeds and sitemaps.
ILLEGAL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MAX_TEXT = 300


def describe(value: Any) -> str:
    """How an editor would call the value they wrote."""
    if isinstance(value, bool):
        return f"{'yes/true' if value else 'no/false'} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"{value} (a number)"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.isoformat()} (a date)"
    if isinstance(value, Mapping):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


class Fields:
    def __init__(self, path: str, mapping: Mapping, problems: Problems, what: str = ""):
        self.path, self.mapping, self.problems, self.what = path, mapping, problems, what

    def _problem(self, key: str, message: str) -> None:
        field = f"{self.what}{key}" if self.what else key
        self.problems.add(self.path, self.mapping.line(key), field, message)

    def has(self, key: str) -> bool:
        return self.mapping.data.get(key) not in (None, "", [])

    def raw(self, key: str) -> Any:
        return self.mapping.data.get(key)

    def text(self, key: str, required: bool = False, example: str = "", max_len: int = MAX_TEXT, default: str = "") -> str:
        value = self.mapping.data.get(key)
        if value is None or value == "":
            if required:
                self._problem(key, f"is missing; expected text{_eg(key, example)}")
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key in ("issue", "id", "slug"):
            self._problem(key, f"found {describe(value)}; expected text in quotes{_eg(key, example)} (YAML reads 010 as 8 and 2023-02 unquoted may change)")
            return default
        if isinstance(value, (bool, Mapping, list, dt.date)) or value is None:
            self._problem(key, f"found {describe(value)}; expected text{_eg(key, example)}")
            return default
        value = str(value).strip()
        if not self.clean(key, value):
            return default
        if max_len and len(value) > max_len:
            self._problem(key, f"is {len(value)} characters long; at most {max_len} are allowed")
            return value[:max_len]
        return value

    def clean(self, key: str, value: str) -> bool:
        bad = ILLEGAL_CHARS.search(value)
        if bad:
            self._problem(key, f"contains the invisible control character U+{ord(bad.group()):04X}; delete it")
            return False
        return True

    def positive_int(self, key: str, required: bool = False, example: str = "") -> int | None:
        value = self.mapping.data.get(key)
        if value is None or value == "":
            if required:
                self._problem(key, f"is missing; expected a whole number{_eg(key, example)}")
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self._problem(key, f"found {describe(value)}; expected a positive whole number written in digits{_eg(key, example)}")
            return None
        return value

    def date(self, key: str, required: bool = False, example: str = "2023-04-30") -> dt.date | None:
        value = self.mapping.data.get(key)
        if value is None or value == "":
            if required:
                self._problem(key, f"is missing; expected a date like {key}: {example}")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self._problem(key, f"found {describe(value)}; expected a date written as YYYY-MM-DD, e.g. {key}: {example}")
        return None

    def text_list(self, key: str, example: str = "") -> list[str]:
        """A list of names; a single name is accepted as a one-item list."""
        value = self.mapping.data.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self._problem(key, f"found {describe(value)}; expected a list{_eg(key, example)}")
            return []
        out = []
        for item in value:
            if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                if self.clean(key, str(item)):
                    out.append(str(item).strip())
            else:
                self._problem(key, f"has an item {describe(item)}; expected names as text{_eg(key, example)}")
        return out

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(key, default=default)
        if value not in choices:
            self._problem(key, f"found '{value}'; expected one of: {', '.join(choices)}")
            return default
        return value

    def unknown(self, allowed: set[str]) -> None:
        for key in self.mapping.data:
            if key not in allowed:
                self._problem(key, f"is not a field we know; {suggest(key, sorted(allowed))}")


def _eg(key: str, example: str) -> str:
    return f", e.g. {key}: {example}" if example else ""
