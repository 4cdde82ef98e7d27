"""Finding live markup in a built site: pages, feeds and the search index."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree
import lxml.html

ACTIVE_TAGS = {"script", "iframe", "object", "embed", "form", "svg", "style", "frame", "frameset", "base", "math"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "background", "poster"}
FEED_TEXT = {"description", "content", "summary", "encoded"}


def live_in_html(fragment: str, token: str) -> list[str]:
    """Elements where ``token`` can run or load: active tags, handlers, URLs, refreshes."""
    if token not in fragment:
        return []
    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except (lxml.etree.ParserError, ValueError):
        return []
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = dict(el.attrib)
        if el.tag in ACTIVE_TAGS and (token in (el.text or "") or any(token in v for v in attrs.values())):
            found.append(f"<{el.tag}>")
        for name, value in attrs.items():
            risky = name.startswith("on") or name in URL_ATTRIBUTES or (el.tag == "meta" and "refresh" in attrs.get("http-equiv", "").lower())
            if risky and token in value:
                found.append(f"<{el.tag} {name}={value!r}>")
    return found


def live_payloads(site: Path, token: str) -> list[str]:
    found = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if token not in text:
            continue
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            found += [f"{rel}: {x}" for x in live_in_html(text, token)]
        elif path.suffix == ".xml":
            tree = lxml.etree.fromstring(path.read_bytes())
            for el in tree.iter():
                if isinstance(el.tag, str) and lxml.etree.QName(el).localname in FEED_TEXT and el.text:
                    found += [f"{rel}: {x}" for x in live_in_html(el.text, token)]
        elif path.name == "search_index.json":  # material's index holds HTML; ours is plain text shown with textContent
            found += [f"{rel}: {x}" for s in _strings(json.loads(text)) for x in live_in_html(s, token)]
    return found


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [s for item in data for s in _strings(item)] if isinstance(data, list) else []
