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

import bisect
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
    `serve --dirty` rebuild re-reads only the pages it rendered.

    With ``keep=True`` (the preview) it also keeps the last written index:
    when the pages and their order are unchanged, a write updates only the
    tokens of the pages added since, and rewrites only their shards and
    documents (a full write sorts every posting of the site)."""

    def __init__(self, keep: bool = False) -> None:
        self.docs: dict[str, Doc] = {}
        self._postings: dict[str, Postings] = {}
        self._digests: dict[str, bytes] = {}  # file → digest of what the last write put there
        self._keep = keep
        self._last: _Written | None = None
        self._replaced: dict[str, Postings | None] = {}  # page added since the last write → its postings then

    def add(self, doc: Doc) -> None:
        if doc.url not in self._replaced:
            self._replaced[doc.url] = self._postings.get(doc.url)
        self.docs[doc.url] = doc
        self._postings[doc.url] = postings(doc)

    def keep_only(self, urls: set[str]) -> None:
        """Forget pages that no longer exist."""
        for url in [u for u in self.docs if u not in urls]:
            del self.docs[url], self._postings[url]
            self._replaced.setdefault(url, None)

    def ordered(self) -> list[Doc]:
        return sorted(self.docs.values(), key=lambda d: (d.rank, d.url))

    def write(self, out: str | Path) -> dict:
        """Write manifest, shards and documents under `out`; return the manifest."""
        out = Path(out)
        docs = self.ordered()
        if len(docs) > 0xFFFFFF:  # ids have 24 bits in the sort key
            raise ValueError(f"{len(docs)} searchable pages: the index holds at most {0xFFFFFF}")
        last, replaced, self._last, self._replaced = self._last, self._replaced, None, {}
        files = None
        if last is not None and (out / "manifest.json").is_file() and last.order == [d.url for d in docs] \
                and None not in replaced.values():
            files = self._update(last, docs, replaced)
        whole = files is None
        if whole:
            last, files = self._rewrite(docs)
        before = self._digests
        self._digests = ({} if whole else dict(before)) | {name: hashlib.sha1(data).digest() for name, data in files.items()}
        digest = hashlib.sha1()
        for name in sorted(self._digests):
            digest.update(name.encode() + b"\0" + self._digests[name])
        manifest = {"v": digest.hexdigest()[:12], "shards": last.shards, "docs": len(docs), "wide": last.wide}
        _write_files(out, files, before, self._digests, whole)
        (out / "manifest.json").write_text(json.dumps(manifest))  # last: the browser reads it first
        if self._keep:
            self._last = last
        return manifest

    def _rewrite(self, docs: list[Doc]) -> tuple["_Written", dict[str, bytes]]:
        """Every shard and document, from all postings."""
        tokens = self._tokens(docs)
        size = sum(len(ids) for ids, _ in tokens.values()) * 3 + sum(len(t.encode()) + 5 for t in tokens)
        shards = _shard_count(size)
        wide = len(docs) > 0xFFFF
        groups: list[list[str]] = [[] for _ in range(shards)]
        for token in sorted(tokens):
            groups[bucket(token, shards)].append(token)
        files = {f"s/{k}.bin": _shard_blob(group, tokens, wide) for k, group in enumerate(groups)}
        files.update({f"d/{i}.json": _record(d) for i, d in enumerate(docs)})
        return _Written([d.url for d in docs], tokens, groups, shards, wide, size), files

    def _update(self, last: "_Written", docs: list[Doc], replaced: dict[str, Postings | None]) -> dict[str, bytes] | None:
        """Only the tokens of the pages in ``replaced`` change; None when the shard count would."""
        ids = {url: i for i, url in enumerate(last.order)}
        touched: set[int] = set()
        for url, before in replaced.items():
            i, old, new = ids[url], _scores(before), _scores(self._postings[url])
            for token in old.keys() | new.keys():
                if old.get(token) != new.get(token):
                    last.size += _replace_posting(last, token, i, new.get(token))
                    touched.add(bucket(token, last.shards))
        if _shard_count(last.size) != last.shards:
            return None
        files = {f"s/{k}.bin": _shard_blob(last.groups[k], last.tokens, last.wide) for k in touched}
        files.update({f"d/{ids[url]}.json": _record(docs[ids[url]]) for url in replaced})
        return files

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


def _shard_blob(group: list[str], tokens: dict[str, tuple[np.ndarray, np.ndarray]], wide: bool) -> bytes:
    """One shard file: its tokens (sorted) with their postings."""
    id_type = np.dtype("<u4" if wide else "<u2")
    head = bytearray(len(group).to_bytes(4, "little"))
    for token in group:
        raw = token.encode()
        head += bytes([len(raw)]) + raw + len(tokens[token][0]).to_bytes(4, "little")
    if not group:
        return bytes(head)
    # one conversion per shard, not per token: a site has hundreds of thousands of tokens
    ids = np.concatenate([tokens[t][0] for t in group]).astype(id_type)
    scores = np.concatenate([tokens[t][1] for t in group]).astype(np.uint8)
    return bytes(head) + ids.tobytes() + scores.tobytes()


def _record(doc: Doc) -> bytes:
    return json.dumps(doc.record(), ensure_ascii=False, separators=(",", ":")).encode()


@dataclass
class _Written:
    """The index as last written, kept by the preview for the next write."""

    order: list[str]  # page urls by document id
    tokens: dict[str, tuple[np.ndarray, np.ndarray]]  # token → (ids ascending, scores)
    groups: list[list[str]]  # each shard's tokens, sorted
    shards: int
    wide: bool
    size: int  # the estimate that sets the shard count


def _scores(p: Postings) -> dict[str, int]:
    """token → score byte of one page."""
    found = {key(code): score for code, score in zip(p.codes.tolist(), p.code_scores.tolist())}
    found.update(p.words)
    return found


def _replace_posting(index: _Written, token: str, doc: int, score: int | None) -> int:
    """Give ``doc`` the ``score`` for ``token`` (None: remove it); returns the change in index.size."""
    ids, scores = index.tokens.get(token, (np.zeros(0, np.uint32), np.zeros(0, np.uint8)))
    at = int(np.searchsorted(ids, doc))
    change = 0
    if at < len(ids) and ids[at] == doc:
        ids, scores, change = np.delete(ids, at), np.delete(scores, at), -3
    if score is not None:
        ids, scores, change = np.insert(ids, at, doc).astype(np.uint32), np.insert(scores, at, score).astype(np.uint8), change + 3
    group = index.groups[bucket(token, index.shards)]
    if len(ids):
        if token not in index.tokens:
            bisect.insort(group, token)
            change += len(token.encode()) + 5
        index.tokens[token] = (ids, scores)
    elif token in index.tokens:
        del index.tokens[token]
        group.remove(token)
        change -= len(token.encode()) + 5
    return change


def _write_files(out: Path, files: dict[str, bytes], before: dict[str, bytes], digests: dict[str, bytes], whole: bool) -> None:
    """Write the files under out, skipping those unchanged since the last write
    (a `serve` rebuild); after a whole write, delete what the index no longer has."""
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = out / name
        if before.get(name) != digests[name] or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if not whole:
        return
    for sub in ("s", "d"):
        if (out / sub).is_dir():
            for stale in set(os.listdir(out / sub)) - {n.split("/", 1)[1] for n in files if n.startswith(sub + "/")}:
                os.unlink(out / sub / stale)
