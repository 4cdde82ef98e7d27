"""Reading editors' files: text decoding, front matter and YAML with line numbers.

We parse front matter ourselves because MkDocs' ``get_data`` silently drops
YAML errors, and because editors need the line of every bad field.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is much faster on thousands of articles
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 5 * 1024 * 1024
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


class SourceError(Exception):
    """A file cannot be read at all; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Mapping:
    """A YAML mapping with the 1-based line of each key."""

    data: dict[str, Any]
    lines: dict[str, int]
    start_line: int = 1

    def line(self, key: str) -> int:
        return self.lines.get(key, self.start_line)


def read_text(path: Path) -> str:
    """UTF-8 text with BOM removed and line endings normalised."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceError(f"file is {size / 1048576:.1f} MB; at most {MAX_FILE_BYTES // 1048576} MB is accepted (split the article or move data out)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SourceError(f"is not UTF-8 text (byte 0x{raw[e.start]:02x} at byte {e.start}); save the file as UTF-8", line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, 1-based line where the body starts)."""
    m = FRONT_MATTER.match(text)
    if not m:
        if text.startswith("---"):
            raise SourceError("front matter starts with '---' but has no closing '---' line", 1)
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
    if "\t" in text:
        for n, row in enumerate(text.split("\n")):
            if "\t" in row[: len(row) - len(row.lstrip())]:
                raise SourceError("a tab is used for indentation; YAML needs spaces", first_line + n)
    loader = _BaseLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = first_line + mark.line if mark else None
        problem = getattr(e, "problem", None) or str(e)
        raise SourceError(f"YAML cannot be read ({problem}); check quotes, colons and indentation", line) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _to_data(node, first_line, set())


def _to_data(node: yaml.Node, first_line: int, seen: set[int]) -> Any:
    if id(node) in seen:
        raise SourceError("YAML aliases (&anchor / *alias) are not allowed; write the value out", first_line + node.start_mark.line)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        data, lines = {}, {}
        for key_node, value_node in node.value:
            key = _to_data(key_node, first_line, seen)
            if isinstance(key, (Mapping, list)):
                raise SourceError("a key must be a plain word", first_line + key_node.start_mark.line)
            key = str(key)
            if key == "<<":
                raise SourceError("YAML merge keys (<<) are not allowed", first_line + key_node.start_mark.line)
            data[key] = _to_data(value_node, first_line, seen)
            lines[key] = first_line + key_node.start_mark.line
        return Mapping(data, lines, first_line + node.start_mark.line)
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(child, first_line, seen) for child in node.value]
    return _scalar(node)


_scalar_loader = yaml.SafeLoader("")


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == "tag:yaml.org,2002:int" and (":" in node.value or (node.value.startswith("0") and node.value != "0")):
        return node.value  # YAML 1.1 reads 12:15 as 735 and 010 as 8; keep what the editor wrote
    try:
        return _scalar_loader.construct_object(node)
    except yaml.YAMLError as e:
        raise SourceError(f"value cannot be read: {getattr(e, 'problem', e)}") from None
    finally:  # the loader caches every node it builds; we reuse it forever
        _scalar_loader.constructed_objects.clear()


def plain(value: Any) -> Any:
    """Strip ``Mapping`` wrappers, for callers that want bare dicts."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.data.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
