"""The preview's quick saves: a front-matter edit fingerprints only the pages that may show it
(core/affected.py); that set must hold every page whose fingerprint really changed."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import yaml

from kexie.core.affected import pages_showing
from kexie.core.checks import check_site
from kexie.core.shown import Fingerprints
from kexie.core.source_cache import SourceCache
from kexie.core.views import front_page, generate, print_neighbours
from sitekit import REPO


def every_fingerprint(catalog) -> dict[str, str]:
    """Every page's fingerprint, as kexie/site computes them (short lists: 3 a page, so lists paginate)."""
    shown = Fingerprints()
    out = {v.src_uri: shown.of(v) for v in generate(catalog, per_page=3)}
    for a in catalog.articles:
        out[a.path] = shown.of(a, [(n.title, n.url) if n else None for n in print_neighbours(catalog, a)])
    out["index.md"] = shown.of(front_page(catalog))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "c"
    subprocess.run([sys.executable, str(REPO / "scripts/gen_corpus.py"), "150", str(out), "--seed", "4"], check=True, capture_output=True)
    return out / "content"


def edit_front_matter(path, change) -> None:
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    meta = yaml.safe_load(fm)
    change(meta)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")


def test_a_front_matter_edit_changes_no_page_outside_those_that_may_show_it(corpus):
    cache = SourceCache()
    catalog = check_site(corpus, cache=cache)
    rng = random.Random(7)
    magazine = [s.name for s in catalog.sections if s.kind == "magazine"]
    people, orgs = [p.name for p in catalog.people], [o.name for o in catalog.orgs]
    edits = {
        "title": lambda m: m.update(title=m["title"] + "（改）"),
        "page": lambda m: m.update(page=rng.randint(1, 80)) if "page" in m else m.update(date="2019-01-0%d" % rng.randint(1, 9)),
        "date": lambda m: m.update(date="2024-0%d-15" % rng.randint(1, 9)) if "issue" not in m else m.update(order=rng.randint(1, 3)),
        "section": lambda m: m.update(section=rng.choice(magazine)) if "page" in m else m.update(title="新闻" + m["title"]),
        "person": lambda m: m.update(person=[rng.choice(people)]),
        "no person": lambda m: m.pop("person", None),
        "org": lambda m: m.update(org=[rng.choice(orgs)]),
        "summary": lambda m: m.update(summary="新的摘要。"),
    }
    checked = 0
    for round_ in range(6):
        for name, change in edits.items():
            before = every_fingerprint(catalog)
            paths = rng.sample(sorted(catalog.by_path), 1 if round_ % 2 else 2)
            for path in paths:
                edit_front_matter(corpus / path, change)
            new = check_site(corpus, cache=cache, tree=catalog.tree)
            after = every_fingerprint(new)
            if before.keys() != after.keys() or {a.path: a.url for a in new.articles} != {a.path: a.url for a in catalog.articles}:
                catalog = new  # a list gained or lost a page: the quick save leaves this to MkDocs' build
                continue
            may_show = pages_showing(catalog, new, paths)
            changed = {src for src in after if before[src] != after[src]}
            assert all(may_show(src) for src in changed), (name, paths, sorted(src for src in changed if not may_show(src)))
            checked += len(changed)
            catalog = new
    assert checked > 100, checked


def test_the_preview_watches_with_inotify_and_a_read_starts_no_rebuild(tmp_path):
    """Every watch MkDocs made moves to inotify; a save asks for a rebuild at once, a read does not."""
    import time

    from mkdocs.livereload import LiveReloadServer

    from kexie.mkdocs.watching import QUIET, watch_with_inotify

    docs, config = tmp_path / "content", tmp_path / "mkdocs.yml"
    docs.mkdir()
    (docs / "a.md").write_text("正文", encoding="utf-8")
    config.write_text("site_name: x\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(str(docs))
    server.watch(str(config))
    assert watch_with_inotify(server)
    assert set(server._watched_paths) == {str(docs), str(config)} and server.build_delay == QUIET
    server.observer.start()
    try:
        time.sleep(0.2)
        (docs / "a.md").read_text(encoding="utf-8")
        time.sleep(0.3)
        assert not server._want_rebuild, "reading content (as a build does) is no change"
        (docs / "a.md").write_text("新的正文", encoding="utf-8")
        deadline = time.monotonic() + 2
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server._want_rebuild
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()
