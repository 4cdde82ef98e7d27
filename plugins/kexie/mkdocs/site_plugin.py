"""MkDocs adapter: load the catalog, add generated pages, give templates their data.

Event order (MkDocs 1.6): on_config → on_files → on_nav → on_page_markdown →
on_page_context → on_post_build.  All content logic lives in the core modules.
"""

from __future__ import annotations

import html
import logging

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.catalog import Catalog, load_catalog
from ..core.dates import zh_date
from ..core.problems import ContentError
from ..core.views import PER_PAGE, View, generate

log = logging.getLogger("mkdocs.plugins.kexie")


class SiteConfig(Config):
    per_page = c.Type(int, default=PER_PAGE)


class SitePlugin(BasePlugin[SiteConfig]):
    """Issues, sections, people, orgs and the news hub over one catalog."""

    supports_multiple_instances = False

    def on_config(self, config):
        # `mkdocs serve` keeps this object between rebuilds: reset per build.
        self.catalog: Catalog | None = None
        self.views: dict[str, View] = {}

    # Run before other plugins' on_files, so they see our generated pages.
    @event_priority(50)
    def on_files(self, files: Files, config) -> Files:
        self.catalog = _load(config.docs_dir)
        for f in list(files):
            if _is_data(f.src_uri):
                files.remove(f)
            elif (a := self.catalog.by_path.get(f.src_uri)) and f.url.rstrip("/") != a.url.rstrip("/"):
                f.dest_uri = f"{a.url}index.html"  # front matter slug wins over the file name
                del f.url
        for view in generate(self.catalog, self.config.per_page):
            files.append(File.generated(config, view.src_uri, content=view.markdown(), inclusion=InclusionLevel.NOT_IN_NAV))
            self.views[view.src_uri] = view
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        article = self.catalog.by_path.get(page.file.src_uri)
        # sitemap <lastmod> from content, not the build clock: rebuilds stay identical
        page.update_date = (article.date if article else self.catalog.newest_date).isoformat()
        if article:
            # material prints meta.title raw in <title> and the header
            page.meta["title"] = page.title = html.escape(article.title, quote=False)
        elif page.file.src_uri in self.views:
            page.meta["title"] = page.title = html.escape(self.views[page.file.src_uri].title, quote=False)
        return markdown

    def on_env(self, env, config, files):
        env.filters["zh_date"] = zh_date
        return env

    def on_page_context(self, context, page, config, nav):
        context["catalog"] = self.catalog
        context["kx"] = self.views.get(page.file.src_uri)
        context["kx_article"] = self.catalog.by_path.get(page.file.src_uri)
        return context


def _is_data(src_uri: str) -> bool:
    """Registries and issue.yml are input, not site files."""
    return src_uri.startswith("_data/") or src_uri.endswith("/issue.yml")


def _load(docs_dir: str) -> Catalog:
    try:
        return load_catalog(docs_dir)
    except ContentError as e:
        for problem in e.problems:
            log.error(str(problem))
        raise PluginError(f"{len(e.problems)} content problem(s) listed above; fix them and build again.") from None
