"""The preview's 校对单 page and the mark on each article page, as HTML (no MkDocs).

Only the preview (``mkdocs serve``) shows either; a published site never does.
"""

from __future__ import annotations

import html

from ..core.messages import render
from .finding import Warning

MARK_CLASS = "kx-proofread"
SHEET_URL = "proofread/"


def sheet_html(by_path: dict[str, list[Warning]], urls: dict[str, str], titles: dict[str, str], scope: str = "") -> str:
    """Every warning by article, each article linked (``urls``: file → site URL, from the page at /proofread/);
    ``scope``: what was read, said under the first line."""
    n = sum(len(ws) for ws in by_path.values())
    scope = f"<p>{html.escape(scope)}</p>" if scope else ""
    if not n:
        return f'<div class="{MARK_CLASS}"><p>{html.escape(render("proof.page_none"))}</p>{scope}</div>\n'
    parts = [f'<div class="{MARK_CLASS}" id="kx-proofread-sheet"><p>{html.escape(render("proof.page_intro", n=n, articles=len(by_path)))}</p>{scope}']
    for path, warnings in by_path.items():
        title = html.escape(titles.get(path, path))
        head = f'<a href="../{html.escape(urls[path])}">{title}</a>' if path in urls else title
        parts.append(f'<h2>{head} <small>{html.escape(path)} · {len(warnings)}</small></h2>\n<ol>')
        parts += [f"<li>{_item(w)}</li>" for w in warnings]
        parts.append("</ol>")
    return "\n".join(parts) + "</div>\n"


def _item(w: Warning) -> str:
    where = w.where.removeprefix(w.path).strip()
    return f"<code>{html.escape(where)}</code> {html.escape(w.text)}"


def mark_html(warnings: list[Warning], depth: int) -> str:
    """The box above an article's text in the preview; ``depth``: folders from the site root to the page."""
    items = "".join(f"<li>{_item(w)}</li>" for w in warnings)
    link = f'<p><a href="{"../" * depth}{SHEET_URL}">{html.escape(render("proof.sheet_link"))}</a></p>'
    return (f'<div class="admonition warning {MARK_CLASS}"><p class="admonition-title">{html.escape(render("proof.mark", n=len(warnings)))}</p>'
            f"<ol>{items}</ol>{link}</div>\n")
