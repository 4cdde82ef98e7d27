"""The sharded static search index: many small files, fetched only for the terms a query has.

Layout under ``search/`` in the site:

- ``manifest.json``  ``{"v": version, "shards": K, "docs": N, "wide": false}`` (a few bytes)
- ``s/<k>.bin``       one shard: every token whose hash falls in bucket k, with its postings
- ``d/<id>.json``     one document: url, title, locator, meta and plain text (snippets, phrase check)

A posting is (document id, score byte). The score byte orders hits without
any other download: 128 if the token is in the title, 64 if it is in the
page's names (栏目, issue, people, orgs, authors), plus the count in the text
up to 63. A page's title and own names are also whole tokens ("=李卫荣"), so
that a query equal to a name puts its page first. Document ids follow ``Doc.rank``, so ties go to newer articles.

Shard format, little-endian: ``u32 n`` tokens; n × (``u8 len``, UTF-8 key,
``u32 count``); then every token's document ids (``u16``, or ``u32`` when
"wide") in key order; then their score bytes in the same order.

Tokens are counted with numpy on UTF-16 code units: a Han pair is one
32-bit code (high unit << 16 | low unit), so 5,000 articles index in seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .tokens import MAX_WORD, fold, name_key

WORD = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")  # before folding
SHARD_BYTES = 12_000  # aim per shard: a query fetches a few of these
TITLE, META, MAX_TF = 128, 64, 63


@dataclass
class Doc:
    """One searchable page."""

    url: str  # site-relative, "issues/2023-02/li-weirong/"
    title: str
    text: str  # plain text of the body
    locator: str = ""  # "2023年第2期 · 创新达人 · 第42页", shown under the title
    meta: str = ""  # names that should find the page
    rank: tuple = field(default=())  # sort key; smaller first
    names: tuple[str, ...] = ()  # the page's own names (a person's, an org's full and short name …)

    def record(self) -> dict:
        return {"u": self.url, "t": self.title, "l": self.locator, "m": self.meta, "x": self.text}


@dataclass
class Postings:
    """One document's tokens: Han codes and words with their score bytes."""

    codes: np.ndarray  # uint32, unique
    code_scores: np.ndarray  # uint8
    words: dict[str, int]


def _han_units(text: str) -> tuple[np.ndarray, np.ndarray]:
    # Only Han units are used, and folding never produces or changes one: skip fold().
    units = np.frombuffer(text.encode("utf-16-le"), dtype=np.uint16).astype(np.uint32)
    han = ((units >= 0x3400) & (units <= 0x4DBF)) | ((units >= 0x4E00) & (units <= 0x9FFF)) | ((units >= 0xF900) & (units <= 0xFAFF))
    return units, han


def han_codes(text: str) -> np.ndarray:
    """Every Han character and adjacent Han pair of a text, as codes (with repeats)."""
    units, han = _han_units(text)
    pair = han[:-1] & han[1:]
    return np.concatenate([units[han], (units[:-1][pair] << 16) | units[1:][pair]])


def words(text: str) -> list[str]:
    """Latin/digit words, cut at MAX_WORD characters (a key's length is one byte)."""
    return [fold(w)[:MAX_WORD] for w in WORD.findall(text)]


def postings(doc: Doc) -> Postings:
    body, counts = np.unique(han_codes(doc.text), return_counts=True)
    scores = np.minimum(counts, MAX_TF).astype(np.uint8)
    extra: dict[int, int] = {}  # title and name codes that the text lacks
    for flag, part in ((TITLE, np.unique(han_codes(doc.title))), (META, np.unique(han_codes(doc.meta)))):
        at = np.minimum(np.searchsorted(body, part), max(len(body) - 1, 0))
        present = (body[at] == part) if len(body) else np.zeros(len(part), bool)
        scores[at[present]] += flag
        for code in part[~present].tolist():
            extra[code] = extra.get(code, 0) + flag
    codes = np.concatenate([body, np.array(list(extra), dtype=np.uint32)])
    scores = np.concatenate([scores, np.array(list(extra.values()), dtype=np.uint8)])
    found: dict[str, int] = {}
    for w in words(doc.text):
        found[w] = min(found.get(w, 0) + 1, MAX_TF)
    for w in set(words(doc.meta)):
        found[w] = found.get(w, 0) + META
    for w in set(words(doc.title)):
        found[w] = found.get(w, 0) + TITLE
    for name in (doc.title, *doc.names):
        if key := name_key(name)[1:]:
            found["=" + key] = 255
    return Postings(codes, scores, found)


def key(code: int) -> str:
    return chr(code) if code < 0x10000 else chr(code >> 16) + chr(code & 0xFFFF)


def bucket(token: str, shards: int) -> int:
    """FNV-1a over UTF-16 units, then a final mix; mirrored in the browser."""
    h = 0x811C9DC5
    for ch in token:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 0x2C1B3C6D) & 0xFFFFFFFF
    h ^= h >> 12
    return h % shards


class SearchIndex:
    """Documents in, shard files out. Keeps each page's postings so a
    `serve --dirty` rebuild re-reads only the pages it rendered."""

    def __init__(self) -> None:
        self.docs: dict[str, Doc] = {}
        self._postings: dict[str, Postings] = {}
        self._written: dict[str, int] = {}  # file → hash of what the last write put there

    def add(self, doc: Doc) -> None:
        self.docs[doc.url] = doc
        self._postings[doc.url] = postings(doc)

    def keep_only(self, urls: set[str]) -> None:
        """Forget pages that no longer exist."""
        for url in [u for u in self.docs if u not in urls]:
            del self.docs[url], self._postings[url]

    def ordered(self) -> list[Doc]:
        return sorted(self.docs.values(), key=lambda d: (d.rank, d.url))

    def write(self, out: str | Path) -> dict:
        """Write manifest, shards and documents under `out`; return the manifest."""
        out = Path(out)
        docs = self.ordered()
        if len(docs) > 0xFFFFFF:  # ids have 24 bits in the sort key
            raise ValueError(f"{len(docs)} searchable pages: the index holds at most {0xFFFFFF}")
        tokens = self._tokens(docs)
        total = sum(len(ids) for ids, _ in tokens.values())
        shards = _shard_count(total * 3 + sum(len(t.encode()) + 5 for t in tokens))
        wide = len(docs) > 0xFFFF
        files = {f"s/{k}.bin": blob for k, blob in enumerate(_shard_blobs(tokens, shards, wide))}
        files.update({f"d/{i}.json": json.dumps(d.record(), ensure_ascii=False, separators=(",", ":")).encode() for i, d in enumerate(docs)})
        digest = hashlib.sha1()
        for name in sorted(files):
            digest.update(name.encode() + b"\0" + files[name])
        manifest = {"v": digest.hexdigest()[:12], "shards": shards, "docs": len(docs), "wide": wide}
        files["manifest.json"] = json.dumps(manifest).encode()
        self._written = _write_changed(out, files, self._written)
        return manifest

    def _tokens(self, docs: list[Doc]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """token → (document ids, scores), ids ascending."""
        per_doc = [self._postings[d.url] for d in docs]
        # One 64-bit key per posting, code | id | score: a plain sort groups the
        # codes with ids ascending, several times faster than a stable argsort.
        codes = np.concatenate([p.codes for p in per_doc] or [np.zeros(0, np.uint32)]).astype(np.uint64)
        scores = np.concatenate([p.code_scores for p in per_doc] or [np.zeros(0, np.uint8)]).astype(np.uint64)
        ids = np.repeat(np.arange(len(docs), dtype=np.uint64), [len(p.codes) for p in per_doc])
        keys = np.sort((codes << np.uint64(32)) | (ids << np.uint64(8)) | scores)
        codes = (keys >> np.uint64(32)).astype(np.uint32)
        ids = ((keys >> np.uint64(8)) & np.uint64(0xFFFFFF)).astype(np.uint32)
        scores = (keys & np.uint64(0xFF)).astype(np.uint8)
        del keys
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, int)
        ends = np.r_[starts[1:], len(codes)]
        tokens = {key(int(codes[s])): (ids[s:e], scores[s:e]) for s, e in zip(starts, ends)}
        word_lists: dict[str, tuple[list[int], list[int]]] = {}
        for i, p in enumerate(per_doc):
            for w, score in p.words.items():
                lists = word_lists.setdefault(w, ([], []))
                lists[0].append(i)
                lists[1].append(score)
        for w, (wids, wscores) in word_lists.items():
            tokens[w] = (np.array(wids, dtype=np.uint32), np.array(wscores, dtype=np.uint8))
        return tokens


def _shard_count(total_bytes: int) -> int:
    """A power of two giving shards of about SHARD_BYTES."""
    k = 16
    while k * SHARD_BYTES < total_bytes and k < 65536:
        k *= 2
    return k


def _shard_blobs(tokens: dict[str, tuple[np.ndarray, np.ndarray]], shards: int, wide: bool) -> list[bytes]:
    groups: list[list[str]] = [[] for _ in range(shards)]
    for token in sorted(tokens):
        groups[bucket(token, shards)].append(token)
    id_type = np.dtype("<u4" if wide else "<u2")
    blobs = []
    for group in groups:
        head = bytearray(len(group).to_bytes(4, "little"))
        for token in group:
            raw = token.encode()
            head += bytes([len(raw)]) + raw + len(tokens[token][0]).to_bytes(4, "little")
        ids = [tokens[t][0].astype(id_type) for t in group]
        scores = [tokens[t][1] for t in group]
        blobs.append(bytes(head) + b"".join(a.tobytes() for a in ids) + b"".join(a.tobytes() for a in scores))
    return blobs


def _write_changed(out: Path, files: dict[str, bytes], before: dict[str, int]) -> dict[str, int]:
    """Write the files under out, skipping those unchanged since the last write
    (a `serve` rebuild), and delete what the index no longer has."""
    written = {}
    for name, data in files.items():
        path = out / name
        key = hash(data)
        if before.get(name) != key or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        written[name] = key
    for sub in ("s", "d"):
        if (out / sub).is_dir():
            for stale in set(os.listdir(out / sub)) - {n.split("/", 1)[1] for n in files if n.startswith(sub + "/")}:
                os.unlink(out / sub / stale)
    return written
