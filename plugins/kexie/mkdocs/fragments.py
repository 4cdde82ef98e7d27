"""Parts of material's page that are the same for every page of one folder, rendered once per folder.

material renders its header, header tabs, sidebar nav and page config (a
JSON script) for every page, ~50 % of a build's template time.  They depend
only on where the page sits (their links are relative to it), on which nav
entries are active and, for the header, on the page's title, so pages
outside the nav that share a folder and the active entries share them: the
40 articles of an issue render them once, the header with a placeholder
where each page's title goes.  Nav pages (whose own nav entry is the
current page) are always rendered in full.

Used from ``theme_overrides/``: ``{{ kx_fragment("tabs", super) }}`` in a
block, or ``{% call kx_fragment("nav") %}…{% endcall %}`` around an include of
material's own partial (reachable as ``material/partials/…``, see ``install``).
"""

from __future__ import annotations

import posixpath

import jinja2
from jinja2 import pass_context

MATERIAL = "material/"  # template names under it are material's own, past our overrides
TITLE_SLOT = "\ue000kx-title\ue000"  # private-use characters: no page text holds them


class Fragments:
    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.kept: dict[tuple, str] = {}

    def install(self, env, material_dir: str | None) -> None:
        env.globals["kx_fragment"] = pass_context(lambda context, name, render_block=None, caller=None, title=False:
                                                   self.render(context, name, render_block or caller, title))
        if material_dir:  # an override of a partial includes the original as material/partials/…
            env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({MATERIAL.rstrip("/"): jinja2.FileSystemLoader(material_dir)})])

    def render(self, context, name: str, render_block, title: bool = False):
        """``title``: the part shows the page's title (material prints meta.title, else title)."""
        key = self._key(context, name) if self.enabled else None
        if key is None:
            return render_block()
        if key not in self.kept:
            self.kept[key] = _with_title_slot(context["page"], render_block) if title else render_block()
        if not title:
            return self.kept[key]
        page = context["page"]
        return self.kept[key].replace(TITLE_SLOT, str((page.meta or {}).get("title") or page.title))

    @staticmethod
    def _key(context, name: str) -> tuple | None:
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None or page.url is None or page in nav.pages:
            return None
        url = page.url
        # pages in one folder, at one depth, reach every nav target by the same relative path
        return (name, posixpath.dirname(url.rstrip("/")), url.count("/"), url.endswith("/"),
                tuple(bool(item.active) for item in _walk(nav.items)))


def _with_title_slot(page, render_block) -> str:
    """The part rendered with TITLE_SLOT where the page's title goes."""
    meta = page.meta
    had, before = "title" in meta, meta.get("title")
    meta["title"] = TITLE_SLOT
    try:
        return render_block()
    finally:
        if had:
            meta["title"] = before
        else:
            del meta["title"]


def _walk(items):
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or ())
