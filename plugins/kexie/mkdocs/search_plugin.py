"""MkDocs adapter for our Chinese search (the work is in kexie.search).

Collects each rendered page's text, writes the sharded index after the
build, and adds the shareable results page ``/search/?q=…``. It is listed
as "material/search" too, because material's header shows the search box
only for a plugin of that name; our own ``partials/search.html`` then
replaces material's search dialog, so material's client never downloads an
index.
"""

from __future__ import annotations

import os
import threading

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..search.index import SearchIndex
from ..search.pages import article_doc, page_doc, view_doc

RESULTS_PAGE = "search/index.md"
RESULTS_MARKDOWN = "---\ntitle: 搜索\ntemplate: kexie/search.html\nsearch:\n  exclude: true\n---\n"


class SearchConfig(Config):
    enabled = c.Type(bool, default=True)  # read by material's header template
    # Older settings, accepted and unused: Chinese search needs no language option or word list.
    lang = c.Optional(c.Type((str, list)))
    jieba_dict_user = c.Optional(c.Type(str))


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def on_startup(self, *, command, dirty):
        self.dirty = dirty
        # serve --dirty keeps the written index too: a save rewrites only its pages' shards
        self.index = SearchIndex(keep=dirty)

    def on_config(self, config):
        if not hasattr(self, "index") or not getattr(self, "dirty", False):
            self.index = SearchIndex()  # every page is rendered again: start afresh
        dict.__setitem__(config.plugins, "material/search", self)  # no second registration of our events

    def on_files(self, files: Files, config) -> Files:
        files.append(File.generated(config, RESULTS_PAGE, content=RESULTS_MARKDOWN, inclusion=InclusionLevel.NOT_IN_NAV))
        self.urls = {f.url for f in files.documentation_pages()}
        return files

    # Last, so the page's HTML is what readers get (after every other plugin changed it).
    @event_priority(-100)
    def on_page_content(self, html: str, page, config, files) -> str:
        if self.config.enabled:
            doc = self._doc(html, page, config)
            if doc is not None:
                self.index.add(doc)
        return html

    # The index is written in a thread while the other plugins' on_post_build
    # run (feeds): sorting and file writes release the GIL, so both cores work.
    @event_priority(100)
    def _start_writing(self, config) -> None:
        self._writer = None
        if self.config.enabled:
            self.index.keep_only(self.urls)
            self._writer = _Writer(self.index, os.path.join(config.site_dir, "search"))
            self._writer.start()

    # After the feeds (-50), before kexie/site swaps the finished site into place (-100).
    @event_priority(-99)
    def _finish_writing(self, config) -> None:
        if self._writer is not None:
            self._writer.finish()

    on_post_build = CombinedEvent(_start_writing, _finish_writing)

    def _doc(self, html: str, page, config):
        src = page.file.src_uri
        if src in (RESULTS_PAGE, "index.md"):
            return None
        site = config.plugins.get("kexie/site")
        if site is not None and site.catalog is not None:
            if article := site.catalog.by_path.get(src):
                return article_doc(article, html)
            if view := site.views.get(src):
                return view_doc(view, html)
        return page_doc(page.url, page.title or "", html)


class _Writer(threading.Thread):
    """Writes the index; finish() waits and re-raises what went wrong."""

    def __init__(self, index: SearchIndex, out: str):
        super().__init__(name="kexie-search-index", daemon=True)
        self.index, self.out, self.error = index, out, None

    def run(self) -> None:
        try:
            self.index.write(self.out)
        except BaseException as e:  # handed to the build in finish()
            self.error = e

    def finish(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error
