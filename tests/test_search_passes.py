"""A build's search index made in passes over groups of shards (bounded memory) gives
the same files, byte for byte, as one pass over the whole site's postings."""

from __future__ import annotations

from pathlib import Path

from kexie.search import index
from kexie.search.index import Doc, SearchIndex

CONTENT = Path(__file__).resolve().parent.parent / "content"


def _docs() -> list[Doc]:
    texts = sorted(CONTENT.rglob("*.md"))[:60]
    assert len(texts) >= 20, "the seed content has articles to index"
    return [Doc(url=f"a/{n}/", title=p.stem, text=p.read_text(encoding="utf-8"), meta="Kexie 2023", rank=(n % 7,))
            for n, p in enumerate(texts)]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_passes_write_the_same_index(tmp_path, monkeypatch):
    whole, passes = SearchIndex(), SearchIndex()
    for doc in _docs():
        whole.add(doc)
        passes.add(doc)
    whole.write(tmp_path / "whole")
    monkeypatch.setattr(index, "PASS_POSTINGS", 2_000)  # many passes for a small site
    made = []
    real = index._part
    monkeypatch.setattr(index, "_part", lambda *a: made.append(a[3]) or real(*a))
    passes.write(tmp_path / "passes")
    assert len(set(made)) > 1, "the index was made in more than one pass"
    a, b = _files(tmp_path / "whole"), _files(tmp_path / "passes")
    assert len(a) > 20 and a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    # written again over itself (a second build into the same folder): nothing lost as stale
    passes.write(tmp_path / "passes")
    assert _files(tmp_path / "passes") == b
    # a build's index (written once) puts its documents on disk first and lets their texts go: the same files
    once = SearchIndex(once=True)
    for doc in _docs():
        once.add(doc)
    once.write(tmp_path / "once")
    assert _files(tmp_path / "once") == b
    assert all(d.text == "" for d in once.docs.values())
