"""Sitemaps Baidu accepts: flat files (Baidu ignores sitemap index files), each at most
50,000 URLs and 10 MB, every ``<loc>`` ASCII and at most 256 bytes, ``<lastmod>`` from
content (never the build clock), named in robots.txt.

Articles come from the catalog the feeds use, so an article the catalog leaves out
(a draft, a withdrawn piece) is left out of the sitemaps and the URL lists too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape

MAX_URLS = 50_000
MAX_BYTES = 10 * 1024 * 1024
MAX_URL_BYTES = 256
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
TAIL = "</urlset>\n"


@dataclass(frozen=True)
class Entry:
    loc: str  # absolute
    lastmod: dt.date


def location(site_url: str, url: str) -> str:
    """Absolute, percent-encoded (ASCII) address of a site-relative URL."""
    return site_url.rstrip("/") + "/" + quote(url, safe="/-._~")


def newest(items, default: dt.date) -> dt.date:
    """The newest content date among the articles found in a view's data (lists, tuples, dicts)."""
    best = None
    stack = [items]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
        elif hasattr(x, "sort_key") and isinstance(getattr(x, "date", None), dt.date) and hasattr(x, "section"):
            d = modified(x)
            best = d if best is None or d > best else best
    return best or default


def modified(article) -> dt.date:
    """When an article last changed as content says: its date, or a later correction's."""
    return article.updated


def files(entries: list[Entry]) -> tuple[dict[str, bytes], list[Entry]]:
    """(sitemap.xml, sitemap-2.xml … → bytes; entries left out because their address is too long)."""
    too_long = [e for e in entries if len(e.loc.encode("ascii")) > MAX_URL_BYTES]
    chunks: list[list[bytes]] = [[]]
    size = len(HEAD) + len(TAIL)
    for e in entries:
        if e in too_long:
            continue
        line = f"<url><loc>{escape(e.loc)}</loc><lastmod>{e.lastmod.isoformat()}</lastmod></url>\n".encode("ascii")
        if len(chunks[-1]) >= MAX_URLS or size + len(line) > MAX_BYTES:
            chunks.append([])
            size = len(HEAD) + len(TAIL)
        chunks[-1].append(line)
        size += len(line)
    out = {}
    for n, lines in enumerate(chunks, 1):
        out["sitemap.xml" if n == 1 else f"sitemap-{n}.xml"] = HEAD.encode() + b"".join(lines) + TAIL.encode()
    return out, too_long


def robots(site_url: str, names: list[str]) -> str:
    """robots.txt naming every sitemap (Baidu and others find them there)."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", ""]
    lines += [f"Sitemap: {location(site_url, name)}" for name in names]
    return "\n".join(lines) + "\n"
