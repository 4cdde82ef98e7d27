"""MkDocs adapter for our Chinese search (the work is in kexie.search).

Collects each rendered page's text, writes the sharded index after the
build, and adds the shareable results page ``/search/?q=…``. It is listed
as "material/search" too, because material's header shows the search box
only for a plugin of that name (and as "materialx/search" for mkdocs-materialx's); our own ``partials/search.html`` then
replaces material's search dialog, so material's client never downloads an
index.
"""

from __future__ import annotations

import os
import tempfile

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..search.index import Doc, Postings, SearchIndex, doc_record, postings
from ..search.spill import PostingSpill, kept
from ..search.pages import article_doc, page_doc, view_doc
from ..core.forked import Background, map_halves
from ..core.publishing import WITHDRAWN
from .parallel_plugin import may_fork
from . import roster_guard

RESULTS_PAGE = "search/index.md"
BATCH = 100  # pages whose tokens go to disk together
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
        self.index = SearchIndex(keep=dirty, once=not dirty)

    def on_config(self, config):
        roster_guard.require_all(config)
        if not hasattr(self, "index") or not getattr(self, "dirty", False):
            self.index = SearchIndex(once=True)  # every page is rendered again: start afresh
        self.rendered: list[tuple] = []  # (page, html) of this build, indexed when the index is written
        # no second registration of our events; "materialx/search": the name mkdocs-materialx's header asks for
        for name in ("material/search", "materialx/search"):
            dict.__setitem__(config.plugins, name, self)

    def on_files(self, files: Files, config) -> Files:
        files.append(File.generated(config, RESULTS_PAGE, content=RESULTS_MARKDOWN, inclusion=InclusionLevel.NOT_IN_NAV))
        self.urls = {f.url for f in files.documentation_pages()}
        return files

    # Last, so the page's HTML is what readers get (after every other plugin changed it).
    @event_priority(-100)
    def on_page_content(self, html: str, page, config, files) -> str:
        if self.config.enabled:
            self.rendered.append((page, html))
        return html

    # Every page's text is known once pages are populated: the index is written in a
    # forked child while the templates render (kexie/parallel), else at the end here.
    @event_priority(-90)
    def on_env(self, env, config, files):
        self.writing = None
        if self.config.enabled:
            self.index.keep_only(self.urls)
            out = os.path.join(config.site_dir, "search")
            fork = may_fork(config, kept=True)
            self.writing = Background("search", lambda: self._write(config, out, fork), fork=fork)
        return env

    # After the feeds, before kexie/site swaps the finished site into place (-1000).
    @event_priority(-99)
    def on_post_build(self, config) -> None:
        if self.writing is not None:
            self.writing.finish()

    def _write(self, config, out: str, fork: bool = False) -> None:
        """Each page's text and tokens (half of them in a second child, when forking), then
        the index files (in the child, when there is one).  A build puts the tokens to disk
        (kexie.search.spill), a batch of pages at a time, and keeps only each page's words."""
        spill = self.index.spill = _spill_beside(config.site_dir) if self.index.once else None
        try:
            pages = list(enumerate(self.rendered))
            batches = [pages[a: a + BATCH] for a in range(0, len(pages), BATCH)]
            for batch in map_halves("search pages", lambda batch: self._indexed_batch(batch, config, spill), batches, fork):
                for doc, tokens in batch:
                    if doc is not None:
                        self.index.add(doc, tokens)
            self.index.write(out)
        finally:
            if spill is not None:
                spill.close()
                self.index.spill = None

    def _indexed_batch(self, batch: list, config, spill: PostingSpill | None) -> list[tuple]:
        done = [self._indexed(page, html, config) for _, (page, html) in batch]
        if spill is None:
            return done
        spill.put([(key, tokens) for (key, _), (doc, tokens) in zip(batch, done) if doc is not None])
        where = iter(spill.put_records([doc_record(doc) for doc, _ in done if doc is not None]))
        out = []
        for (key, _), (doc, tokens) in zip(batch, done):
            if doc is not None:
                tokens = kept(key, tokens, next(where))
                doc.text = ""  # on disk: not handed back to the writing process
            out.append((doc, tokens))
        return out

    def _indexed(self, page, html: str, config) -> tuple[Doc | None, Postings | None]:
        doc = self._doc(html, page, config)
        return (None, None) if doc is None else (doc, postings(doc))

    def _doc(self, html: str, page, config):
        src = page.file.src_uri
        excluded = ((page.meta or {}).get("search") or {}).get("exclude")  # material's front matter: withdrawn pieces, the preview's 校对单
        if excluded or src in (RESULTS_PAGE, "index.md"):
            return None
        site = config.plugins.get("kexie/site")
        if site is not None and site.catalog is not None:
            if article := site.catalog.by_path.get(src):
                return None if article.state == WITHDRAWN else article_doc(article, html)
            if view := site.views.get(src):
                return view_doc(view, html)
        return page_doc(page.url, page.title or "", html)


def _spill_beside(site_dir: str) -> PostingSpill:
    """Postings on disk beside the site (a /tmp in memory would hold them in memory again)."""
    try:
        return PostingSpill(tempfile.mkdtemp(prefix=".kexie-postings-", dir=os.path.dirname(os.path.abspath(site_dir))))
    except OSError:
        return PostingSpill()
