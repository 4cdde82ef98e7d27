"""Parts of material's page that are the same for every page of one folder, rendered once per folder.

material renders its header tabs and its page config (a JSON script) for
every page, ~10 % of a build's template time.  Both depend only on where the
page sits (their links are relative to it) and on which tab is active, so
pages outside the nav that share a folder and an active tab share them:
the 40 articles of an issue render them once.  Nav pages (whose own nav
entry is the current page) are always rendered in full.

Used from ``theme_overrides/main.html``: ``{{ kx_fragment("tabs", super) }}``.
"""

from __future__ import annotations

import posixpath

from jinja2 import pass_context


class Fragments:
    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.kept: dict[tuple, str] = {}

    def install(self, env) -> None:
        env.globals["kx_fragment"] = pass_context(lambda context, name, render_block: self.render(context, name, render_block))

    def render(self, context, name: str, render_block):
        key = self._key(context, name) if self.enabled else None
        if key is None:
            return render_block()
        if key not in self.kept:
            self.kept[key] = render_block()
        return self.kept[key]

    @staticmethod
    def _key(context, name: str) -> tuple | None:
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None or page.url is None or page in nav.pages:
            return None
        url = page.url
        # pages in one folder, at one depth, reach every nav target by the same relative path
        return (name, posixpath.dirname(url.rstrip("/")), url.count("/"), url.endswith("/"),
                tuple(bool(item.active) for item in nav.items))
