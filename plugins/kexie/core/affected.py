"""Which pages can show an article, so a front-matter edit fingerprints those alone.

The preview's quick save handles saves that changed only article files, with
every page keeping its address: registries and issues are as they were, so
a page's shown data can change only if it shows one of those articles, in
the catalog before the save or after it.  These are the article's own page,
its print neighbours (its new ones and those it left, whose neighbours
changed), its issue page, every page of its 栏目's, people's and orgs' lists
(an edited date or page reorders them), the news pages for a hub item, and
the home page and the four index pages.  Fingerprinting these instead of all
6,000 pages saves ~0.4 s at 5,000 articles; tests check the set against
fingerprints of every page.
"""

from __future__ import annotations

from .catalog import NEWS_DIR, Catalog
from .views import print_neighbours

ALWAYS = ("index.md", "issues/index.md", "sections/index.md", "people/index.md", "orgs/index.md")


def pages_showing(old: Catalog, new: Catalog, paths: list[str]):
    """A test of a page's source path: whether the page may show an article of ``paths``."""
    pages, folders = set(ALWAYS), set()
    for catalog in (old, new):
        for path in paths:
            if (article := catalog.by_path.get(path)) is None:
                continue
            pages.add(path)
            pages.update(n.path for n in print_neighbours(catalog, article) if n)
            if article.issue:
                pages.add(f"{article.issue.url}index.md")
            else:
                folders.add(f"{NEWS_DIR}/")
            folders.add(article.section.url)
            folders.update(x.url for x in (*article.people, *article.orgs))
    folders = tuple(folders)
    return lambda src: src in pages or src.startswith(folders)
