"""The whole-site check: everything the build checks, in one call.

``check_site`` is what ``kexie check`` runs and what the build runs before
MkDocs touches site/, so the two can never disagree: the catalog (files,
registries, issues, articles), then what only the whole site can tell —
a hand-written file that a generated page or feed would overwrite, two
files writing one address, and links to files that do not exist.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .articles import links_in, without_code
from .catalog import Catalog, build_catalog
from .images import image_problems
from .registries import DATA_DIR
from .problems import Problems
from .source_cache import SourceCache
from .tree import Tree
from .views import generate

FEED_FILES = ("feed.xml", "atom.xml")
# Written by MkDocs, material and our plugins at the top of site/.
FIXED_OUTPUTS = ("sitemap.xml", "sitemap.xml.gz", "404.html", "kexie-pages.json")  # kexie-pages.json: the last publish (kexie.channels.changes)
# The search plugin's results page and index shards; the web editor's page, configuration and scripts.
RESERVED_FOLDERS = ("search/", "admin/", "a/")  # a/: the short addresses of print QR codes


def check_site(root: str | Path, p: Problems | None = None, cache: SourceCache | None = None, tree: Tree | None = None,
               preview: bool = False) -> Catalog:
    """Check all content under ``root``; raise ``ContentError`` with every problem.
    ``cache``: the preview's parsed files, reused where unchanged (a fresh check reads all);
    ``tree``: the files, when the preview knows none came or went since it was walked;
    ``preview``: drafts and scheduled articles are shown (marked), not held back."""
    p = Problems() if p is None else p
    catalog = build_catalog(Path(root), p, cache, tree, preview=preview)
    if "index.md" not in catalog.tree.markdown and not p.about("index.md"):
        p.add("index.md", None, None, "files.home_missing")  # mkdocs.yml's nav starts with it
    views = generate(catalog)
    _check_outputs(catalog, generated_outputs(catalog, views), p)
    _check_links(catalog, {v.src_uri for v in views}, p)
    _check_images(Path(root), catalog, p)
    p.raise_if_any()
    return catalog


def generated_outputs(catalog: Catalog, views: list) -> dict[str, str]:
    """Output path in site/ → what writes it (a generated page or feed)."""
    out = {f"{v.url}index.html": f"/{v.url}" for v in views}
    folders = ["", "issues/"] + [x.url for group in (catalog.sections, catalog.people, catalog.orgs) for x in group]
    out |= {f"{folder}{name}": f"/{folder}{name}" for folder in folders for name in FEED_FILES}
    out |= {name: f"/{name}" for name in FIXED_OUTPUTS}
    return out


def output_of(catalog: Catalog, rel: str) -> str:
    """Where MkDocs writes a content file (directory URLs)."""
    if article := catalog.by_path.get(rel):
        return f"{article.url}index.html"
    if not rel.endswith(".md"):
        return rel
    folder, name = posixpath.split(rel[:-3])
    if name in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return posixpath.join(folder, name, "index.html")


def _check_outputs(catalog: Catalog, generated: dict[str, str], p: Problems) -> None:
    writers: dict[str, list[str]] = defaultdict(list)
    for rel in catalog.tree.markdown + catalog.tree.assets:
        if rel.startswith("_data/") or rel.endswith("/issue.yml") or p.about(rel):
            continue  # input files, or already reported (e.g. a page in a generated folder)
        dest = output_of(catalog, rel)
        if dest in generated:
            p.add(rel, None, None, "files.reserved_output", output=generated[dest])
        elif folder := next((f for f in RESERVED_FOLDERS if dest.startswith(f)), None):
            p.add(rel, None, None, "files.reserved_output", output=f"/{folder}")
        writers[dest].append(rel)
    for dest, rels in writers.items():  # two articles on one address: reported by the catalog
        for rel in (r for r in rels if r not in catalog.by_path) if len(rels) > 1 else ():
            others = [r for r in rels if r != rel]
            p.add(rel, None, None, "files.same_output", url=dest.removesuffix("index.html"), others=others)


def _check_images(root: Path, catalog: Catalog, p: Problems) -> None:
    """Photos the build makes phone versions of: each must open as an image, and no
    other file may carry a name its versions take."""
    files = [rel for rel in catalog.tree.assets if not rel.startswith(f"{DATA_DIR}/")]  # the build drops _data/
    for rel, key, values in image_problems(root, files):
        p.add(rel, None, None, key, **values)


def _link_sources(catalog: Catalog):
    """(file to name, page the link sits on, line, field, target) of every Markdown link MkDocs will resolve."""
    for rel, links in catalog.links.items():
        for line, target in links:
            yield rel, rel, line, "link", target
    # bios and org descriptions are rendered as Markdown on the person's and org's page
    for registry, items, key in (("people", catalog.people, "bio"), ("orgs", catalog.orgs, "description")):
        for item in items:
            text = getattr(item, key)
            for n, target in links_in(without_code(text), images=True) if "](" in text or "]:" in text else ():
                yield f"{DATA_DIR}/{registry}.yml", f"{item.url}index.md", item.lines.get(key), key, target


def _check_links(catalog: Catalog, generated_sources: set[str], p: Problems) -> None:
    """Relative links to files must find them, as MkDocs requires."""
    known = set(catalog.tree.markdown) | set(catalog.tree.assets) | generated_sources
    held = {a.path: a for a in catalog.held}  # not built: a link to one would lead nowhere
    for rel, page, line, field, target in _link_sources(catalog):
        if rel in held:
            continue
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith(("/", "\\")) or not parts.path:
            continue
        path = unquote(parts.path)
        if not posixpath.splitext(path)[1]:
            continue  # a folder-like link (../2023-02/): MkDocs leaves it as written
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if joined == ".." or joined.startswith("../"):
            p.add(rel, line, field, "link.outside", target=target)
        elif joined not in known or joined.startswith("_data/"):
            p.add(rel, line, field, "link.missing", target=target)
        elif joined in held:
            p.add(rel, line, field, "link.unpublished", target=target, state=held[joined].state_label)
