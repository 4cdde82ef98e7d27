"""MkDocs adapter: check the content, add generated pages, give templates their data.

Event order (MkDocs 1.6): on_startup → on_config → on_pre_build → (site_dir
cleaned) → on_files → on_nav → on_page_* → on_post_build.  All content logic
lives in the core modules.

A build never destroys the last good site: content is checked in
``on_pre_build``, before MkDocs cleans site_dir, and ``mkdocs build`` writes
into a fresh folder beside site/ that replaces it only when the whole build
succeeded (a build killed midway leaves site/ as it was).  ``mkdocs serve``
keeps serving when content is wrong, with a page listing the problems.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.catalog import Catalog
from ..core.checks import check_site
from ..core.dates import zh_date
from ..core.html_safety import SanitiseExtension
from ..core.messages import render
from ..core.problems import ContentError, Problem
from ..core.publishing import WITHDRAWN
from ..core.shown import Fingerprints
from ..core.source_cache import SourceCache
from ..core.views import PER_PAGE, View, front_page, generate, print_neighbours
from ..reading.markup import valid_shell
from . import build_swap, place, roster_guard, serve_errors, vanished, watching
from .fragments import Fragments
from .parallel_plugin import may_fork
from .quick import QuickSaves

log = logging.getLogger("mkdocs.plugins.kexie")


class SiteConfig(Config):
    per_page = c.Type(int, default=PER_PAGE)
    fragments = c.Type(bool, default=True)  # material's tabs and page config rendered once per folder


class SitePlugin(BasePlugin[SiteConfig]):
    """Issues, sections, people, orgs and the news hub over one catalog."""

    supports_multiple_instances = False

    def on_startup(self, *, command, dirty):
        self.command, self.dirty = command, dirty
        # Kept across `mkdocs serve` rebuilds (this object lives as long as the server):
        # a save re-reads only the files that changed.
        self.sources = SourceCache()
        self.shown: dict[str, str] = {}  # page source → fingerprint of what its last render showed
        self.compiled = _CompiledTemplates()
        self.quick = QuickSaves(self)  # serve --dirty: a save of articles' text re-renders only them
        self.outputs: dict[str, str] = {}  # page source → its file in site_dir (a deleted page's is removed)

    def on_config(self, config):
        roster_guard.require_all(config)
        if not hasattr(self, "shown"):  # built without on_startup (mkdocs.commands.build called directly)
            self.on_startup(command="build", dirty=False)
        # `mkdocs serve` keeps this object between rebuilds: reset per build.
        self.catalog: Catalog | None = None
        self.views: dict[str, View] = {}
        self.problems: list[Problem] = []
        self.pending: dict[str, str] = {}  # fingerprints of this build, kept once it succeeds
        config.markdown_extensions.append(SanitiseExtension())
        serving = getattr(self, "command", "build") == "serve"
        self.swap = None if serving or getattr(self, "dirty", False) else build_swap.BuildSwap(config)
        # `serve --dirty`: render only the pages whose source or shown data changed
        self.incremental = serving and getattr(self, "dirty", False)
        if self.incremental and self.shown:
            # the sitemap lists all 6,000 pages (0.3 s a save); the first build's is good enough for a preview
            config.theme.static_templates -= {"sitemap.xml", "sitemap.xml.gz"}
        if self.incremental:
            self.quick.build_starts(config)
        return config

    def on_serve(self, server, config, builder):
        watching.watch_with_inotify(server)
        if self.incremental:
            server.builder = self.quick.builder(server.builder)
        server.builder = vanished.builder(server.builder, config)
        return server

    # Before MkDocs empties site_dir: a content error stops the build with site/ untouched.
    def on_pre_build(self, config) -> None:
        self.sources.fork = may_fork(config)  # a child reads half the articles (a cold cache: a full build)
        try:
            # the preview shows drafts and scheduled articles (marked); a build holds them back
            self.catalog = check_site(config.docs_dir, cache=self.sources, preview=self.command == "serve")
        except ContentError as e:
            for problem in e.problems:
                log.error(str(problem))
            if self.swap is not None:
                raise PluginError(render("report.build_stopped", n=len(e.problems))) from None
            self.problems = e.problems  # serving: show them in the browser, keep serving
            self.catalog = Catalog([], [], [], [], [], [])

    # Run before other plugins' on_files, so they see our generated pages.
    @event_priority(50)
    def on_files(self, files: Files, config) -> Files:
        serve_errors.pause(bool(self.problems))
        if self.problems:
            return serve_errors.only_assets(files)
        if self.incremental:
            serve_errors.remove_pages(config.site_dir)
        held = {a.path for a in self.catalog.held}
        for f in list(files):
            if _is_data(f.src_uri) or f.src_uri in held:  # input, or a draft / a scheduled article not yet due
                files.remove(f)
            elif (a := self.catalog.by_path.get(f.src_uri)) and f.url.rstrip("/") != a.url.rstrip("/"):
                f.dest_uri = f"{a.url}index.html"  # front matter slug wins over the file name
                del f.url
        shown = Fingerprints(_site_salt(config)) if self.incremental else None
        for view in generate(self.catalog, self.config.per_page):
            page = _View.generated(config, view.src_uri, content=view.markdown(), inclusion=InclusionLevel.NOT_IN_NAV)
            if shown is not None:
                page.changed = self._note(view.src_uri, shown.of(view))
            files.append(page)
            self.views[view.src_uri] = view
        if shown is not None:
            self._expire_changed_pages(files, shown)
            self._remove_deleted_pages(files)
        return files

    def _remove_deleted_pages(self, files: Files) -> None:
        """A deleted or renamed article's old page: MkDocs' dirty build leaves it served."""
        outputs = {f.src_uri: f.abs_dest_path for f in files.documentation_pages()}
        for src in self.outputs.keys() - outputs.keys():
            if self.outputs[src] not in outputs.values() and os.path.isfile(self.outputs[src]):
                os.unlink(self.outputs[src])
        self.outputs = outputs

    def _note(self, src_uri: str, fingerprint: str) -> bool:
        """Record a page's fingerprint for this build; whether it differs from its last render."""
        self.pending[src_uri] = fingerprint
        return self.shown.get(src_uri) != fingerprint

    def _expire_changed_pages(self, files: Files, shown: Fingerprints) -> None:
        """Articles and the home page show data from other files (neighbours' titles, the
        registries, the latest issue): when that changed, their built page is removed, so
        MkDocs renders them again although their own source is unchanged."""
        for f in self._changed_pages(files, shown):
            if os.path.isfile(f.abs_dest_path):
                os.unlink(f.abs_dest_path)

    def _changed_pages(self, files: Files, shown: Fingerprints, may_show=lambda src: True):
        """The pages not generated by us (articles, home) whose shown data changed since their last render."""
        for f in files.documentation_pages():
            if f.src_uri in self.views or not may_show(f.src_uri):
                continue
            if article := self.catalog.by_path.get(f.src_uri):
                neighbours = [(n.title, n.url) if n else None for n in print_neighbours(self.catalog, article)]
                fingerprint = shown.of(article, neighbours)
            else:
                fingerprint = shown.of(front_page(self.catalog) if f.src_uri == "index.md" else None)
            known = f.src_uri in self.shown
            if self._note(f.src_uri, fingerprint) and known:
                yield f

    def changed_pages(self, config, files: Files, catalog: Catalog, views: dict[str, View], may_show) -> list[File]:
        """A quick save's new catalog and views: of the pages that ``may_show`` the edit, those whose
        shown data changed (their fingerprints kept once rendered, ``fingerprints_kept``);
        generated pages get their new Markdown."""
        self.catalog, self.views, self.pending = catalog, views, {}
        shown = Fingerprints(_site_salt(config))
        changed = []
        for src, view in views.items():
            if may_show(src) and self._note(src, shown.of(view)):
                f = files.get_file_from_path(src)
                f.content_string = view.markdown()
                changed.append(f)
        return changed + list(self._changed_pages(files, shown, may_show))

    def fingerprints_kept(self) -> None:
        self.shown.update(self.pending)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        article = self.catalog.by_path.get(page.file.src_uri)
        # sitemap <lastmod> from content, not the build clock: rebuilds stay identical
        page.update_date = (article.updated if article else self.catalog.newest_date).isoformat()
        view = self.views.get(page.file.src_uri)
        if article:
            # material prints meta.title raw in <title> and the header
            page.meta["title"] = page.title = html.escape(article.title, quote=False)
        elif view:
            page.meta["title"] = page.title = html.escape(view.title, quote=False)
        # material prints meta.description raw too; each page its own (shared links preview it)
        description = article.summary if article else view.description if view else ""
        if description:
            page.meta["description"] = html.escape(description)
        if article and article.state == WITHDRAWN:
            page.meta["search"] = {"exclude": True}
            page.meta["robots"] = "noindex"  # <meta name="robots">; left out of the sitemap
            return ""  # the address stays; the template shows the withdrawal notice instead of the text
        return markdown

    def on_nav(self, nav, config, files):
        self._nav = nav  # for the next quick save
        return nav

    def on_env(self, env, config, files):
        self._env, self._files = env, files  # for the next quick save
        env.filters["zh_date"] = zh_date
        Fragments(self.config.fragments).install(env, _material_dir(config))  # a fresh cache per build, as the env is
        env.cache = {}  # Jinja's LRU cache scans its queue on every {% include %}; nothing evicts in a build
        if self.incremental:
            # MkDocs makes a new Jinja environment every rebuild, which compiles every template again
            env.bytecode_cache = self.compiled
        return env

    def on_page_context(self, context, page, config, nav):
        context["catalog"] = self.catalog
        context["kx"] = self.views.get(page.file.src_uri)
        context["kx_article"] = article = self.catalog.by_path.get(page.file.src_uri)
        if article and article.issue:
            context["kx_previous"], context["kx_next"] = print_neighbours(self.catalog, article)
        if page.is_homepage:
            context["kx_front"] = front_page(self.catalog)
        self._tab = place.mark(nav, page)
        return context

    def on_post_page(self, output: str, page, config) -> str:
        place.unmark(getattr(self, "_tab", None))
        self._tab = None
        return valid_shell(output)

    def on_post_template(self, output: str, template_name: str, config) -> str:
        return valid_shell(output) if template_name.endswith(".html") else output  # 404.html

    # After every other on_post_build handler (feeds; search joins its writer at -100):
    # the site is swapped in only when all its files are written.
    @event_priority(-1000)
    def on_post_build(self, config) -> None:
        if self.problems:
            serve_errors.write_pages(config.site_dir, self.problems)
        self.shown.update(self.pending)  # only a finished build's pages are on disk as fingerprinted
        if self.incremental and not self.problems:
            self.quick.build_done(config, self._files, self._nav, self._env)
        if self.swap is not None:
            self.swap.finish(config)

    def on_build_error(self, error) -> None:
        if getattr(self, "swap", None) is not None:
            self.swap.abandon()


class _View(File):
    """A generated page.  MkDocs takes every in-memory page for modified; under
    `serve --dirty` this one is rendered only when what it shows changed."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory across rebuilds; Jinja checks each against its source."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def _site_salt(config) -> str:
    """What every page shows besides its data: mkdocs.yml and our templates (edited under --watch-theme)."""
    parts = [Path(config.config_file_path).read_text(encoding="utf-8")] if config.config_file_path else []
    if config.theme.custom_dir:
        for path in sorted(Path(config.theme.custom_dir).rglob("*.html")):
            try:
                parts.append(f"{path}:{path.stat().st_mtime_ns}")
            except OSError:
                continue  # an editor's save replacing the template: the next build sees it
    return "\n".join(parts)


def _is_data(src_uri: str) -> bool:
    """Registries and issue.yml are input, not site files."""
    return src_uri.startswith("_data/") or src_uri.endswith("/issue.yml")


def _material_dir(config) -> str | None:
    """material's own templates folder (past custom_dir)."""
    return next((d for d in config.theme.dirs if os.path.basename(os.path.dirname(d)) == "material"), None)
