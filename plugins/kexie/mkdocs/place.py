"""Sense of place: the header tab of the part of the site a page belongs to.

Generated pages and articles are kept out of the nav (it would hold thousands),
so material never marks their tab active.  We mark the top-level nav item whose
folder holds the page (期刊 for issues and magazine articles, 新闻 for hub items …)
while that page renders, and unmark it afterwards: nav objects are shared by all pages.
"""

from __future__ import annotations


def section_tab(nav, page_url: str):
    """The top-level nav item whose folder holds ``page_url`` (the home tab only for the home page)."""
    best = None
    for item in nav.items:
        url = (getattr(item, "url", None) or "").lstrip("/")
        if url and page_url.startswith(url) and (best is None or len(url) > len(best.url.lstrip("/"))):
            best = item
    return best


def mark(nav, page) -> object | None:
    """Mark the tab of ``page`` active if MkDocs did not; returns it so it can be unmarked."""
    if page.url == "":
        return None
    tab = section_tab(nav, page.url)
    if tab is None or tab.active:
        return None
    tab.active = True
    return tab


def unmark(tab) -> None:
    if tab is not None:
        tab.active = False
