"""MkDocs adapter that puts the second core to work on a full build.

MkDocs renders pages one by one in two loops: Markdown → HTML for every page
(``_populate_page``), then the theme's template for every page
(``_build_page``).  Both are pure per page, so a forked child (``forked.py``)
takes the tail of each loop while MkDocs works through the head:

- ``on_nav``: the child converts the Markdown of the tail pages.  Those pages
  are ``PrerenderedPage`` objects, whose ``render()`` takes the child's HTML
  when the page's Markdown is exactly what the child converted (otherwise it
  converts it as usual).  Every plugin hook still runs in this process.
- ``on_env``: the child renders the tail pages' templates and writes their
  files.  MkDocs' own loop runs every plugin hook for those pages around an
  empty template and writes nothing for them (``on_post_page`` gives it an
  empty page; its "Page skipped" note is filtered), so this process goes on
  to the feeds without waiting; ``on_post_build`` joins the child, and renders
  here any page the child did not write.

Not used for ``--dirty`` rebuilds (a few pages; a ``serve --dirty`` session's
first build renders every page and uses it) or on one core.  If a child
fails, the pages are rendered here, serially, and any error reads as usual.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os

import jinja2
import markdown
from mkdocs.commands.build import get_context
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import BuildError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import write_file

from ..core import forked
from ..core.source_cache import file_stamp
from . import roster_guard

log = logging.getLogger("mkdocs.plugins.kexie.parallel")

EMPTY_TEMPLATE = "kexie/.prerendered.html"


def may_fork(config, kept: bool = False) -> bool:
    """Whether this build puts work into forked children (kexie/parallel listed and on).

    ``kept``: the work leaves state that a plugin keeps for the next build (feeds, search
    index, editor config under ``serve --dirty``); such work stays in this process there."""
    plugin = config.plugins.get("kexie/parallel")
    return bool(plugin is not None and getattr(plugin, "on", False) and not (kept and plugin.dirty))


class ParallelConfig(Config):
    enabled = c.Type(bool, default=True)  # also off with KEXIE_JOBS=1, on one core, and for --dirty
    # Share of the pages the child takes: this process also runs every plugin hook for every page.
    markdown_share = c.Type(float, default=0.44)
    template_share = c.Type(float, default=0.5)


class ParallelPlugin(BasePlugin[ParallelConfig]):
    def on_startup(self, *, command, dirty):
        self.serving, self.dirty = command == "serve", dirty
        self.built = False  # `serve --dirty` renders every page only in its first build

    def on_config(self, config):
        roster_guard.require_all(config)
        if not hasattr(self, "serving"):  # built without on_startup (mkdocs.commands.build called directly)
            self.on_startup(command="build", dirty=False)
        self.template_job = None
        self._unmute: int | None = None  # logging's disable level to go back to
        self.templates: dict[str, str | None] = {}  # page handed to the child → its own template
        self.skipped: _SkippedHere | None = None  # while the template child writes its pages
        self.on = self.config.enabled and forked.available() and not (self.dirty and self.built)

    # Last: every file exists.  Pages outside the nav (MkDocs would make a plain Page for
    # each in get_navigation) become PrerenderedPage; nav entries keep their nav titles.
    @event_priority(-100)
    def on_files(self, files, config):
        if self.on:
            in_nav = set(_nav_paths(config.nav))
            for f in files.documentation_pages():
                if f.page is None and f.src_uri not in in_nav:
                    PrerenderedPage(None, f, config)
        return files

    # Last: other plugins' on_nav have run.
    @event_priority(-100)
    def on_nav(self, nav, config, files):
        self.nav = nav
        if not self.on:
            return nav
        pages = [f.page for f in self._doc_files(files) if isinstance(f.page, PrerenderedPage) and self._renders(f)]
        tail = _tail(pages, self.config.markdown_share, _source_size)
        if tail:
            job = forked.ForkedJob("markdown", lambda: _convert_markdown(tail, config, files))
            for page in tail:
                page.prerendered = job
        return nav

    # Last, after every plugin has the page's HTML: a build needs no page's Markdown once it is
    # HTML, so it is not held to the end (~3,200 characters a page: ~300 MB at 50,000 articles)
    # nor copied into the children forked at on_env.  "" not None: Page.title reads None as unread.
    # `mkdocs serve` keeps it (a rebuild may reuse a page).
    @event_priority(-1000)
    def on_page_content(self, html, page, config, files):
        if not self.serving:
            page.markdown = ""
        return html

    # Last: the template environment is complete and every page populated.
    @event_priority(-100)
    def on_env(self, env, config, files):
        if not self.on:
            return env
        env.auto_reload = False  # nothing changes a template mid-build: no stat() per {% include %}
        doc_files = self._doc_files(files)
        for f in doc_files:  # every page is populated: let the Markdown child's copy of the HTML go
            if isinstance(f.page, PrerenderedPage):
                f.page.prerendered = None
        pages = [f.page for f in doc_files if f.page is not None and not f.inclusion.is_excluded() and self._renders(f)]
        tail = _tail(pages, self.config.template_share, lambda page: 1)
        if not tail:
            return env
        self.render_args = (env, self.nav, doc_files)
        self.template_job = forked.ForkedJob("templates", lambda: _write_pages(tail, config, self.render_args))
        self.tail = tail
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({EMPTY_TEMPLATE: ""}), env.loader])
        for page in tail:  # after the fork: the child renders their own templates
            self.templates[page.file.src_uri] = page.meta.get("template")
            page.meta["template"] = EMPTY_TEMPLATE
        self.skipped = _SkippedHere(set(self.templates))
        _BUILD_LOG.addFilter(self.skipped)
        return env

    # First: for a page the child renders, MkDocs' loop here runs the page hooks again
    # around an empty template; what they log was logged in the child already.
    @event_priority(1000)
    def on_page_context(self, context, page, config, nav):
        if page.file.src_uri in self.templates:
            self._unmute = logging.root.manager.disable
            logging.disable(logging.CRITICAL)
        return context

    # After every other plugin: nothing for MkDocs to write, the child writes the page.
    @event_priority(-200)
    def on_post_page(self, output, page, config):
        src = page.file.src_uri
        if src not in self.templates:
            return output
        self._restore_logging()
        _set_template(page, self.templates.pop(src))
        return ""

    # After the feeds (written here meanwhile), before the search index is joined:
    # every page the child did not write (it failed) is written here, errors reported as usual.
    @event_priority(-50)
    def on_post_build(self, config):
        self.built = True
        if self.template_job is None:
            return
        self._unfilter()
        written = self._template_results()
        for page in self.tail:
            src = page.file.src_uri
            if src in self.templates:  # MkDocs skipped it (--dirty: the child's file is newer than its source)
                _set_template(page, self.templates.pop(src))
            if src not in written:
                build_page(page, config, self.render_args)
        self.template_job = self.tail = None

    def on_build_error(self, error):
        self._restore_logging()
        self._unfilter()

    def _restore_logging(self) -> None:
        if getattr(self, "_unmute", None) is not None:  # (a build may fail before on_config)
            logging.disable(self._unmute)
            self._unmute = None

    def _unfilter(self) -> None:
        if getattr(self, "skipped", None) is not None:  # (a build may fail before on_config)
            _BUILD_LOG.removeFilter(self.skipped)
            self.skipped = None

    def _template_results(self) -> set[str]:
        try:
            return self.template_job.result()
        except forked.ChildFailed as e:
            log.debug(f"template child failed, rendering here: {e}")
            return set()

    def _renders(self, f) -> bool:
        return not self.dirty or f.is_modified()  # a dirty build renders only modified pages

    def _doc_files(self, files):
        return files.documentation_pages(inclusion=InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included)


class PrerenderedPage(Page):
    """A page whose Markdown a forked child may already have converted, else
    converted here by a Markdown instance kept for the build."""

    prerendered = None  # the ForkedJob converting it, if any

    def read_source(self, config) -> None:
        """The child's reading of the file, while the file is as the child read it."""
        mine = self._child_result()
        if mine is not None and mine["source"] is not None and mine["source"][0] == _stamp(self.file):
            self.markdown, self.meta = mine["source"][1], mine["source"][2]
        else:
            super().read_source(config)

    def render(self, config, files) -> None:
        if not self._from_child(files):
            _render(self, config, files)

    def _child_result(self) -> dict | None:
        if self.prerendered is None:
            return None
        try:
            return self.prerendered.result().get(self.file.src_uri)
        except forked.ChildFailed as e:
            log.debug(f"Markdown child failed, converting here: {e}")
            self.prerendered = None
            return None

    def _from_child(self, files) -> bool:
        """Take the child's rendering of exactly this Markdown, if there is one."""
        mine = self._child_result()
        if mine is None or mine["digest"] != _digest(self.markdown):
            return False  # a plugin changed the Markdown after the child read it
        self.content, self.toc, self._title_from_render = mine["content"], mine["toc"], mine["title"]
        self.present_anchor_ids = mine["anchors"]
        if mine["links"] is not None:
            self.links_to_anchors = {files.get_file_from_path(src): links for src, links in mine["links"].items()}
        return True


def _convert_markdown(pages: list[Page], config, files) -> dict:
    """In the child: what Page.render would set on each page, by source path."""
    out = {}
    for page in pages:
        config._current_page = page
        page = config.plugins.on_pre_page(page, config=config, files=files)
        stamp = _stamp(page.file)
        page.read_source(config)
        source = None if stamp is None else (stamp, page.markdown, copy.deepcopy(page.meta))  # before plugins change meta
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        _render(page, config, files)
        links = None if page.links_to_anchors is None else {f.src_uri: v for f, v in page.links_to_anchors.items()}
        out[page.file.src_uri] = {"source": source, "digest": _digest(page.markdown), "content": page.content, "toc": page.toc,
                                  "title": page._title_from_render, "anchors": page.present_anchor_ids, "links": links}
    config._current_page = None
    return out


_kept: list = [None, None]  # (config, its Markdown instance)


def _render(page: Page, config, files) -> None:
    """MkDocs' Page.render, with one Markdown instance reset between pages rather than a
    new one built for each (~15 % of the Markdown time: every extension set up again)."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    if _kept[0] is not config:
        _kept[:] = config, markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
    md = _kept[1]
    md.reset()
    # MkDocs' per-page processors; registering one by name replaces the last page's
    raw_html = mkdocs_pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = mkdocs_pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors


def _write_pages(pages: list[Page], config, render_args) -> set[str]:
    """In the child: each page rendered and written as MkDocs' _build_page would; the pages written."""
    written = set()
    for page in pages:
        _write(page, _render_one(page, config, render_args))
        written.add(page.file.src_uri)
    return written


def build_page(page: Page, config, render_args) -> None:
    """A page rendered and written as MkDocs' _build_page does, its error reported as MkDocs does
    (a page the template child did not write; a preview's quick save)."""
    try:
        _write(page, _render_one(page, config, render_args))
    except Exception as e:
        _BUILD_LOG.error(f"Error building page '{page.file.src_uri}':" + ("" if isinstance(e, BuildError) else f" {e}"))
        raise


def _write(page: Page, output: str) -> None:
    if output.strip():  # as MkDocs' _build_page
        write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
    else:
        log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")


_BUILD_LOG = logging.getLogger("mkdocs.commands.build")


class _SkippedHere(logging.Filter):
    """MkDocs' note for a page it did not write because the template child writes it."""

    def __init__(self, srcs: set[str]):
        super().__init__()
        self.srcs = srcs

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message.split("'", 2)[1] in self.srcs)


def _render_one(page: Page, config, render_args) -> str:
    env, nav, doc_files = render_args
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        return config.plugins.on_post_page(output, page=page, config=config)
    finally:
        page.active = False
        config._current_page = None


def _tail(pages: list, share: float, weight) -> list:
    """The last pages of MkDocs' loop order holding ``share`` of the total weight:
    this process works from the front and meets the child's pages last."""
    total = sum(weight(p) for p in pages)
    tail, acc = [], 0
    for page in reversed(pages):
        if acc >= share * total:
            break
        tail.append(page)
        acc += weight(page)
    return tail[::-1]


def _source_size(page: Page) -> int:
    f = page.file
    if f.abs_src_path:
        try:
            return os.path.getsize(f.abs_src_path)
        except OSError:
            if not f.generated_by:
                return 0  # deleted since MkDocs listed it: the preview builds again (kexie.mkdocs.vanished)
    return len(f.content_bytes)  # a generated page


def _nav_paths(nav) -> list[str]:
    """Every Markdown path named in mkdocs.yml's nav."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for v in nav.values() for p in _nav_paths(v)]
    if isinstance(nav, list):
        return [p for v in nav for p in _nav_paths(v)]
    return []


def _set_template(page: Page, template: str | None) -> None:
    if template is None:
        page.meta.pop("template", None)
    else:
        page.meta["template"] = template


def _stamp(f) -> tuple[int, int] | None:
    """(mtime_ns, size) of a page's source file; None for a generated page."""
    return file_stamp(f.abs_src_path) if f.abs_src_path else None


def _digest(text: str | None) -> str:
    return hashlib.blake2b((text or "").encode("utf-8"), digest_size=16).hexdigest()

