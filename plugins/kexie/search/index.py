"""The sharded static search index: many small files, fetched only for the terms a query has.

Layout under ``search/`` in the site (layout.py has the bytes):

- ``manifest.json``  ``{"v": version, "shards": K, "docs": N, "wide": false, "format": 4, "block": B}`` (a few bytes);
                      N bounds the document ids
- ``s/<k>.bin``       one shard: every token whose hash falls in bucket k, with its postings
                      (a heavy token, on more than ~1/16 of the pages, only with its count)
- ``h/<k>-<j>-<b>.bin`` a heavy token's postings in rank order, block b of them (B << b postings);
                      block 0 begins with a bitmap of the pages that have it
- ``p/<k>.bin``       the places of shard k's less common Han pairs (fetched only when a query needs them)
- ``d/<id>.json``     one document: url, title, locator, meta and plain text (snippets, phrase check)
- ``r.bin``           only when ids are not in rank order (the preview, ``"ranked": true``):
                      u32 rank of each id, 0xFFFFFFFF for an id no page has

A posting is (document id, score byte). The score byte orders hits without
any other download: 128 if the token is in the title, 64 if it is in the
page's names (栏目, issue, people, orgs, authors), plus the count in the text
up to 63. A page's title and own names are also whole tokens ("=李卫荣"), so
that a query equal to a name puts its page first. Document ids follow ``Doc.rank``, so ties go to newer articles.
The preview keeps ids instead (a new page is numbered after the others, a removed
page leaves a hole), so a save rewrites only the shards it touched; ``r.bin``
then gives the client the order a fresh build's ids would have.

Positions are UTF-16 unit indexes in text + "\n" + title + "\n" + meta (no
pair spans a line break; the text first, so that a preview's title edit moves
no place of the text and rewrites only the title's shards and places files;
the client only compares positions with each other). A pair posting has a
position mask: bit (p mod 8) for every place p of the pair (the client checks
masks against places, so both count from the same start). A run c0…cn can only be in a page when ``acc = mask(P0); acc =
rotl8(acc, 1) & mask(Pi)`` stays non-zero (``may_hold_run``): free with the
shards, it drops most pages whose pairs are there but apart. Pairs with at
most ``layout.MAX_PLACES`` places in the site also have their exact places,
each with the units before and after it, in ``p/<k>.bin``: a run is in a page
exactly when places of pairs that cover its characters (each place vouches
for the unit before, its two and the unit after) line up, so the client
counts and ranks hits such as 务科技有 (pairs on 348 pages, the phrase on 3)
without fetching any page text.

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

from . import layout
from .layout import FORMAT, Table
from .spill import GROUPS, Flat, PostingSpill, Spilled
from .tokens import MAX_WORD, fold, name_key

WORD = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")  # before folding
SHARD_BYTES = 8_000  # aim per shard: a query fetches a few of these (12,000: a run across words fetched up to 330 KB at 5,000)
GROW_FROM = 48_000_000  # past this many bytes of shards (~5,000 articles) the aim grows as the index's fourth root
MAX_SHARDS = 65_536
TITLE, META, MAX_TF = 128, 64, 63
MAX_GIVEN = 255  # places of one pair in one page that the places file gives (a u8); beyond, none
LONGEST = 0xFFFF  # a page's places are u16: a longer page gives none (its text is checked instead)
_NO_PLACES = np.zeros((3, 0), np.uint16)


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
    code_masks: np.ndarray  # uint8, position masks (meaningful for pair codes only)
    given: np.ndarray  # uint8 per code: places of it in .places (pairs only; 0: none given)
    places: np.ndarray  # uint16 (3, m): position, unit before, unit after; code after code


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


@dataclass
class Codes:
    """The distinct codes of a text (ascending), how often each occurs, each pair's
    position mask (bit p mod 8 for every place p; 0 for single characters), and
    every pair's places (position, unit before, unit after; by code, then position)."""

    codes: np.ndarray
    counts: np.ndarray
    masks: np.ndarray
    places: np.ndarray
    units: int  # the text's length in UTF-16 units


def text_codes(text: str) -> Codes:
    """One sort of code << 32 | position gives counts, masks and places."""
    units, han = _han_units(text)
    singles, single_counts = np.unique(units[han], return_counts=True)
    at = np.flatnonzero(han[:-1] & han[1:])
    keys = np.sort((((units[at] << 16) | units[at + 1]).astype(np.uint64) << np.uint64(32)) | at.astype(np.uint64))
    if not len(keys):
        return Codes(singles, single_counts, np.zeros(len(singles), np.uint8), _NO_PLACES, len(units))
    codes = (keys >> np.uint64(32)).astype(np.uint32)
    where = (keys & np.uint64(0xFFFFFFFF)).astype(np.int64)
    first = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    masks = np.bitwise_or.reduceat(np.left_shift(np.uint8(1), (where & 7).astype(np.uint8)), first)
    padded = np.r_[np.uint32(0), units, np.uint32(0), np.uint32(0)]  # the unit before p is padded[p], after the pair padded[p + 3]
    places = np.empty((3, len(where)), np.uint16)
    places[0], places[1], places[2] = where, padded[where], padded[where + 3]
    # every single code (< 0x10000) sorts before every pair code
    return Codes(np.concatenate([singles, codes[first]]), np.concatenate([single_counts, np.diff(np.r_[first, len(keys)])]),
                 np.concatenate([np.zeros(len(singles), np.uint8), masks]), places, len(units))


def may_hold_run(masks: list[int]) -> bool:
    """Whether a page whose masks for a run's pairs P0…P(n-1) (in order) are ``masks``
    can hold the run; False only when it cannot. Mirrored in the browser."""
    acc = 0xFF
    for i, m in enumerate(masks):
        acc = m if i == 0 else (((acc << 1) | (acc >> 7)) & 0xFF) & m
    return acc != 0


def is_pair(token: str) -> bool:
    """A token that carries position masks: two Han characters."""
    # the other tokens are one character, Latin/digit words and "=" names: two units from U+3400 are Han
    return len(token) == 2 and token[0] >= "\u3400"


def words(text: str) -> list[str]:
    """Latin/digit words, cut at MAX_WORD characters (a key's length is one byte)."""
    return [fold(w)[:MAX_WORD] for w in WORD.findall(text)]


def postings(doc: Doc) -> Postings:
    # one pass over title, names and text for the codes, masks and places;
    # a code's count in the text is its count there less its counts in the title and names
    hay = doc.text + "\n" + doc.title + "\n" + doc.meta  # the text first: a title edit moves no place of the text
    c = text_codes(hay)
    given = _given(c)
    counts = c.counts.copy()
    flags = np.zeros(len(c.codes), np.int64)
    for flag, part in ((TITLE, doc.title), (META, doc.meta)):
        part, part_counts = np.unique(han_codes(part), return_counts=True)
        at = np.searchsorted(c.codes, part)  # every code of the title and names is in codes
        counts[at] -= part_counts
        flags[at] += flag
    scores = (np.minimum(counts, MAX_TF) + flags).astype(np.uint8)
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
    pair = c.codes >= 0x10000
    places = c.places if (given[pair] > 0).all() else c.places[:, np.repeat(given[pair] > 0, c.counts[pair])]
    return Postings(c.codes, scores, found, c.masks, given, places)


def _given(c: Codes) -> np.ndarray:
    """Places given per code: a pair's count when it fits a byte and the page a u16 position."""
    pair = c.codes >= 0x10000
    ok = pair & (c.counts <= MAX_GIVEN) & (c.units <= LONGEST)
    return np.where(ok, c.counts, 0).astype(np.uint8)


def key(code: int) -> str:
    return chr(code) if code < 0x10000 else chr(code >> 16) + chr(code & 0xFFFF)


def code_of(token: str) -> int | None:
    """A Han token's code; None for words and names (their first character is ASCII)."""
    if token[0] < "\u3400":
        return None
    return ord(token) if len(token) == 1 else ord(token[0]) << 16 | ord(token[1])


def bucket(token: str, shards: int) -> int:
    """FNV-1a over UTF-16 units, then a final mix; mirrored in the browser (and in layout.buckets)."""
    h = 0x811C9DC5
    for ch in token:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 0x2C1B3C6D) & 0xFFFFFFFF
    h ^= h >> 12
    return h % shards


class SearchIndex:
    """Documents in, index files out. Keeps each page's postings so a
    `serve --dirty` rebuild re-reads only the pages it rendered.

    With ``keep=True`` (the preview) it also keeps the last written index and
    its document ids: a write updates only the tokens of the pages added,
    changed or removed since, and rewrites only their shards and documents
    (a full write sorts every posting of the site). A new page takes the next
    id, a removed page's id stays unused, and ``r.bin`` keeps results in rank order.

    With ``once=True`` (a build) a big index writes its documents first and then empties their
    texts (the Doc objects given to ``add``): they are not held beside the postings' tables."""

    def __init__(self, keep: bool = False, once: bool = False) -> None:
        self.docs: dict[str, Doc] = {}
        self.once = once and not keep  # a build's index, written once: each page's text let go once on disk
        # a build's postings on disk (add() then gets Spilled records): set by the caller before adding
        self.spill: PostingSpill | None = None
        self._postings: dict[str, Postings] = {}
        self._digests: dict[str, bytes] = {}  # file → digest of what the last write put there
        self._keep = keep
        self._last: _Written | None = None
        self._replaced: dict[str, Postings | None] = {}  # page changed since the last write → its postings then (None: new)
        self.heavy_min, self.block = layout.HEAVY_MIN, layout.BLOCK  # (tests lower them, to try heavy tokens on a small site)

    def _heavy_at(self, bound: int) -> int:
        return layout.heavy_from(bound, self.heavy_min)

    def _files(self, table: Table, shards: int, wide: bool, bound: int, only: set[int] | None = None) -> dict[str, bytes | None]:
        return layout.files(table, shards, wide, bucket, only, bound=bound, heavy=self._heavy_at(bound), block=self.block)

    def add(self, doc: Doc, tokens: Postings | Spilled | None = None) -> None:
        """A page (again); ``tokens``: its postings(doc), when already computed (in another process)."""
        if doc.url not in self._replaced:
            self._replaced[doc.url] = self._postings.get(doc.url)
        self.docs[doc.url] = doc
        self._postings[doc.url] = postings(doc) if tokens is None else tokens

    def keep_only(self, urls: set[str]) -> None:
        """Forget pages that no longer exist."""
        for url in [u for u in self.docs if u not in urls]:
            self._replaced.setdefault(url, self._postings[url])
            del self.docs[url], self._postings[url]

    def ordered(self) -> list[Doc]:
        return sorted(self.docs.values(), key=lambda d: (d.rank, d.url))

    def write(self, out: str | Path) -> dict:
        """Write manifest, shards, places and documents under `out`; return the manifest."""
        out = Path(out)
        docs = self.ordered()
        last, replaced, self._last, self._replaced = self._last, self._replaced, None, {}
        files = None
        spilled: dict[str, bytes] = {}  # shard and places files a whole build wrote as it made them → digest
        on_disk = (out / "manifest.json").is_file()  # (the preview's folder is emptied while content has problems)
        if last is not None and on_disk:
            files = self._update(last, docs, replaced)
        whole = files is None
        if whole:
            last, files = self._rewrite(docs, last.ids if last is not None and on_disk else {}, lambda part: _spill(out, part, spilled))
        if last.bound > 0xFFFFFF:  # ids have 24 bits in the sort key
            raise ValueError(f"{last.bound} searchable pages: the index holds at most {0xFFFFFF}")
        ranks = _ranks(docs, last)
        if ranks is not None:
            files[RANKS] = ranks
        elif RANKS in self._digests:
            files[RANKS] = None
        before = self._digests
        self._digests = spilled if whole else dict(before)
        for name, data in files.items():
            if data is None:
                self._digests.pop(name, None)
            else:
                self._digests[name] = hashlib.sha1(data).digest()
        digest = hashlib.sha1(f"format {FORMAT}".encode())
        for name in sorted(self._digests):
            digest.update(name.encode() + b"\0" + self._digests[name])
        manifest = {"v": digest.hexdigest()[:12], "shards": last.shards, "docs": last.bound, "wide": last.wide, "format": FORMAT,
                    "block": self.block}
        if ranks is not None:
            manifest["ranked"] = True
        _write_files(out, files, before, self._digests, whole, set(spilled))
        (out / "manifest.json").write_text(json.dumps(manifest))  # last: the browser reads it first
        if self._keep:
            self._last = last
        return manifest

    def _rewrite(self, docs: list[Doc], known: dict[str, int], spill) -> tuple["_Written", dict[str, bytes]]:
        """Every shard, places file and document, from all postings; ``known``: ids to keep (the preview's).

        A build's big index is made in passes (``_in_passes``): its documents, then its shard and places
        files go to ``spill(files)`` as they are made, and nothing is returned to write."""
        ids, bound = _numbered(docs, known if self._keep else {})
        if self.spill is not None and not self._keep:
            return self._from_spill(docs, ids, bound, spill)
        if not self._keep and (made := self._in_passes(docs, ids, bound, spill)) is not None:
            return made
        table = self._table(docs, ids)
        pair = np.r_[table.codes >= 0x10000, np.zeros(len(table.words), bool)]
        key_bytes = np.r_[np.where(table.codes >= 0x10000, 6, 3), [len(w.encode()) for w in table.words]]
        # as _token_size adds up: 3 bytes a posting, 4 for a pair's (its mask), the key, and a pair's u16 of places;
        # a heavy token's postings are not in its shard
        light = np.where(table.counts > self._heavy_at(bound), 0, table.counts)
        size = int((light * np.where(pair, 4, 3) + key_bytes + 5 + 2 * pair).sum())
        shards, wide = _shard_count(size), bound > 0xFFFF
        files = self._files(table, shards, wide, bound)
        files.update({f"d/{ids[d.url]}.json": doc_record(d) for d in docs})
        tokens = _token_dict(table) if self._keep else {}
        groups: list[set[str]] = [set() for _ in range(shards)]
        for token in tokens:
            groups[bucket(token, shards)].add(token)
        return _Written(ids, bound, tokens, groups, shards, wide, size), files

    def _update(self, last: "_Written", docs: list[Doc], replaced: dict[str, Postings | None]) -> dict[str, bytes | None] | None:
        """Only the tokens of the pages in ``replaced`` change (None: a file to delete); None when
        a whole write is needed (the shard count or the id width would change)."""
        ids, touched, gone = last.ids, set(), {}
        by_url = {d.url: d for d in docs}
        for url, before in replaced.items():
            now = self._postings.get(url)
            if url not in ids:
                if now is None:
                    continue  # added and removed again between two writes
                ids[url], last.bound = last.bound, last.bound + 1
            i, old, new = ids[url], _values(before), _values(now)
            for token in old.keys() | new.keys():
                if not _same(old.get(token), new.get(token)):
                    last.size += _replace_posting(last, token, i, new.get(token), self._heavy_at(last.bound))
                    touched.add(bucket(token, last.shards))
            if now is None:
                del ids[url]
                gone[f"d/{i}.json"] = None
        if _shard_count(last.size, last.shards) != last.shards or (last.bound > 0xFFFF) != last.wide:
            return None
        keys = [t for k in touched for t in last.groups[k]]
        files = self._files(_table_of(last.tokens, keys), last.shards, last.wide, last.bound, only=touched)
        for name in self._digests:  # a rewritten shard's heavy-token files it no longer has (no longer heavy, fewer blocks)
            if name.startswith("h/") and int(name[2:].split("-", 1)[0]) in touched and name not in files:
                files[name] = None
        files.update({f"d/{ids[url]}.json": doc_record(by_url[url]) for url in replaced if url in by_url})
        return files | gone

    def _in_passes(self, docs: list[Doc], ids: dict[str, int], bound: int, spill) -> tuple["_Written", dict[str, bytes]] | None:
        """The whole index in passes over groups of shards, each pass a table of its shards' postings
        only: the site-wide table (~50 bytes a posting, ~3,000 postings an article) is never held at
        once.  The same files as one pass; None when one pass would do."""
        docs = sorted(docs, key=lambda d: ids[d.url])
        per_doc = [self._postings[d.url] for d in docs]
        size, count, words = _estimate(per_doc, self._heavy_at(bound))
        shards, wide = _shard_count(size), bound > 0xFFFF
        passes = 1
        while passes < shards and passes * PASS_POSTINGS < count:
            passes *= 2
        if passes == 1:
            return None
        # the documents first, as they are numbered: their texts (~8 KB a page as JSON) are then let go,
        # and the passes' tables never sit beside every page's text and record
        for a in range(0, len(docs), 1000):
            spill({f"d/{ids[d.url]}.json": doc_record(d) for d in docs[a: a + 1000]})
        if self.once:
            for d in docs:
                d.text = ""
        doc_ids = np.array([ids[d.url] for d in docs], dtype=np.uint32)
        word_pass = {w: bucket(w, shards) % passes for w in words}
        code_pass = [(layout.buckets(p.codes, shards) % passes).astype(np.uint8) for p in per_doc]
        for g in range(passes):
            part = [_part(p, m == g, word_pass, g) for p, m in zip(per_doc, code_pass)]
            files = self._files(_posting_table(doc_ids, part), shards, wide, bound, only={k for k in range(shards) if k % passes == g})
            del part
            spill({name: data for name, data in files.items() if data is not None})
        written = _Written(ids, bound, {}, [set() for _ in range(shards)], shards, wide, size)
        return written, {}

    def _from_spill(self, docs: list[Doc], ids: dict[str, int], bound: int, spill) -> tuple["_Written", dict[str, bytes]]:
        """The whole index from postings on disk (``self.spill``), in passes over its groups: memory holds
        one pass's postings and the pages' words.  The same files as ``_in_passes``."""
        docs = sorted(docs, key=lambda d: ids[d.url])
        per_doc: list[Spilled] = [self._postings[d.url] for d in docs]
        weight = count = 0
        words: set[str] = set()
        for p in per_doc:
            weight += 3 * (p.codes + len(p.words)) + p.pairs
            count += p.codes + len(p.words)
            words.update(p.words)
        codes, pairs, heavy = self.spill.distinct_codes(self._heavy_at(bound))
        weight -= heavy
        keys = 3 * codes + 3 * pairs + sum(len(w.encode()) for w in words)
        size = weight + keys + 5 * (codes + len(words)) + 2 * pairs
        shards, wide = _shard_count(size), bound > 0xFFFF
        passes = 1
        while passes < min(shards, GROUPS) and passes * PASS_POSTINGS < count:
            passes *= 2
        for a in range(0, len(docs), 1000):  # records put to disk with the postings, else made here
            part = list(zip(docs[a: a + 1000], per_doc[a: a + 1000]))
            found = self.spill.records([p.record for _, p in part if p.record is not None])
            spill({f"d/{ids[d.url]}.json": next(found) if p.record is not None else doc_record(d) for d, p in part})
        if self.once:
            for d in docs:
                d.text = ""
        key_id = np.zeros(max((p.key for p in per_doc), default=0) + 1, np.uint32)
        key_id[[p.key for p in per_doc]] = [ids[d.url] for d in docs]
        word_pass = {w: bucket(w, shards) % passes for w in words}
        doc_words = [(ids[d.url], p.words) for d, p in zip(docs, per_doc)]
        for g in range(passes):
            table = _flat_table(self.spill.read({j for j in range(GROUPS) if j % passes == g}), key_id, doc_words, word_pass, g)
            files = self._files(table, shards, wide, bound, only={k for k in range(shards) if k % passes == g})
            del table
            spill({name: data for name, data in files.items() if data is not None})
        return _Written(ids, bound, {}, [set() for _ in range(shards)], shards, wide, size), {}

    def _table(self, docs: list[Doc], ids: dict[str, int]) -> Table:
        """Every posting of the site, token after token: Han codes ascending, then words."""
        docs = sorted(docs, key=lambda d: ids[d.url])
        doc_ids = np.array([ids[d.url] for d in docs], dtype=np.uint32)
        return _posting_table(doc_ids, [self._postings[d.url] for d in docs])


def _posting_table(doc_ids: np.ndarray, per_doc: list[Postings]) -> Table:
    """The table of these documents' postings (ids ascending)."""
    keys = np.concatenate([p.codes for p in per_doc] or [np.zeros(0, np.uint32)]).astype(np.uint64)
    # code << 32 | index: one plain sort gives (code, document) order and where each posting came from
    # in place from here: these arrays have one entry per posting of the site
    keys <<= np.uint64(32)
    for a in range(0, len(keys), 1 << 20):  # in slices: no posting-sized temporary
        keys[a: a + (1 << 20)] |= np.arange(a, min(len(keys), a + (1 << 20)), dtype=np.uint64)
    keys.sort(kind="stable")  # concatenated sorted runs (each page's codes ascend): timsort merges them, 2.5× faster than quicksort
    halves = keys.view(np.uint32).reshape(-1, 2)  # little-endian: (index, code)
    codes, order = halves[:, 1].copy(), halves[:, 0].copy()
    del keys, halves
    word_lists = _word_lists(zip(doc_ids.tolist(), (p.words for p in per_doc)))
    word_ids = [i for v in word_lists.values() for i in v[0]]
    n, total = len(codes), len(codes) + len(word_ids)
    # each column gathered straight into its place (one copy of a posting-sized array at a time)
    ids_out, values, given = np.zeros(total, np.uint32), np.zeros(total, np.uint16), np.zeros(total, np.uint8)
    np.take(np.repeat(doc_ids, [len(p.codes) for p in per_doc]), order, out=ids_out[:n])
    ids_out[n:] = word_ids
    np.take(np.concatenate([(p.code_scores.astype(np.uint16) << 8) | p.code_masks for p in per_doc] or [np.zeros(0, np.uint16)]),
            order, out=values[:n])
    values[n:] = [x for v in word_lists.values() for x in v[1]]
    doc_given = np.concatenate([p.given for p in per_doc] or [np.zeros(0, np.uint8)])
    np.take(doc_given, order, out=given[:n])
    starts = np.cumsum(doc_given, dtype=np.uint32 if len(doc_given) * 255 < 2**32 else np.uint64)
    starts -= doc_given
    place_at = np.zeros(total, starts.dtype)
    np.take(starts, order, out=place_at[:n])
    del order, starts, doc_given
    places = np.concatenate([p.places for p in per_doc] or [_NO_PLACES], axis=1)  # page after page: place_at says where
    first = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, np.int64)
    counts = np.r_[np.diff(np.r_[first, len(codes)]), [len(v[0]) for v in word_lists.values()]].astype(np.int64)
    return Table(codes[first], list(word_lists), counts, ids_out, values, given, places, place_at)


def _word_lists(doc_words, keep=None) -> dict[str, tuple[list[int], list[int]]]:
    """word → (page ids, scores << 8) from (page id, {word: score}) in page order; ``keep``: the words of this pass."""
    out: dict[str, tuple[list[int], list[int]]] = {}
    for i, found in doc_words:
        for w, score in found.items():
            if keep is None or keep(w):
                lists = out.setdefault(w, ([], []))
                lists[0].append(i)
                lists[1].append(score << 8)
    return out


def _flat_table(flat: Flat, key_id: np.ndarray, doc_words: list[tuple[int, dict[str, int]]], word_pass: dict[str, int], g: int) -> Table:
    """As ``_posting_table``, from postings read back from a spill (``doc_words``: ids ascending)."""
    doc = key_id[flat.keys]
    order = np.argsort((flat.codes.astype(np.uint64) << np.uint64(32)) | doc.astype(np.uint64), kind="stable")
    codes = flat.codes[order]
    word_lists = _word_lists(doc_words, lambda w: word_pass[w] == g)
    word_ids = [i for v in word_lists.values() for i in v[0]]
    n, total = len(codes), len(codes) + len(word_ids)
    ids_out, values, given = np.zeros(total, np.uint32), np.zeros(total, np.uint16), np.zeros(total, np.uint8)
    ids_out[:n], ids_out[n:] = doc[order], word_ids
    values[:n], values[n:] = flat.values[order], [x for v in word_lists.values() for x in v[1]]
    given[:n] = flat.given[order]
    starts = np.cumsum(flat.given, dtype=np.int64) - flat.given
    place_at = np.zeros(total, np.int64)
    place_at[:n] = starts[order]
    first = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, np.int64)
    counts = np.r_[np.diff(np.r_[first, len(codes)]), [len(v[0]) for v in word_lists.values()]].astype(np.int64)
    return Table(codes[first], list(word_lists), counts, ids_out, values, given, flat.places, place_at)


PASS_POSTINGS = 4_000_000  # postings in one pass of a build's index (~200 MB of table)


def _estimate(per_doc: list[Postings], heavy_at: int) -> tuple[int, int, set[str]]:
    """The size estimate setting the shard count (as _rewrite's, without the site's table),
    the number of postings, and the words."""
    weight, count, words = 0, 0, set()
    codes, pages = np.zeros(0, np.uint32), np.zeros(0, np.int64)
    for a in range(0, len(per_doc), 1000):  # distinct codes (and their pages) merged in slices: no posting-sized array
        chunk = per_doc[a: a + 1000]
        codes, at = np.unique(np.concatenate([codes, *(p.codes for p in chunk)]), return_inverse=True)
        pages = np.bincount(at, weights=np.concatenate([pages, np.ones(len(at) - len(pages), np.int64)]), minlength=len(codes)).astype(np.int64)
        for p in chunk:
            weight += 3 * (len(p.codes) + len(p.words)) + int(np.count_nonzero(p.codes >= 0x10000))
            count += len(p.codes) + len(p.words)
            words.update(p.words)
    weight -= layout.heavy_weight(codes, pages, heavy_at)
    pairs = int(np.count_nonzero(codes >= 0x10000))
    keys = 3 * len(codes) + 3 * pairs + sum(len(w.encode()) for w in words)
    return weight + keys + 5 * (len(codes) + len(words)) + 2 * pairs, count, words


def _part(p: Postings, keep: np.ndarray, word_pass: dict[str, int], g: int) -> Postings:
    """A page's postings of one pass: its codes in ``keep`` and its words of pass ``g``."""
    placed = p.given > 0
    columns = np.repeat(keep[placed], p.given[placed])  # a placed pair's places follow the pair before it
    return Postings(p.codes[keep], p.code_scores[keep], {w: s for w, s in p.words.items() if word_pass[w] == g},
                    p.code_masks[keep], p.given[keep], p.places[:, columns])


def _spill(out: Path, files: dict[str, bytes], digests: dict[str, bytes]) -> None:
    """Files of a whole build's index written as they are made, their digests kept."""
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        digests[name] = hashlib.sha1(data).digest()


RANKS = "r.bin"


def _numbered(docs: list[Doc], known: dict[str, int]) -> tuple[dict[str, int], int]:
    """Document ids: ``known`` ones kept, the others numbered after them in rank order
    (with nothing known: ids in rank order, as a fresh build gives); and the id bound."""
    urls = {d.url for d in docs}
    ids = {url: i for url, i in known.items() if url in urls}
    bound = max(known.values(), default=-1) + 1
    for d in docs:
        if d.url not in ids:
            ids[d.url], bound = bound, bound + 1
    return ids, bound


def _ranks(docs: list[Doc], index: "_Written") -> bytes | None:
    """``r.bin``: each id's place in rank order; None when ids already are in rank order."""
    if all(index.ids[d.url] == n for n, d in enumerate(docs)) and index.bound == len(docs):
        return None
    ranks = np.full(index.bound, 0xFFFFFFFF, dtype="<u4")
    ranks[[index.ids[d.url] for d in docs]] = np.arange(len(docs), dtype="<u4")
    return ranks.tobytes()


def shard_target(total_bytes: int) -> int:
    """Bytes a shard aims at: SHARD_BYTES, growing past GROW_FROM with the fourth root of the index, so
    that the shard (and places) files grow as N^0.75 while a query's shards grow by a fraction (50,000
    articles: ~21 KB) of what the postings of its common tokens add anyway."""
    return round(SHARD_BYTES * max(1.0, total_bytes / GROW_FROM) ** 0.25)


def _shard_count(total_bytes: int, now: int | None = None) -> int:
    """Shards of about ``shard_target`` bytes (a token's shard is its hash modulo the count): a power of
    two up to spill.GROUPS, past it a multiple of GROUPS (so a shard's tokens are all in one group of
    the postings a build spills).  ``now``: the count in use (the preview's), kept while its shards stay
    within half to twice the target, so that a save rewrites only its own shards."""
    target = shard_target(total_bytes)
    if now is not None and now * target // 2 <= total_bytes <= now * target * 2:
        return now
    need = -(-total_bytes // target)
    if need <= GROUPS:
        k = 16
        while k < need:
            k *= 2
        return k
    return min(MAX_SHARDS, -(-need // GROUPS) * GROUPS)


def _token_size(token: str, postings: int, heavy_at: int) -> int:
    """Bytes of a token in a shard, as the shard count is estimated (ids counted as 2 bytes; a heavy token's postings are elsewhere)."""
    per = 4 if is_pair(token) else 3
    return (postings * per if postings <= heavy_at else 0) + len(token.encode()) + 5 + (2 if is_pair(token) else 0)


def doc_record(doc: Doc) -> bytes:
    return json.dumps(doc.record(), ensure_ascii=False, separators=(",", ":")).encode()


# ---- the preview's kept index: token → its postings, edited page by page


@dataclass
class _Written:
    """The index as last written, kept by the preview for the next write."""

    ids: dict[str, int]  # page url → document id
    bound: int  # ids are below it (the preview leaves holes)
    tokens: dict[str, tuple]  # token → (ids ascending, score << 8 | mask, places given, places (3, m))
    groups: list[set[str]]  # each shard's tokens
    shards: int
    wide: bool
    size: int  # the estimate that sets the shard count


def _token_dict(table: Table) -> dict[str, tuple]:
    ends = np.cumsum(table.counts)
    places = table.places[:, layout.ragged(table.place_at, table.given)]  # token after token
    place_ends = np.cumsum(table.given.astype(np.int64))
    keys = [key(c) for c in table.codes.tolist()] + table.words
    out = {}
    start = place = 0
    for token, end in zip(keys, ends.tolist()):
        place_end = int(place_ends[end - 1])
        out[token] = (table.ids[start:end], table.values[start:end], table.given[start:end], places[:, place:place_end])
        start, place = end, place_end
    return out


def _table_of(tokens: dict[str, tuple], keys: list[str]) -> Table:
    """The table of some tokens of the kept index (the shards a preview write rewrites)."""
    codes = sorted((code_of(t), t) for t in keys if code_of(t) is not None)
    names = [t for t in keys if code_of(t) is None]
    ordered = [t for _, t in codes] + names
    parts = [tokens[t] for t in ordered]
    given = np.concatenate([p[2] for p in parts] or [np.zeros(0, np.uint8)]).astype(np.uint8)
    return Table(np.array([c for c, _ in codes], np.uint32), names, np.array([len(p[0]) for p in parts], np.int64),
                 np.concatenate([p[0] for p in parts] or [np.zeros(0, np.uint32)]).astype(np.uint32),
                 np.concatenate([p[1] for p in parts] or [np.zeros(0, np.uint16)]).astype(np.uint16),
                 given, np.concatenate([p[3] for p in parts] or [_NO_PLACES], axis=1).astype(np.uint16),
                 np.cumsum(given, dtype=np.int64) - given)


def _values(p: Postings | None) -> dict[str, tuple]:
    """token → (score << 8 | mask, places given, places) of one page."""
    if p is None:
        return {}
    ends = np.cumsum(p.given.astype(np.int64)).tolist()
    found = {}
    start = 0
    for code, score, mask, n, end in zip(p.codes.tolist(), p.code_scores.tolist(), p.code_masks.tolist(), p.given.tolist(), ends):
        found[key(code)] = (score << 8 | mask, n, p.places[:, start:end])
        start = end
    found.update({w: (score << 8, 0, _NO_PLACES) for w, score in p.words.items()})
    return found


def _same(a: tuple | None, b: tuple | None) -> bool:
    if a is None or b is None:
        return a is b
    return a[:2] == b[:2] and np.array_equal(a[2], b[2])


def _replace_posting(index: _Written, token: str, doc: int, value: tuple | None, heavy_at: int) -> int:
    """Give ``doc`` the ``value`` (score << 8 | mask, places given, places) for ``token``
    (None: remove it); returns the change in index.size."""
    ids, values, given, places = index.tokens.get(token, (np.zeros(0, np.uint32), np.zeros(0, np.uint16), np.zeros(0, np.uint8), _NO_PLACES))
    before = _token_size(token, len(ids), heavy_at) if len(ids) else 0
    at = int(np.searchsorted(ids, doc))
    place = int(given[:at].astype(np.int64).sum())
    if at < len(ids) and ids[at] == doc:
        places = np.delete(places, np.s_[place: place + int(given[at])], axis=1)
        ids, values, given = np.delete(ids, at), np.delete(values, at), np.delete(given, at)
    if value is not None:
        ids, values = np.insert(ids, at, doc).astype(np.uint32), np.insert(values, at, value[0]).astype(np.uint16)
        given = np.insert(given, at, value[1]).astype(np.uint8)
        places = np.concatenate([places[:, :place], value[2], places[:, place:]], axis=1).astype(np.uint16)
    group = index.groups[bucket(token, index.shards)]
    if len(ids):
        group.add(token)
        index.tokens[token] = (ids, values, given, places)
    elif token in index.tokens:
        del index.tokens[token]
        group.discard(token)
    return (_token_size(token, len(ids), heavy_at) if len(ids) else 0) - before


def _write_files(out: Path, files: dict[str, bytes | None], before: dict[str, bytes], digests: dict[str, bytes], whole: bool,
                 spilled: set[str] = frozenset()) -> None:
    """Write the files under out, skipping those unchanged since the last write
    (a `serve` rebuild), deleting those given as None; after a whole write,
    delete what the index no longer has."""
    out.mkdir(parents=True, exist_ok=True)
    made: set[str] = set()
    for name, data in files.items():
        path = out / name
        if data is None:
            path.unlink(missing_ok=True)
            continue
        if before.get(name) != digests[name] or not path.exists():
            folder = name.split("/", 1)[0]
            if folder not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(folder)
            path.write_bytes(data)
    if not whole:
        return
    if RANKS not in files:
        (out / RANKS).unlink(missing_ok=True)
    for sub in ("s", "p", "d", "h"):
        if (out / sub).is_dir():
            for stale in set(os.listdir(out / sub)) - {n.split("/", 1)[1] for n in (*files, *spilled) if n.startswith(sub + "/")}:
                os.unlink(out / sub / stale)

