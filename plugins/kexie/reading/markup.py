"""Fixes to material's page shell that no template block reaches.

material's ``base.html`` writes the two toggle checkboxes and ``<main>`` outside
any block, and its ``toc.html`` labels a ``__toc`` checkbox that only pages in
the nav have; overriding them would mean copying whole templates, so the
rendered page is corrected here (a few exact string edits, per page).
"""

from __future__ import annotations

MAIN_ID = "kx-main"  # the skip link's target (theme_overrides/main.html, block header)

# The W3C checker: ``autocomplete`` is not allowed on a checkbox.  material sets it so that
# Firefox does not restore an open drawer or search on back/forward; reading.js resets them.
_TOGGLES = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
)
_MAIN = '<main class="md-main" data-md-component="main">'
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'
# The share card's ``<meta itemprop>`` (kexie/channels) needs an item around it: the page itself.
_ITEM = ' itemscope itemtype="https://schema.org/WebPage"'


def valid_shell(html: str) -> str:
    """``html`` (a whole page from material's base.html) valid for the Nu HTML Checker,
    with ``<main>`` reachable from the skip link."""
    for before, after in _TOGGLES:
        html = html.replace(before, after, 1)
    html = html.replace(_MAIN, f'<main class="md-main" data-md-component="main" id="{MAIN_ID}" tabindex="-1">', 1)
    if 'id="__toc"' not in html:  # pages outside the nav: the label would point at nothing
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    if "<meta itemprop=" in html and _ITEM not in html:
        html = html.replace("<html ", f"<html{_ITEM} ", 1)
    return html
