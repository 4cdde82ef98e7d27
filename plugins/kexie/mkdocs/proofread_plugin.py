"""MkDocs adapter for proofreading (校对单, ``kexie/proofread``).

The preview (``mkdocs serve``) runs the whole pass after the site check, shows
a 校对单 page at /proofread/ and a mark above each article with warnings, and
hands the warnings to the web editor (admin/problems.json).  A build runs only
the classes the house file (content/_data/proofread.yml) makes errors, and
stops on them; none by default, so a build reads no more than that file.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.messages import render
from ..core.registries import DATA_DIR
from ..core.problems import Problems
from ..proofread.house import load_house
from ..proofread.sheet import SHEET_URL, mark_html, sheet_html
from . import roster_guard

if TYPE_CHECKING:
    from ..proofread.site import Report

log = logging.getLogger("mkdocs.plugins.kexie")
SHEET_SOURCE = f"{SHEET_URL}index.md"


class ProofreadPlugin(BasePlugin):
    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        # the preview's working set and findings, kept across its rebuilds (proofread/site.py)
        self.started_ns = time.time_ns()
        self.cache: dict = {}
        self.inputs: tuple = ()

    def on_config(self, config):
        roster_guard.require_all(config)
        self.report: Report | None = None
        self.by_path: dict = {}  # the report's warnings by file (pages look theirs up)
        return config

    # After kexie/site's check (its catalog), before MkDocs empties site_dir.
    @event_priority(-10)
    def on_pre_build(self, config) -> None:
        site = config.plugins.get("kexie/site")
        if site is None or site.problems or site.catalog is None:
            return  # content errors: the site plugin shows those
        root = Path(config.docs_dir)
        # the pass is imported only when it runs (jieba and the name tables: ~0.6 s a build that needs none)
        if getattr(self, "serving", False):
            from ..proofread.report import counts_line
            from ..proofread.site import preview_files, proofread_site

            inputs = _data_stamps(root)  # the house file and the registries: every finding may change with them
            if inputs != self.inputs:
                self.cache, self.inputs = {}, inputs
            files = preview_files(site.catalog, self._saved(root, site.catalog))
            self.report, self.catalog = proofread_site(root, site.catalog, files=files, cache=self.cache), site.catalog
            self.by_path = self.report.by_path()
            log.info(counts_line(self.report) if self.report.warnings else render("proof.none", chars=self.report.chars, seconds=f"{self.report.seconds:.2f}"))
            return
        p = Problems()
        house = load_house(root, p)
        if not house.errors and not p:
            return
        from ..proofread.site import proofread_site

        report = proofread_site(root, site.catalog, only=set(house.errors), house=house)
        stop = [str(x) for x in report.problems] + [str(w) for w in report.errors]
        for line in stop:
            log.error(line)
        if stop:
            raise PluginError(render("proof.build_stopped", n=len(stop)))

    def _again(self, root: Path, rel: str) -> None:
        """A page rendered again by a quick save (kexie/mkdocs/quick.py, no pre_build): its file's warnings
        anew when it changed since the pass, so a mended mistake leaves the box at once."""
        try:
            st = (root / rel).stat()
        except OSError:
            return
        if (rel, st.st_mtime_ns, st.st_size) in self.cache or (rel not in self.by_path and st.st_mtime_ns < self.started_ns):
            return  # unchanged since the pass, or outside its working set and not saved
        from ..proofread.site import proofread_site

        again = proofread_site(root, self.catalog, files=[rel], cache=self.cache, spacing=self.report.spacing)
        self.report.warnings = [w for w in self.report.warnings if w.path != rel] + again.warnings
        self.by_path = self.report.by_path()

    def _saved(self, root: Path, catalog) -> set[str]:
        """Articles and pages saved since the preview started (an old article an editor opens is proofread too)."""
        out = set()
        for rel in [a.path for a in catalog.every_article] + catalog.pages:
            try:
                if (root / rel).stat().st_mtime_ns >= self.started_ns:
                    out.add(rel)
            except OSError:
                pass
        return out

    @event_priority(40)  # after kexie/site adds its pages, before kexie/cms writes problems.json
    def on_files(self, files: Files, config) -> Files:
        if self.report is None:
            return files
        site = config.plugins.get("kexie/site")
        articles = site.catalog.by_path
        urls = {a.path: a.url for a in articles.values()}
        titles = {a.path: a.title for a in articles.values()}
        # the preview's own page: not a page of the site, so not in its search either
        from ..proofread.site import PREVIEW_NEWEST

        scope = render("proof.page_scope", newest=PREVIEW_NEWEST, files=self.report.files)
        body = f"---\nsearch:\n  exclude: true\n---\n# {render('proof.page_title')}\n\n" + sheet_html(self.by_path, urls, titles, scope)
        files.append(File.generated(config, SHEET_SOURCE, content=body, inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    @event_priority(-110)  # after kexie/search has read the page's text: the box is not the article's
    def on_page_content(self, html: str, page, config, files) -> str:
        if self.report is None or page.file.src_uri == SHEET_SOURCE:
            return html
        if self.serving:
            self._again(Path(config.docs_dir), page.file.src_uri)
        warnings = self.by_path.get(page.file.src_uri)
        if not warnings:
            return html
        return mark_html(warnings, page.url.count("/")) + html

    def warnings_for_editor(self, docs: str) -> list[dict]:
        """The preview's warnings as the web editor shows them (admin/problems.json)."""
        if self.report is None:
            return []
        return [{"path": f"{docs}/{w.path}", "line": w.line, "column": w.column, "kind": w.kind, "text": str(w)}
                for w in self.report.warnings]


def _data_stamps(root: Path) -> tuple:
    data = root / DATA_DIR
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in data.glob("*.yml"))) if data.is_dir() else ()
