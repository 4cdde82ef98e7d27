"""Short stable addresses for print: ``/a/<link_id>/`` leads to the article.

Why the id lives in the article's front matter (``link_id: "k7m3qp"``), written once:
a printed QR code must keep working after the article's slug, title or file name
change, and after it moves to another folder.  A hash of the path or title changes
with them; a registry file of ids keyed by path goes stale on every rename.  A value
inside the file travels with it through any rename or edit, in git and in the web
editor (a hidden field keeps it).  The editors' tools write it (``kexie new``,
``kexie import``, ``kexie ids`` for older articles); the build refuses a malformed
or duplicated one (a copied file keeps its id) and never invents one.

Ids are 6 characters of a 31-letter alphabet without 0/o, 1/i/l (read aloud or typed
from paper without doubt): 887 million ids.  The first is derived from the file's
path at the time it is given (so a re-run gives the same id), the next on a collision.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LENGTH = 6
PREFIX = "a/"  # the site folder of short addresses (reserved in content/: kexie.core.checks)
LINK_ID = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")
FRONT_MATTER_ID = re.compile(r"^link_id:\s*[\"']?([^\"'\s#]*)", re.M)


def is_link_id(value: str) -> bool:
    return bool(LINK_ID.match(value))


def new_link_id(seed: str, taken: set[str]) -> str:
    """An id not in ``taken``, derived from ``seed`` (the article's path when it is given)."""
    for n in range(1000):
        digest = int.from_bytes(hashlib.sha256(f"{seed}#{n}".encode()).digest()[:8], "big")
        chars = []
        for _ in range(LENGTH):
            digest, r = divmod(digest, len(ALPHABET))
            chars.append(ALPHABET[r])
        if (candidate := "".join(chars)) not in taken:
            return candidate
    raise RuntimeError("no free link id")  # 1,000 collisions in 887 million: not reachable


def short_path(link_id: str) -> str:
    """Site-relative folder of the short address: ``a/k7m3qp/``."""
    return f"{PREFIX}{link_id}/"


def short_url(site_url: str, link_id: str) -> str:
    return site_url.rstrip("/") + "/" + short_path(link_id)


def redirect_page(canonical: str, relative: str, title: str, head: str = "") -> str:
    """A static page that sends the reader on at once: works on any static host (no
    server rule) and on a preview or staging host too (the refresh is relative), with
    the link shown for browsers that refuse refreshes; search engines get the canonical.
    ``head``: more tags (the article's share card: a short address pasted into a chat
    previews as the article does)."""
    t, c, r = html.escape(title), html.escape(canonical), html.escape(relative)
    return (f'<!doctype html>\n<html lang="zh" itemscope itemtype="https://schema.org/WebPage">\n<head>\n<meta charset="utf-8">\n<title>{t}</title>\n'
            f'<link rel="canonical" href="{c}">\n<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={r}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n{head}</head>\n'
            f'<body>\n<p>正在打开：<a href="{r}">{t}</a></p>\n</body>\n</html>\n')


def redirect_pages(articles, site_url: str, heads: dict[str, str] | None = None) -> dict[str, str]:
    """Site-relative file → page, one per article with a link id; ``heads``: article URL → more head tags."""
    base = site_url.rstrip("/") + "/"
    up = "../" * PREFIX.count("/") + "../"  # from a/<id>/ back to the site's root
    heads = heads or {}
    return {f"{short_path(a.link_id)}index.html": redirect_page(base + a.url, up + a.url, a.title, heads.get(a.url, ""))
            for a in articles if a.link_id}


# -- giving ids to files (the editors' tools) -----------------------------------------

def ids_in(content: Path) -> dict[str, Path]:
    """Every link id written in an article under ``content``, read cheaply (the
    front matter's ``link_id:`` line) so a new id never repeats one in use."""
    found = {}
    for folder in ("issues", "news"):
        for path in sorted((content / folder).rglob("*.md")) if (content / folder).is_dir() else []:
            if value := link_id_of(path.read_text(encoding="utf-8", errors="replace")):
                found[value] = path
    return found


def link_id_of(text: str) -> str:
    """The ``link_id`` written in a Markdown file's front matter, or ''."""
    front = _front_matter(text)
    m = FRONT_MATTER_ID.search(front) if front else None
    return m.group(1) if m else ""


def with_link_id(text: str, link_id: str) -> str:
    """``text`` with ``link_id: "…"`` added as the front matter's last line (all else as written)."""
    front = _front_matter(text)
    if front is None:
        raise ValueError("no front matter")
    end = len(front)
    line = f'link_id: "{link_id}"\n'
    return text[:end] + ("" if front.endswith("\n") else "\n") + line + text[end:]


def _front_matter(text: str) -> str | None:
    """Everything from the opening ``---`` to just before the closing one, or None."""
    start = 4 if text.startswith("---\n") else 5 if text.startswith("---\r\n") else 0
    if not start:
        return None
    m = re.compile(r"^---[ \t]*\r?$", re.M).search(text, start)
    return text[: m.start()] if m else None
