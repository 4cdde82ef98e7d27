"""A build's search index made in passes over groups of shards (bounded memory) gives
the same files, byte for byte, as one pass over the whole site's postings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kexie.search import index
from kexie.search.index import Doc, SearchIndex, postings
from kexie.search.spill import PostingSpill, kept

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


@pytest.mark.parametrize("shard_bytes", [index.SHARD_BYTES, 300])  # 16 shards; past spill.GROUPS (a multiple of it)
def test_postings_spilled_to_disk_write_the_same_index(tmp_path, monkeypatch, shard_bytes):
    """A build's postings put to disk in batches (each process its own files) and read back pass by pass."""
    monkeypatch.setattr(index, "SHARD_BYTES", shard_bytes)
    whole = SearchIndex()
    for doc in _docs():
        whole.add(doc)
    whole.write(tmp_path / "whole")
    for pass_postings in (2_000, index.PASS_POSTINGS):  # many passes, and one
        monkeypatch.setattr(index, "PASS_POSTINGS", pass_postings)
        spilled, docs = SearchIndex(once=True), _docs()
        spilled.spill = PostingSpill(tmp_path / f"spill-{pass_postings}")
        for a in range(0, len(docs), 7):
            batch = [(a + n, postings(d)) for n, d in enumerate(docs[a: a + 7])]
            spilled.spill.put(batch)
            # every other batch's documents on disk too (a build puts all there; one made here still works)
            where = iter(spilled.spill.put_records([index.doc_record(d) for d in docs[a: a + 7]]) if a % 14 else [])
            for (key, p), d in zip(batch, docs[a: a + 7]):
                spilled.add(d, kept(key, p, next(where, None)))
        spilled.write(tmp_path / f"spilled-{pass_postings}")
        assert _files(tmp_path / f"spilled-{pass_postings}") == _files(tmp_path / "whole")
        spilled.spill.close()
        assert not (tmp_path / f"spill-{pass_postings}").exists()
    shards = json.loads((tmp_path / "whole/manifest.json").read_text())["shards"]
    assert shards <= 64 if shard_bytes > 1000 else (shards > 64 and shards % 64 == 0), shards
