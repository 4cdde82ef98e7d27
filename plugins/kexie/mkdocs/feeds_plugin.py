"""MkDocs adapter for feeds: collect each article's HTML, write feeds after the build,
and tell templates which feeds belong to each page."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from ..core.feeds import MAX_ITEMS, NAMED_FULL, FeedWriter, opening
from ..core.messages import render
from . import roster_guard

log = logging.getLogger("mkdocs.plugins.kexie.feeds")


class FeedsConfig(Config):
    max_items = c.Type(int, default=MAX_ITEMS)
    named_full = c.Type(int, default=NAMED_FULL)  # full items at the top of a person's or org's feed


class FeedsPlugin(BasePlugin[FeedsConfig]):
    # Having on_startup makes MkDocs keep this instance across `mkdocs serve`
    # rebuilds, so a --dirty rebuild (which renders only the edited article)
    # still finds every other article's HTML here.
    def on_startup(self, *, command, dirty):
        self.html: dict[str, str] = {}  # article path → rendered HTML, of the articles a feed carries in full
        self.openings: dict[str, str] = {}  # article path → its text's opening (a brief's stand-in for a missing summary)
        # `mkdocs serve` keeps every article's HTML: a rebuild renders only the edited page, yet may move
        # another article into a full feed.  A build keeps only what the feeds print (memory bounded by
        # the feeds, not the archive).
        self.keep_all = command == "serve" or dirty
        self._full: tuple[object, set[str]] = (None, set())  # (catalog, full_paths of it)
        # FeedWriter's feeds, remade only when their items change, and file → the bytes last written
        # there (a save rewrites what changed): kept by `mkdocs serve` only, a build holds no feed
        self.memo: dict | None = {} if self.keep_all else None
        self.written: dict[Path, bytes] = {}

    def on_config(self, config):
        roster_guard.require_all(config)
        if not config.site_url:
            raise PluginError(render("config.site_url_missing"))
        if not hasattr(self, "html"):  # built without on_startup (e.g. mkdocs.commands.build called directly)
            self.on_startup(command="build", dirty=False)

    def _site(self, config):
        return config.plugins["kexie/site"]

    def on_page_content(self, html: str, page, config, files) -> str:
        catalog = self._site(config).catalog
        article = catalog.by_path.get(page.file.src_uri)
        if article is None:
            return html
        if self.keep_all or article.path in self._full_paths(config, catalog):
            self.html[article.path] = html
        else:
            self.html.pop(article.path, None)
        if not article.summary:
            self.openings[article.path] = opening(html)
        return html

    def _writer(self, config, catalog) -> FeedWriter:
        return FeedWriter(catalog, config.site_url, config.site_name, lambda a: self.html.get(a.path, ""),
                          self.config.max_items, self.memo, self.config.named_full,
                          lambda a: self.openings.get(a.path) or opening(self.html.get(a.path, "")))

    def _full_paths(self, config, catalog) -> set[str]:
        if self._full[0] is not catalog:
            self._full = (catalog, self._writer(config, catalog).full_paths())
        return self._full[1]

    # After kexie/site has put the catalog and the page's view in the context.
    @event_priority(-50)
    def on_page_context(self, context, page, config, nav):
        site = self._site(config)
        context["kx_feeds"] = feed_links(site.catalog, context.get("kx"), context.get("kx_article"), config.site_name)
        return context

    # Written here after the pages, while kexie/parallel's template child and the search
    # child finish (they are joined after this): a child of its own for the feeds would
    # only take CPU from the search child, the build's longest job.
    def on_post_build(self, config) -> None:
        self._write(config)

    def _write(self, config) -> None:
        writer = self._writer(config, self._site(config).catalog)
        out = Path(config.site_dir)
        for rel, data in writer.each_feed():
            path = out / rel
            if self.written.get(path) == data and path.is_file():
                continue  # already on disk (serve --dirty keeps site_dir between saves)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            if self.keep_all:
                self.written[path] = data


def feed_links(catalog, view, article, site_name: str) -> list[tuple[str, str]]:
    """(title, folder) of the feeds a page offers, most specific first, site feed last."""
    links = []
    if view and view.feeds:
        links.append((view.title, view.feeds))
    if article:
        links.append((article.section.name, article.section.url))
        if article.issue:
            links.append(("期刊", "issues/"))
    links.append((site_name, ""))
    return list(dict.fromkeys(links))
