"""`serve --dirty`: a save that changed only articles re-renders just the pages it touched.

After any save MkDocs' dirty rebuild loads mkdocs.yml again, re-runs every
plugin's on_config, checks the whole site, makes 6,000 ``File`` and ``Page``
objects and the navigation again (~1 s at 5,000 articles), although a body
edit changes one page, its feed entries and its search document.

``QuickSaves`` keeps the last successful build's configuration, files,
navigation and template environment.  When the files changed since that
build are existing articles whose front matter and link targets are as they
were (so the catalog, every other page and the site check are as they were),
it renders those pages again through the same plugin events MkDocs runs for
a page, then writes feeds and search as a build's end does.  When their front
matter changed too (a title, 栏目, people), the site is checked again from the
cache, and the pages whose fingerprints changed (``core/shown.py``: the issue
page, lists, neighbours …) are rendered as well, as long as every page keeps
its address.  Anything else (a new or deleted file, a registry, mkdocs.yml,
the theme, a problem in the file) goes to MkDocs' build.  It runs as the server's builder,
inside MkDocs' build loop, so browsers wait for it and live reload follows
as after any build.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from pathlib import Path

from mkdocs.structure.files import InclusionLevel

from ..core import stamps
from ..core.affected import pages_showing
from ..core.articles import ArticleDraft, read_article
from ..core.catalog import ISSUES_DIR
from ..core.checks import check_site
from ..core.messages import render
from ..core.problems import ContentError, Problems
from ..core.views import generate
from .parallel_plugin import build_page

log = logging.getLogger("mkdocs.plugins.kexie")


@dataclasses.dataclass
class _Built:
    config: object
    files: object
    nav: object
    env: object


class QuickSaves:
    """Kept by kexie/site for the server's life."""

    def __init__(self, site) -> None:
        self.site = site  # kexie/site: its catalog and source cache
        self.built: _Built | None = None  # the last build that succeeded with no content problems
        self.stamps: stamps.Stamps | None = None  # the files as that build read them
        self._pending: stamps.Stamps | None = None

    # -- around MkDocs' builds ------------------------------------------------
    def build_starts(self, config) -> None:
        """Before the build reads anything (a save during the build is a change for the next one)."""
        self.built, self.stamps = None, None
        self._pending = stamps.take(*_watched(config))

    def build_done(self, config, files, nav, env) -> None:
        self.built, self.stamps = _Built(config, files, nav, env), self._pending

    def builder(self, full):
        """The server's builder: this quick save when it can, else ``full`` (MkDocs')."""
        def build() -> None:
            if not self.save():
                full()
        return build

    # -- a quick save ---------------------------------------------------------
    def save(self) -> bool:
        """Render the pages a save of articles touched; False when MkDocs must build."""
        if self.built is None or self.stamps is None:
            return False
        start = time.perf_counter()
        b = self.built
        now = stamps.take(*_watched(b.config))
        changes = stamps.compare(self.stamps, now)
        # (nothing seen changed: the change is elsewhere, e.g. mkdocs.yml's watch list or --watch-theme)
        rels = self._articles(b, changes.modified) if changes.only_modified else None
        if rels is None:
            return False
        root = Path(b.config.docs_dir)
        if all(self._text_alone(root, rel) for rel in rels):
            pages = [b.files.get_file_from_path(rel).page for rel in rels]
        elif (pages := self._front_matter_edits(b, rels)) is None:
            return False
        try:
            _render(b, pages)
        except Exception as e:  # MkDocs' build reports it as usual
            log.debug(f"quick save failed, building: {e!r}")
            return False
        self.site.fingerprints_kept()
        self.stamps = now
        log.info(render("serve.quick", pages=len(pages), seconds=f"{time.perf_counter() - start:.2f}"))
        return True

    def _articles(self, b: _Built, modified: list[str]) -> list[str] | None:
        """``modified`` as content paths, when each is an article built last time; else None."""
        rels = []
        for path in modified:
            rel = Path(os.path.relpath(path, b.config.docs_dir)).as_posix()
            file = b.files.get_file_from_path(rel) if rel in self.site.catalog.by_path else None
            if file is None or file.page is None:
                return None
            rels.append(rel)
        return rels

    def _front_matter_edits(self, b: _Built, rels: list[str]) -> list | None:
        """Articles whose front matter changed (a title, 栏目, people …) while every page keeps its
        address: the site checked again (cached), then the pages whose shown data changed; else None."""
        site, old = self.site, self.site.catalog
        try:  # no file came or went: the last walk stands
            catalog = check_site(b.config.docs_dir, cache=site.sources, tree=old.tree, preview=True)
        except ContentError:
            return None  # MkDocs' build shows the problems
        views = {v.src_uri: v for v in generate(catalog, site.config.per_page)}
        if views.keys() != site.views.keys() or _addresses(catalog) != _addresses(old):
            return None  # pages come or go, or move: MkDocs' files and navigation change
        may_show = pages_showing(old, catalog, rels)
        pages = {f.src_uri: f.page for f in site.changed_pages(b.config, b.files, catalog, views, may_show)}
        pages |= {rel: b.files.get_file_from_path(rel).page for rel in rels}
        return None if None in pages.values() else list(pages.values())

    def _text_alone(self, root: Path, rel: str) -> bool:
        """Front matter and link targets as last read, and no problem: the catalog and site check stand."""
        folder = rel.split("/")[1] if rel.startswith(f"{ISSUES_DIR}/") else None  # as the catalog reads it
        old = self.site.sources.last(read_article, root, rel, folder)
        p = Problems()
        try:
            new = self.site.sources.read(read_article, root, rel, p, folder)
        except OSError:
            return False  # gone since the save (renamed, deleted): MkDocs' build sees the new state
        return not p.items and old is not None and new is not None and _shown(old) == _shown(new)


def _addresses(catalog) -> dict[str, str]:
    return {a.path: a.url for a in catalog.articles}


def _shown(draft: ArticleDraft) -> tuple:
    """What other pages and the site check use of an article file: all but its text and links' lines."""
    return dataclasses.replace(draft, links=[]), [target for _, target in draft.links]


def _watched(config) -> tuple[str, ...]:
    """What the preview's pages are made from: content, mkdocs.yml and our templates."""
    roots = [config.docs_dir]
    if config.config_file_path:
        roots.append(config.config_file_path)
    if config.theme.custom_dir:
        roots.append(config.theme.custom_dir)
    return tuple(roots)


def _render(b: _Built, pages: list) -> None:
    """Each page as MkDocs' build renders it (Markdown, then template), then feeds and search."""
    config, files = b.config, b.files
    plugins = config.plugins
    search = plugins.get("kexie/search")
    if search is not None:
        search.rendered = []
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        _markdown(page, config, files)
    for page in pages:
        build_page(page, config, (b.env, b.nav, doc_files))
    if (feeds := plugins.get("kexie/feeds")) is not None:
        feeds._write(config)
    if search is not None and search.config.enabled:
        search._write(config, os.path.join(config.site_dir, "search"))
    if (cms := plugins.get("kexie/cms")) is not None:
        cms.refresh_rules(config)  # a slug or a reference may have changed: the open editor's checks follow


def _markdown(page, config, files) -> None:
    """MkDocs' _populate_page: the page's events around reading and converting its Markdown."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    finally:
        config._current_page = None
