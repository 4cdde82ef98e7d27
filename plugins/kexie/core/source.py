"""Reading editors' files: text decoding, front matter and YAML with line numbers.

We parse front matter ourselves because MkDocs' ``get_data`` silently drops
YAML errors, and because editors need the line of every bad field.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import slips
from .messages import Msg, os_reason

try:  # the C parser is much faster on thousands of articles
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 5 * 1024 * 1024
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


# Characters XML 1.0 cannot hold; they break feeds and sitemaps (NUL among them).
ILLEGAL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MAX_DEPTH = 10  # content needs 4 levels (masthead → entry → names); deeper is an accident or an attack
KEY_ON_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:")


class SourceError(Exception):
    """A file cannot be read at all; ``line`` is 1-based when known."""

    def __init__(self, key: str, line: int | None = None, field: str | None = None, /, **values):
        self.message = Msg(key, **values)
        super().__init__(str(self.message))
        self.line, self.field = line, field
        self.also: list[SourceError] = []  # further problems of the same file (keyboard slips)

    def report(self, problems, path: str) -> None:
        for e in (self, *self.also):
            problems.add(path, e.line, e.field, e.message.key, **dict(e.message.values))


@dataclass
class Mapping:
    """A YAML mapping with the 1-based line of each key."""

    data: dict[str, Any]
    lines: dict[str, int]
    start_line: int = 1
    # What the editor wrote, for unquoted values YAML turned into another type (title: 3.10
    # is 3.1, yes is True, 2023-10-01 a date): the text of a scalar, or of each item of a list
    # (None for items that are text already).  Text fields take this; numbers and dates do not.
    written: dict[str, Any] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # the line of each item of a list value

    def line(self, key: str) -> int:
        return self.lines.get(key, self.start_line)

    def item_line(self, key: str, n: int) -> int:
        lines = self.item_lines.get(key, [])
        return lines[n] if n < len(lines) else self.line(key)


def read_text(path: Path) -> str:
    """UTF-8 text with BOM removed and line endings normalised."""
    if path.is_dir():
        raise SourceError("source.is_folder", suffix=path.suffix)
    if path.exists() and not path.is_file():
        raise SourceError("source.not_regular")  # opening a pipe would block the build
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError("source.too_big", size=f"{size / 1048576:.1f}", limit=MAX_FILE_BYTES // 1048576)
        raw = path.read_bytes()
    except (PermissionError, IsADirectoryError) as e:
        raise SourceError("source.unreadable", reason=os_reason(e)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SourceError("source.not_utf8", line, byte=f"{raw[e.start]:02x}", offset=e.start) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, 1-based line where the body starts)."""
    m = FRONT_MATTER.match(text)
    if not m:
        if text.startswith("---"):
            raise SourceError("source.front_matter_unclosed", 1)
        return None, text, 1
    return m.group(1) or "", text[m.end():], text[: m.end()].count("\n") + 1


@functools.lru_cache(maxsize=50_000)
def parse_yaml(text: str, first_line: int = 1) -> Any:
    """Parse YAML into plain data; mappings become ``Mapping`` with key lines.

    Aliases are refused: they are never needed in content and an alias bomb
    would expand into gigabytes while we walk the data.

    Cached by text, so `mkdocs serve` rebuilds re-parse only what changed;
    callers must treat the result as read-only.
    """
    rows = text.split("\n")
    for n, row in enumerate(rows):
        if "\t" in row[: len(row) - len(row.lstrip())]:
            raise SourceError("yaml.tab", first_line + n)
        if bad := ILLEGAL_CHARS.search(row):  # YAML would name an offset in "<unicode string>"
            raise SourceError("yaml.control_char", first_line + n, _key_of(rows, n), code=f"{ord(bad.group()):04X}")
    loader = _BaseLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as e:
        mark, problem = explain(e, rows)
        context = getattr(e, "context_mark", None)
        if slip := slips.in_rows(rows, mark.line if mark else None, context.line if context else None):
            raise _slip_error(slip, first_line) from None  # the line that made YAML fail, not where it gave up
        raise SourceError("yaml.syntax", first_line + mark.line if mark else None, column=mark.column + 1 if mark else 1, problem=problem) from None
    except RecursionError:
        raise SourceError("yaml.too_deep", first_line, limit=MAX_DEPTH) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    if found := slips.in_tree(node, rows):  # read without complaint, but not as the editor meant
        error = _slip_error(found[0], first_line)
        error.also = [_slip_error(s, first_line) for s in found[1:]]
        raise error
    return _to_data(node, first_line, set(), 0)


def _slip_error(slip: slips.Slip, first_line: int) -> SourceError:
    return SourceError(slip.key, first_line + slip.row, slip.field, **slip.values)


# PyYAML's (and libyaml's) words for what it found → catalogue keys; True: the context mark
# (where the quote or key began) points at the editor's mistake better than where PyYAML gave up.
YAML_PROBLEMS = [
    (re.compile(r"mapping values are not allowed"), "colon_in_value", False),
    (re.compile(r"could not find expected ':'"), "no_colon", True),
    (re.compile(r"found unexpected end of stream|found unexpected document (?:separator|indicator)"), "unclosed_quote", True),
    (re.compile(r"that cannot start any token"), "bad_start", False),
    (re.compile(r"expected ',' or '\]'|did not find expected ',' or '\]'"), "flow_list", True),
    (re.compile(r"expected ',' or '\}'|did not find expected ',' or '\}'"), "flow_map", True),
    (re.compile(r"unknown escape character"), "escape", False),
    (re.compile(r"single document|another document"), "two_documents", False),
    (re.compile(r"alias|anchor|alphabetic or numeric character"), "alias", False),
    (re.compile(r"could not determine a constructor for the tag"), "tag", False),
    (re.compile(r"base64"), "base64", False),
    (re.compile(r"expected key|expected <block end>|expected <document start>|expected '-' indicator|violates indentation|not allowed in this context|"
                r"expected node content|expected the node content"), "indent", False),
]


def explain(error: yaml.YAMLError, rows: list[str]) -> tuple[Any, Msg]:
    """(mark, Msg) for a PyYAML error: where, and what it means in the reader's language."""
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    problem_mark, context_mark = getattr(error, "problem_mark", None), getattr(error, "context_mark", None)
    for pattern, key, at_context in YAML_PROBLEMS:
        if pattern.search(problem):
            if key == "unclosed_quote" and "quoted scalar" not in context:
                key, at_context = "indent", False
            mark = (context_mark if at_context else None) or problem_mark or context_mark
            values: dict[str, Any] = {}
            if key == "bad_start":
                row = rows[mark.line] if mark and mark.line < len(rows) else ""
                values["char"] = row[mark.column] if mark and mark.column < len(row) else "?"
            if key == "tag":
                values["tag"] = (re.search(r"'([^']*)'", problem) or re.search(r"(\S+)$", problem)).group(1).replace("tag:yaml.org,2002:", "!!")
            return mark, Msg(f"yaml_problem.{key}", **values)
    return problem_mark or context_mark, Msg("yaml_problem.other")


def _key_of(rows: list[str], n: int) -> str | None:
    """The field a line belongs to: its own key, or the nearest key above it."""
    for row in reversed(rows[: n + 1]):
        if m := KEY_ON_LINE.match(row):
            return m.group(1)
    return None


def _to_data(node: yaml.Node, first_line: int, seen: set[int], depth: int) -> Any:
    line = first_line + node.start_mark.line
    if id(node) in seen:
        raise SourceError("yaml.alias", line)
    if depth > MAX_DEPTH:
        raise SourceError("yaml.too_deep", line, limit=MAX_DEPTH)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        data, lines, written, item_lines = {}, {}, {}, {}
        for key_node, value_node in node.value:
            key_line = first_line + key_node.start_mark.line
            key = _to_data(key_node, first_line, seen, depth + 1)
            if isinstance(key, (Mapping, list, bytes, set)):
                raise SourceError("yaml.key_not_word", key_line)
            key = _written(key_node, key) or str(key)
            if key == "<<":
                raise SourceError("yaml.merge", key_line)
            if key in data:  # YAML lets the later win silently: a lost person: line
                raise SourceError("yaml.duplicate_key", key_line, key, key=key, first=lines[key], line=key_line)
            data[key] = value = _to_data(value_node, first_line, seen, depth + 1)
            lines[key] = key_line
            if isinstance(value_node, yaml.SequenceNode):
                item_lines[key] = [first_line + item.start_mark.line for item in value_node.value]
                items = [_written(item, v) for item, v in zip(value_node.value, value)]
                if any(items):
                    written[key] = items
            elif text := _written(value_node, value):
                written[key] = text
        return Mapping(data, lines, line, written, item_lines)
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(child, first_line, seen, depth + 1) for child in node.value]
    return _scalar(node, line)


_scalar_loader = yaml.SafeLoader("")
# Types YAML gives an unquoted value by its look; an explicit tag (!!binary) is the editor's choice.
IMPLICIT_TYPES = {f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "timestamp")}


def _written(node: yaml.Node, value: Any) -> str | None:
    """The text of an unquoted scalar YAML read as a number, yes/no or a date; else None."""
    if isinstance(node, yaml.ScalarNode) and not node.style and node.tag in IMPLICIT_TYPES and not isinstance(value, str):
        return node.value
    return None


def _scalar(node: yaml.ScalarNode, line: int) -> Any:
    if node.tag == "tag:yaml.org,2002:int" and (":" in node.value or (node.value.startswith("0") and node.value != "0")):
        return node.value  # YAML 1.1 reads 12:15 as 735 and 010 as 8; keep what the editor wrote
    try:
        return _scalar_loader.construct_object(node)
    except ValueError:  # 2023-02-30: a date that does not exist; the field check names it
        return node.value
    except yaml.YAMLError as e:
        raise SourceError("yaml.bad_value", line, problem=explain(e, [])[1]) from None
    finally:  # the loader caches every node it builds; we reuse it forever
        _scalar_loader.constructed_objects.clear()


def plain(value: Any) -> Any:
    """Strip ``Mapping`` wrappers, for callers that want bare dicts."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.data.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
