"""The house file ``content/_data/proofread.yml``: the newsroom's own proofreading rules.

Which classes are errors (the build stops) or off, the spacing style between
Chinese and Latin letters or digits, the sites external links may point to,
forbidden words with their replacements, official names that must appear in
full, and after how many months a 栏目 without a new article is reported.
A missing file means the defaults; a wrong value is a content problem named
with its line, as in every other registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import Problems
from ..core.registries import DATA_DIR, read_yaml
from ..core.source import Mapping

HOUSE_FILE = f"{DATA_DIR}/proofread.yml"

# Every class of the pass, in the order reports list them.
KINDS = ("doubled", "typo", "latin", "punctuation", "pairs", "spacing", "numbers", "names", "short_name",
         "forbidden", "required", "links", "stale")
SPACING = ("auto", "space", "none", "off")
KEYS = {"spacing", "errors", "off", "stale_months", "links", "forbidden", "required"}


@dataclass(frozen=True)
class Forbidden:
    word: str
    use: str


@dataclass(frozen=True)
class Required:
    name: str
    short: tuple[str, ...]


@dataclass
class House:
    spacing: str = "auto"
    errors: frozenset[str] = frozenset()
    off: frozenset[str] = frozenset()
    stale_months: int = 12
    links: tuple[str, ...] = ()
    forbidden: tuple[Forbidden, ...] = ()
    required: tuple[Required, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)

    def checks(self, kind: str) -> bool:
        return kind not in self.off and not (kind == "spacing" and self.spacing == "off")

    def allows(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.links)


def load_house(root: Path, p: Problems) -> House:
    """The house settings (defaults when the file is absent); problems go to ``p``."""
    if not (root / HOUSE_FILE).is_file():
        return House()
    data = read_yaml(root, HOUSE_FILE, p)
    if data is None:
        return House()
    if not isinstance(data, Mapping):
        p.add(HOUSE_FILE, 1, None, "proof.house_not_mapping")
        return House()
    h = House(lines=dict(data.lines))
    for key in data.data:
        if key not in KEYS:
            p.add(HOUSE_FILE, data.line(key), key, "proof.house_unknown_key", key=key, keys=sorted(KEYS))
    spacing = data.data.get("spacing", "auto")
    if spacing not in SPACING:
        p.add(HOUSE_FILE, data.line("spacing"), "spacing", "proof.house_bad_choice", value=str(spacing), choices=list(SPACING))
    else:
        h.spacing = spacing
    h.errors, h.off = (frozenset(_kinds(data, key, p)) for key in ("errors", "off"))
    months = data.data.get("stale_months", 12)
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        p.add(HOUSE_FILE, data.line("stale_months"), "stale_months", "proof.house_bad_months", value=str(months))
    else:
        h.stale_months = months
    h.links = tuple(d.lower().strip().removeprefix("*.").strip(".") for d in _texts(data, "links", p) if d.strip())
    h.forbidden = tuple(Forbidden(w, u) for w, u in _pairs(data, "forbidden", ("word", "use"), p))
    h.required = tuple(Required(n, tuple(s)) for n, s in _pairs(data, "required", ("name", "short"), p))
    return h


def _texts(data: Mapping, key: str, p: Problems) -> list[str]:
    value = data.data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        p.add(HOUSE_FILE, data.line(key), key, "proof.house_not_list", key=key)
        return []
    return value


def _kinds(data: Mapping, key: str, p: Problems) -> list[str]:
    kinds = _texts(data, key, p)
    for n, kind in enumerate(kinds):
        if kind not in KINDS:
            p.add(HOUSE_FILE, data.item_line(key, n), key, "proof.house_bad_kind", value=kind, choices=list(KINDS))
    return [k for k in kinds if k in KINDS]


def _pairs(data: Mapping, key: str, names: tuple[str, str], p: Problems) -> list[tuple[str, list[str] | str]]:
    """forbidden: [{word, use}], required: [{name, short: [..]}]: each entry checked."""
    value = data.data.get(key) or []
    if not isinstance(value, list):
        p.add(HOUSE_FILE, data.line(key), key, "proof.house_not_list", key=key)
        return []
    out = []
    first, second = names
    for n, entry in enumerate(value):
        line = data.item_line(key, n)
        a = entry.data.get(first) if isinstance(entry, Mapping) else None
        b = entry.data.get(second, "" if second == "use" else []) if isinstance(entry, Mapping) else None
        if second == "short" and isinstance(b, str):
            b = [b]
        ok_b = isinstance(b, str) if second == "use" else isinstance(b, list) and b and all(isinstance(s, str) and s for s in b)
        if not isinstance(a, str) or not a.strip() or not ok_b:
            p.add(HOUSE_FILE, line, f"{key}[{n + 1}]", "proof.house_bad_entry", key=key, example=EXAMPLES[key])
            continue
        out.append((a.strip(), b.strip() if isinstance(b, str) else [s.strip() for s in b]))
    return out


EXAMPLES = {"forbidden": "{word: 中科协, use: 中国科协}", "required": "{name: 中国科学技术协会, short: [中国科协]}"}


def decap_file(data: str, field, kind_labels: dict[str, str]) -> dict:
    """The house file as a form of the web editor's 资料库 (``field``: cms.py's field maker)."""
    kinds = [{"label": kind_labels[k], "value": k} for k in KINDS]
    return {"name": "proofread", "label": "校对设置", "file": f"{data}/proofread.yml", "fields": [
        field("spacing", "中英文空格", "select", False, "auto：按全站多数的写法；space：加一个空格；none：不加；off：不查",
              options=[{"label": v, "value": v} for v in SPACING], default="auto"),
        field("errors", "算作错误的类别", "select", False, "选中的类别会让构建停止", multiple=True, options=kinds),
        field("off", "不查的类别", "select", False, "", multiple=True, options=kinds),
        field("stale_months", "栏目久未更新（月）", "number", False, "0 表示不查", value_type="int", min=0, step=1),
        field("links", "允许链接的网站", "list", False, "每项一个域名，例如 gov.cn（含子域名）", field={"name": "host", "label": "域名", "widget": "string"}),
        field("forbidden", "禁用词", "list", False, "不用的写法和应写成的写法",
              fields=[field("word", "不用的写法", required=True), field("use", "应写成")]),
        field("required", "须用全称", "list", False, "文中只用了简称、全文没有全称时提示",
              fields=[field("name", "全称", required=True), field("short", "简称", "list", True, field={"name": "short", "label": "简称", "widget": "string"})]),
    ]}
