"""The marks of a full build: files only our plugins write, so a site without them is never published.

An engine that renders the Markdown but runs none of our plugins (Zensical ignores every plugin it
does not list) still writes index.html and the articles; these files it cannot write.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Mark(NamedTuple):
    path: str  # relative to the site folder
    needle: str  # text the file holds when our plugin wrote it
    plugin: str


MARKS = (
    Mark("issues/index.html", 'class="kx-', "kexie/site"),  # the issue archive: no Markdown source, only generated
    Mark("feed.xml", "<rss", "kexie/feeds"),
    Mark("atom.xml", "<feed", "kexie/feeds"),
    Mark("search/manifest.json", '"docs"', "kexie/search"),
    Mark("admin/config.yml", "backend:", "kexie/cms"),  # the web editor's configuration
)


def lacking(site: Path) -> list[Mark]:
    """The marks ``site`` lacks (absent, or written by something else)."""
    return [mark for mark in MARKS if mark.needle not in _head(site / mark.path)]


def _head(path: Path, size: int = 65_536) -> str:
    try:
        with path.open("rb") as f:
            return f.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""
