"""Typed reading of one YAML mapping, reporting every bad field.

Each getter returns a clean value (or a default) and records a problem
instead of raising, so one bad field never hides the next one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from .messages import FIELD_LABELS, Msg
from .problems import Problems, suggest
from .slips import FULL_BRACKETS, LIST_SEPARATORS, NAME_LISTS, OPEN_QUOTES

FULL_WIDTH = re.compile("[\uff01-\uff5e]")  # ４２, ｔｉｔｌｅ: ASCII typed in a Chinese input method's full-width mode
from .source import ILLEGAL_CHARS, Mapping

MAX_TEXT = 300
FIRST_YEAR, LAST_YEAR = 1900, 2099  # a typo'd year (0023, 9999) breaks sitemaps and sorting
# Invisible characters that reorder or hide text (bidi overrides, zero-width
# spaces and joiners, word joiner, BOM): a title can look like another or
# read backwards.  Names are given so an editor can search for them.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MARKUP = re.compile(r"<[A-Za-z!/?][^<>]{0,40}>?")  # the start of an HTML tag or comment
YAML_TAGS = {set: "!!set", tuple: "!!pairs", bytes: "!!binary"}
DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T].*)?$")
ID_FIELDS = ("issue", "id", "slug", "link_id")  # YAML turns 010 into 8: ids must be quoted, never taken as written
# Fields holding a name, an id, a path or a choice: a Chinese quote around the whole value
# can never be part of it (a slip for an English quote).  In prose fields (title, summary,
# theme …) “…” around the whole value is kept as written: it is good Chinese punctuation.
WORD_FIELDS = {*ID_FIELDS, "section", "org", "parent", "publication", "kind", "name", "short", "photo", "cover",
               "date_approx", "authors", "person", "names", "region"}


def describe(value: Any) -> Msg:
    """How an editor would call the value they wrote."""
    if isinstance(value, bool):
        return Msg("value.bool", value="yes/true" if value else "no/false")
    if isinstance(value, (int, float)):
        return Msg("value.number", value=value)
    if isinstance(value, (dt.date, dt.datetime)):
        return Msg("value.date", value=value.isoformat())
    if isinstance(value, Mapping):
        return Msg("value.group")
    if isinstance(value, list):
        return Msg("value.list")
    if value is None:
        return Msg("value.nothing")
    if isinstance(value, bytes):
        return Msg("value.binary")
    if not isinstance(value, str):  # another YAML tag (!!set, !!omap …): never text
        return Msg("value.tagged", tag=YAML_TAGS.get(type(value), type(value).__name__))
    return Msg("value.text", value=value)


def invisible_problem(text: str) -> tuple[str, dict] | None:
    """(message key, values) for the first control or invisible character in ``text``."""
    if bad := ILLEGAL_CHARS.search(text):
        return "field.control_char", {"code": f"{ord(bad.group()):04X}"}
    if bad := INVISIBLE.search(text):
        char = bad.group()
        return "field.invisible_char", {"code": f"{ord(char):04X}", "name": unicodedata.name(char, "?")}
    return None


class Fields:
    def __init__(self, path: str, mapping: Mapping, problems: Problems, what: str = "", root=None, plain: bool = False):
        self.path, self.mapping, self.problems, self.what = path, mapping, problems, what
        self.root = root  # content/, for fields that name files
        # Registries and issue.yml: short fields must be plain text (printed by many
        # templates).  Article titles and bylines may hold '<': they are escaped everywhere.
        self.plain = plain

    def problem(self, key: str, message: str, /, **values: Any) -> None:
        self.problem_at(self.mapping.line(key), key, message, **values)

    def problem_at(self, line: int, key: str, message: str, /, **values: Any) -> None:
        field = f"{self.what}{key}" if self.what else key
        self.problems.add(self.path, line, field, message, **values)

    _problem = problem

    def has(self, key: str) -> bool:
        return self.mapping.data.get(key) not in (None, "", [])

    def raw(self, key: str) -> Any:
        return self.mapping.data.get(key)

    def eg(self, key: str, example: str) -> Msg | str:
        return Msg("field.eg", key=key, example=example) if example else ""

    def written(self, key: str) -> str | None:
        """The text of an unquoted value YAML read as a number, yes/no or a date."""
        text = self.mapping.written.get(key)
        return text if isinstance(text, str) else None

    def text(self, key: str, required: bool = False, example: str = "", max_len: int = MAX_TEXT, default: str = "") -> str:
        value = self.mapping.data.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, "field.missing", eg=self.eg(key, example))
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key in ID_FIELDS:
            found = Msg("value.number", value=self.written(key) or value)
            self.problem(key, "field.number_not_text", found=found, eg=self.eg(key, example))
            return default
        if key not in ID_FIELDS and self.written(key):  # title: 3.10 is the text 3.10, not 3.1; yes is not True
            value = self.written(key)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            # a group, a list, a date, or a YAML tag giving other values (!!binary would show as b'…')
            self.problem(key, "field.not_text", found=describe(value), eg=self.eg(key, example))
            return default
        raw, value = str(value), str(value).strip()
        if not self.clean(key, value, plain=self.plain and 0 < max_len <= MAX_TEXT):
            return default
        if not value:  # only spaces, full-width spaces (U+3000) or line breaks
            if required:
                self.problem(key, "field.blank", found=" ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(raw)), eg=self.eg(key, example))
            return default
        if key in WORD_FIELDS and self.quoted(key, value):
            return default
        if key in ID_FIELDS and self.full_width(key, value):
            return default
        if max_len and len(value) > max_len:
            self.problem(key, "field.too_long", length=len(value), limit=max_len)
            return value[:max_len]
        return value

    def full_width(self, key: str, value: str, fixed_key: str | None = None) -> bool:
        """Whether ``value`` holds full-width digits or letters where only ASCII can be meant (reported)."""
        if not FULL_WIDTH.search(value):
            return False
        fixed = unicodedata.normalize("NFKC", value).strip()
        self.problem(key, "yaml.slip_full_width", found=value.strip(), fixed=fixed_key or f"{key}: {fixed}")
        return True

    def quoted(self, key: str, value: str, line: int | None = None) -> bool:
        """Whether ``value`` is wholly in Chinese quotes (reported: see WORD_FIELDS)."""
        value = value.strip()
        if len(value) > 2 and value[0] in OPEN_QUOTES and value[-1] in (*OPEN_QUOTES.values(), value[0]):
            self.problem_at(line or self.mapping.line(key), key, "yaml.slip_quote", char=value[0] + value[-1], found=value, fixed=f"{key}: {value[1:-1]}")
            return True
        return False

    def clean(self, key: str, value: str, plain: bool = False) -> bool:
        """No control or invisible characters; no markup in short plain-text fields
        (names, titles, regions: they are printed in many templates and feeds)."""
        found = invisible_problem(value)
        if found:
            self.problem(key, found[0], **found[1])
            return False
        if plain and (tag := MARKUP.search(value)):
            self.problem(key, "field.markup", found=tag.group())
            return False
        return True

    def positive_int(self, key: str, required: bool = False, example: str = "") -> int | None:
        value = self.mapping.data.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, "field.int_missing", eg=self.eg(key, example))
            return None
        if isinstance(value, str) and (self.quoted(key, value) or self.full_width(key, value)):
            return None
        if (text := self.written(key)) and not (text.isascii() and text.isdigit()):
            value = text  # 0x10, +5, 1_000: YAML reads them as numbers an editor never meant
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.problem(key, "field.not_positive_int", found=describe(value), eg=self.eg(key, example))
            return None
        return value

    def date(self, key: str, required: bool = False, example: str = "2023-04-30") -> dt.date | None:
        value = self.mapping.data.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, "field.date_missing", key=key, example=example)
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str) and (self.quoted(key, value) or self.full_width(key, value)):
            return None
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                if DATE_LIKE.match(value.strip()):
                    self.problem(key, "field.impossible_date", value=value.strip(), key=key, example=example)
                    return None
        if isinstance(value, dt.date):
            if FIRST_YEAR <= value.year <= LAST_YEAR:
                return value
            self.problem(key, "field.date_range", value=value.isoformat(), first=FIRST_YEAR, last=LAST_YEAR)
            return None
        self.problem(key, "field.not_date", found=describe(value), key=key, example=example)
        return None

    def text_list(self, key: str, example: str = "") -> list[str]:
        """A list of names; a single name is accepted as a one-item list."""
        value = self.mapping.data.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str) and value.lstrip()[:1] in ("【", "［"):  # authors: 【张婷, 李四】: a list typed full-width
            self.problem(key, "yaml.slip_brackets", char="".join(dict.fromkeys(re.findall("[【】［］]", value))), found=value,
                         fixed=f"{key}: " + re.sub(f"[ ]*[,{LIST_SEPARATORS}][ ]*", ", ", value.strip().translate(FULL_BRACKETS)))
            return []
        written = self.mapping.written.get(key)
        if isinstance(value, str):
            value, written = [value], [written]
        if not isinstance(value, list):
            self.problem(key, "field.not_list", found=describe(value), eg=self.eg(key, example))
            return []
        out = []
        for n, item in enumerate(value):
            if isinstance(written, list) and written[n]:
                item = written[n]  # [2023, 3.10] as written, not 3.1
            if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                name = str(item).strip()
                line = self.mapping.item_line(key, n)
                if key in NAME_LISTS and self.quoted(key, name, line):
                    continue
                if self.clean(key, name, plain=self.plain):
                    out.append(name)
            else:
                self.problem_at(self.mapping.item_line(key, n), key, "field.bad_item", found=describe(item), eg=self.eg(key, example))
        return out

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(key, default=default)
        if value not in choices and unicodedata.normalize("NFKC", value) in choices and self.full_width(key, value):
            return default
        if value not in choices:
            self.problem(key, "field.not_choice", value=value, choices=choices)
            return default
        return value

    def unknown(self, allowed: set[str]) -> None:
        for key in self.mapping.data:
            if key not in allowed and unicodedata.normalize("NFKC", key) in allowed:  # ｔｉｔｌｅ: typed full-width
                self.full_width(key, key, fixed_key=unicodedata.normalize("NFKC", key))
            elif key not in allowed:
                # the form's Chinese label typed as the name (更正: …): say the name the file uses
                named = [k for k in sorted(allowed) if FIELD_LABELS.get(k) == str(key).strip()]
                hint = Msg("suggest.label", label=str(key).strip(), field=named[0]) if named else suggest(key, sorted(allowed))
                self.problem(key, "field.unknown", hint=hint)
