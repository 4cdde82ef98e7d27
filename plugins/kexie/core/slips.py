"""Slips a Chinese keyboard makes in YAML, found at the line where they are.

With a Chinese input method on, the punctuation YAML reads as structure comes
out full-width: ``title：李卫荣``, ``authors: [张婷，李四]``, ``【】``, ``－ 张婷``,
``＃ 备注``, a full-width space ``　`` for indentation.  PyYAML either reads
them into a wrong value without complaint (``title：李卫荣`` is one text,
``[张婷，李四]`` is one name) or gives up a line or more later with a reason
that points elsewhere.  So we look for them where YAML sees structure:

- when PyYAML fails, in the rows up to where it gave up (``in_rows``): a key,
  an indentation, a list dash or a comment at the start of a row, and the
  quotes, brackets and commas of the row it gave up on;
- when PyYAML succeeds, in the parsed nodes (``in_tree``): keys holding ``：``
  or ``　``, list items and whole documents that look like ``key：value``,
  unquoted items of ``[ ]`` lists holding ``，``/``、``, a whole value in
  ``【 】``, a block list written with ``－``, a ``＃`` comment.

Rule for quoted values: a value in English quotes is the editor's explicit
text and is never a slip (the escape hatch every message offers).  Chinese
quotes ``“ ” ‘ ’ ＂`` around a whole value are read as text and kept as
written: a title in quotation marks is good Chinese.  Only where a quote can
never belong to the value (a name, an id, a number, a date: see
``fields.WORD_FIELDS``) are they reported, and where they hid a ``: `` that
made YAML fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .messages import FIELD_LABELS

WORD = r"[A-Za-z_][A-Za-z0-9_-]*"
KNOWN = "|".join(sorted(FIELD_LABELS, key=len, reverse=True))  # list items and values: only real field names
LEAD = r"(?P<lead>[ \u3000]*(?:-[ \u3000]+)?)"
DASHES = "－—–"  # full-width hyphen-minus, em dash, en dash
OPEN_QUOTES = {"“": "”", "‘": "’", "＂": "＂", "「": "」", "『": "』", "”": "“"}
FULL_BRACKETS = str.maketrans({"【": "[", "［": "[", "】": "]", "］": "]"})
LIST_SEPARATORS = "，、；"
NAME_LISTS = {"authors", "person", "org", "names"}  # one person or organisation per item
SEPARATOR = re.compile(f"[{LIST_SEPARATORS}]")
SPLIT = re.compile(f"[ ]*[{LIST_SEPARATORS}][ ]*")

ROW_INDENT = re.compile(rf"^(?P<spaces>[ ]*\u3000[ \u3000]*)(?=-|[{DASHES}]|{WORD}[ \u3000]*[:：])")
ROW_HASH = re.compile(r"^[ \u3000]*＃")
ROW_DASH = re.compile(rf"^[ \u3000]*(?P<dash>[{DASHES}])(?![{DASHES}])[ \u3000]*(?=\S)")
ROW_COLON = re.compile(rf"^{LEAD}(?P<key>{WORD})[ \u3000]*：[ \u3000]*")
ROW_SPACE = re.compile(rf"^{LEAD}(?P<key>{WORD})(?P<before>[ \u3000]*):(?P<after>[ \u3000]*)")
ROW_NO_SPACE = re.compile(rf"^{LEAD}(?P<key>{KNOWN}):(?=[^\s:/])")
ROW_VALUE = re.compile(rf"^[ \u3000]*(?:-[ ]+)?(?:(?P<key>{WORD}):[ ]+)?(?P<value>\S.*?)[ ]*$")
# A ＃ starting a value or following a space and not closed (a ＃话题＃ is text): a comment typed full-width.
VALUE_HASH = re.compile(r"(?:^|[ \u3000])＃[^＃]*$")
BLOCK_ITEM = re.compile(rf"^(?P<spaces>[ \u3000]*)(?P<dash>[-{DASHES}])[ \u3000]")
BLOCK_START = re.compile(r"^ *(?:- +)?(?:[^\s#][^:]*:[ ]+)?[|>][-+0-9]*[ ]*(?:#.*)?$")
WHOLE_LIST = re.compile(r"^[\[【［].*[\]】］]$", re.S)


@dataclass(frozen=True)
class Slip:
    row: int  # 0-based row of the YAML text
    field: str | None
    key: str  # message key
    values: dict[str, Any] = field(default_factory=dict, hash=False)


def shown(text: str, limit: int = 40) -> str:
    text = text.strip(" ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def key_of_row(row: str) -> str | None:
    m = re.match(rf"^[ \u3000]*(?:[-{DASHES}][ \u3000]*)?(?P<key>{WORD})[ \u3000]*[:：]", row)
    return m.group("key") if m else None


# -- rows: where PyYAML gave up ------------------------------------------------------


def in_rows(rows: list[str], last: int | None, context: int | None = None) -> Slip | None:
    """The first slip at the start of rows[0..last], or in the value of the row PyYAML
    stopped at (or where the quote or list it complained about began)."""
    last = len(rows) - 1 if last is None else min(last, len(rows) - 1)
    block = None  # indentation of the key whose | or > text we are in: its rows are text, not structure
    for n in range(last + 1):
        row = rows[n]
        indent = len(row) - len(row.lstrip(" "))
        if block is not None and (not row.strip() or indent > block):
            continue
        block = indent if BLOCK_START.match(row) else None
        if slip := row_slip(row, n):
            return _with_field(slip, rows)
    for n in dict.fromkeys(x for x in (context, last) if x is not None and 0 <= x < len(rows)):
        if slip := value_slip(rows[n], n):
            return _with_field(slip, rows)
    return None


def _with_field(slip: Slip, rows: list[str]) -> Slip:
    """A slip on a row with no key of its own (- 张婷, {…}) belongs to the field above; a comment to none."""
    if slip.field is not None or slip.key == "yaml.slip_hash":
        return slip
    return Slip(slip.row, nearest_key(rows, slip.row), slip.key, slip.values)


def nearest_key(rows: list[str], n: int) -> str | None:
    """The field a row belongs to: its own key or the nearest one above it."""
    for row in reversed(rows[: n + 1]):
        if key := key_of_row(row):
            return key
    return None


def row_slip(row: str, n: int, key_pattern: str = WORD) -> Slip | None:
    """A slip in what starts a row: indentation, comment, list dash, key and colon."""
    if m := ROW_INDENT.match(row):
        return Slip(n, key_of_row(row), "yaml.slip_indent", {"count": m.group("spaces").count("\u3000"), "found": shown(row)})
    if ROW_HASH.match(row):  # a comment belongs to no field
        return Slip(n, None, "yaml.slip_hash", {"found": shown(row), "fixed": shown(row.replace("＃", "#", 1))})
    if m := ROW_DASH.match(row):
        fixed = row[: m.start("dash")] + "- " + row[m.end():]
        return Slip(n, key_of_row(row), "yaml.slip_dash", {"char": m.group("dash"), "found": shown(row), "fixed": shown(fixed)})
    return key_slip(row, n, key_pattern)


def key_slip(text: str, n: int, key_pattern: str = WORD) -> Slip | None:
    """``key：value``, ``key:　value``, ``key　: value`` and (for real field names) ``key:value``."""
    if (m := ROW_COLON.match(text)) and (key_pattern == WORD or re.fullmatch(KNOWN, m.group("key"))):
        fixed = f"{m.group('lead')}{m.group('key')}: {text[m.end():]}"
        return Slip(n, m.group("key"), "yaml.slip_colon", {"found": shown(text), "fixed": shown(fixed)})
    # title: 　x is fine (YAML sees ': ' and the value's spaces are trimmed); title:　x and title　: x are not
    if (m := ROW_SPACE.match(text)) and ("\u3000" in m.group("before") or m.group("after").startswith("\u3000")) and (key_pattern == WORD or re.fullmatch(KNOWN, m.group("key"))):
        fixed = f"{m.group('lead')}{m.group('key')}: {text[m.end():]}"
        return Slip(n, m.group("key"), "yaml.slip_space", {"found": shown(text), "fixed": shown(fixed)})
    if m := ROW_NO_SPACE.match(text):
        fixed = f"{m.group('lead')}{m.group('key')}: {text[m.end():]}"
        return Slip(n, m.group("key"), "yaml.slip_no_space", {"found": shown(text), "fixed": shown(fixed)})
    return None


def value_slip(row: str, n: int) -> Slip | None:
    """Chinese quotes, full-width brackets or commas in the value PyYAML stopped at."""
    m = ROW_VALUE.match(row)
    if not m:
        return None
    key, value = m.group("key") or key_of_row(row), m.group("value")
    if value[0] in OPEN_QUOTES:
        return quote_slip(n, key, value, row)
    if value[0] in "【［" or (value[0] == "[" and re.search("[】］]", value)):
        return brackets_slip(n, key, value, row)
    if value[0] in "[{" and (sep := SEPARATOR.search(value)):
        fixed = SPLIT.sub(", ", value)
        return Slip(n, key, "yaml.slip_comma", {"char": sep.group(), "found": shown(value), "fixed": shown(fixed)})
    return None


def quote_slip(n: int, key: str | None, value: str, row: str | None = None) -> Slip:
    close = OPEN_QUOTES[value[0]]
    inner = value[1:-1] if len(value) > 1 and value[-1] in (close, *OPEN_QUOTES.values()) else value[1:]
    quote = "'" if '"' in inner else '"'
    fixed = f"{key}: {quote}{inner}{quote}" if key else f"{quote}{inner}{quote}"
    return Slip(n, key, "yaml.slip_quote", {"char": value[0] + close, "found": shown(row if row is not None else value), "fixed": shown(fixed)})


def brackets_slip(n: int, key: str | None, value: str, row: str) -> Slip:
    char = "".join(dict.fromkeys(re.findall("[【】［］]", value)))
    fixed = re.sub(f"[ ]*[,{LIST_SEPARATORS}][ ]*", ", ", value.translate(FULL_BRACKETS))
    fixed = fixed if fixed.endswith("]") else fixed + "]"
    return Slip(n, key, "yaml.slip_brackets", {"char": char, "found": shown(row), "fixed": shown(f"{key}: {fixed}" if key else fixed)})


# -- nodes: what PyYAML read without complaint -----------------------------------------


def in_tree(node: yaml.Node, rows: list[str]) -> list[Slip]:
    """Every slip in a parsed document, in the order of its rows (about 30 µs an article)."""
    found: list[Slip] = []
    if _plain(node):
        found += _as_key(node, rows, WORD)
    _walk(node, None, rows, found)
    return sorted(set(found), key=lambda s: s.row)


def _plain(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style  # libyaml says "", PyYAML None


def _walk(node: yaml.Node, key: str | None, rows: list[str], found: list[Slip]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if _plain(key_node) and not key_node.value.isascii():  # an ASCII key was read as meant
                found += _key_node(key_node, rows)
            if _plain(value_node) and isinstance(name, str):
                found += _value_node(value_node, key_node, name, rows) or _joined(value_node, name, [value_node], rows)
            _walk(value_node, name, rows, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if _plain(item):
                found += _as_key(item, rows, KNOWN)
                if node.flow_style and (sep := SEPARATOR.search(item.value)):
                    found.append(_flow_comma(node, item, key, sep.group(), rows))
                elif key:
                    found += _joined(item, key, node.value, rows)
            _walk(item, key, rows, found)
    elif _plain(node) and "＃" in node.value and (hashed := VALUE_HASH.search(node.value)):
        n, at = _row_holding(rows, node, "＃"), node.value.index("＃", hashed.start())
        fixed = f"{node.value[:at].rstrip()}  # {node.value[at + 1:].strip()}".strip()
        found.append(Slip(n, key, "yaml.slip_hash", {"found": shown(node.value), "fixed": shown(f"{key}: {fixed}" if key else fixed)}))


def _key_node(node: yaml.ScalarNode, rows: list[str]) -> list[Slip]:
    """A key holding what should have been structure: ``title：李卫荣``, ``　names``, ``－ name``."""
    n, text = node.start_mark.line, node.value
    row = rows[n] if n < len(rows) else text
    if text.startswith("\u3000"):
        return [Slip(n, text.strip(" \u3000"), "yaml.slip_indent", {"count": len(text) - len(text.lstrip(" \u3000")), "found": shown(row)})]
    if slip := row_slip(row, n) or row_slip(text, n):  # the row shows what was typed best
        return [slip]
    if "：" in text:  # inside a { } group or a key YAML accepted some other way
        name, _, value = text.partition("：")
        fixed = f"{name.strip()}: {value.strip()}"
        return [Slip(n, name.strip(" \u3000") or None, "yaml.slip_colon", {"found": shown(text), "fixed": shown(fixed)})]
    if "\u3000" in text:
        return [Slip(n, text.strip(" \u3000") or None, "yaml.slip_space", {"found": shown(row), "fixed": shown(row.replace("\u3000", ""))})]
    return []


def _as_key(node: yaml.ScalarNode, rows: list[str], pattern: str) -> list[Slip]:
    """A list item or a whole document that is ``name：李卫荣``: a field YAML read as text."""
    if ":" not in node.value and "：" not in node.value:
        return []
    n = node.start_mark.line
    slip = (n < len(rows) and key_slip(rows[n], n, pattern)) or key_slip(node.value, n, pattern)
    return [slip] if slip else []


def _value_node(node: yaml.ScalarNode, key_node: yaml.Node, key: str, rows: list[str]) -> list[Slip]:
    """A value starting on the row below its key and beginning like a list item: ``－ 张婷``
    or ``　- 张婷`` (YAML folded the rows into one text); a whole value in 【 】."""
    if node.start_mark.line > key_node.start_mark.line and (m := BLOCK_ITEM.match(node.value)):  # rare: most values start beside their key
        n, row = node.start_mark.line, rows[node.start_mark.line]
        if "\u3000" in m.group("spaces") or "\u3000" in row[: len(row) - len(row.lstrip(" \u3000"))]:
            return [Slip(n, key, "yaml.slip_indent", {"count": row.count("\u3000", 0, len(row) - len(row.lstrip(" \u3000"))) or 1, "found": shown(row)})]
        if m.group("dash") != "-":
            fixed = row[: len(row) - len(row.lstrip(" \u3000"))] + "- " + row.lstrip(" \u3000")[1:].lstrip(" \u3000")
            return [Slip(n, key, "yaml.slip_dash", {"char": m.group("dash"), "found": shown(row), "fixed": shown(fixed)})]
    if node.value[:1] in "[【［" and WHOLE_LIST.match(node.value) and re.search("[【［】］]", node.value) and re.search(f"[,{LIST_SEPARATORS}]", node.value):
        n = node.start_mark.line
        return [brackets_slip(n, key, node.value, rows[n] if n < len(rows) else node.value)]
    return []


def _joined(node: yaml.ScalarNode, key: str, items: list[yaml.Node], rows: list[str]) -> list[Slip]:
    """authors: 张婷、李四 or a list item - 张婷，李四: several names in one (unquoted) text."""
    if key not in NAME_LISTS or not (sep := SEPARATOR.search(node.value)):
        return []
    names = [x for item in items for x in (SPLIT.split(item.value.strip()) if _plain(item) else [_source(item, rows)]) if x]
    return [Slip(node.start_mark.line, key, "yaml.slip_names", {"char": sep.group(), "found": node.value, "fixed": shown(f"{key}: [{', '.join(names)}]")})]


def _flow_comma(seq: yaml.SequenceNode, item: yaml.ScalarNode, key: str | None, char: str, rows: list[str]) -> Slip:
    n = item.start_mark.line
    names = [SPLIT.split(c.value) if _plain(c) else [_source(c, rows)] for c in seq.value]
    fixed = "[" + ", ".join(x for group in names for x in group if x) + "]"
    return Slip(n, key, "yaml.slip_comma", {"char": char, "found": shown(_source(seq, rows)), "fixed": shown(f"{key}: {fixed}" if key else fixed)})


def _source(node: yaml.Node, rows: list[str]) -> str:
    """The text of a node as written, when it sits on one row."""
    start, end = node.start_mark, node.end_mark
    if start.line == end.line and start.line < len(rows):
        return rows[start.line][start.column: end.column]
    return getattr(node, "value", "") if isinstance(node, yaml.ScalarNode) else ""


def _row_holding(rows: list[str], node: yaml.Node, char: str) -> int:
    for n in range(node.start_mark.line, min(node.end_mark.line, len(rows) - 1) + 1):
        if char in rows[n]:
            return n
    return node.start_mark.line
