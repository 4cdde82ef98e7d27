"""The sharded static search index: many small files, fetched only for the terms a query has.

Layout under ``search/`` in the site:

- ``manifest.json``  ``{"v": version, "shards": K, "docs": N, "wide": false, "format": 2}`` (a few bytes);
                      N bounds the document ids
- ``s/<k>.bin``       one shard: every token whose hash falls in bucket k, with its postings
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

A posting of a Han pair also has a position mask: bit (p mod 8) is set for
every position p where the pair starts in title + "\n" + meta + "\n" + text
(the string the client checks a phrase against), p counted in UTF-16 units
from the start of its line: no pair spans a line break, so a run's pairs are
at consecutive positions of one line, and an edit to one paragraph (or the
title) leaves the other lines' masks, and so the preview's shards, as they were. A run
c0…cn of a query can only be in a page when ``acc = mask(P0); acc =
rotl8(acc, 1) & mask(Pi)`` stays non-zero over its pairs, so the client drops
most pages whose pairs are each there but apart before it fetches any text
(``may_hold_run`` is that test).

Shard format (``FORMAT`` 2), little-endian: ``u32 n`` tokens; n × (``u8 len``,
UTF-8 key, ``u32 count``); then every token's document ids (``u16``, or
``u32`` when "wide") in key order; then their score bytes in the same order;
then the mask bytes of the pair tokens only (key = two Han characters), in
the same order.

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
FORMAT = 2  # 2: pair postings carry position masks


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


def text_codes(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct codes of a text (ascending), how often each occurs, and each
    pair's position mask: bit (p mod 8) for every unit index p where it starts, counted
    from the start of its line (0 for single characters). Pairs: one sort of
    code << 3 | p mod 8 gives all."""
    units, han = _han_units(text)
    singles, single_counts = np.unique(units[han], return_counts=True)
    at = np.flatnonzero(han[:-1] & han[1:])
    line_starts = np.maximum.accumulate(np.where(units == 0x0A, np.arange(1, len(units) + 1), 0)) if len(units) else units
    column = at - line_starts[at]
    keys = np.sort((((units[at] << 16) | units[at + 1]).astype(np.uint64) << np.uint64(3)) | (column & 7).astype(np.uint64))
    if not len(keys):
        return singles, single_counts, np.zeros(len(singles), np.uint8)
    codes = (keys >> np.uint64(3)).astype(np.uint32)
    first = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    masks = np.bitwise_or.reduceat(np.left_shift(np.uint8(1), (keys & np.uint64(7)).astype(np.uint8)), first)
    # every single code (< 0x10000) sorts before every pair code
    return (np.concatenate([singles, codes[first]]), np.concatenate([single_counts, np.diff(np.r_[first, len(keys)])]),
            np.concatenate([np.zeros(len(singles), np.uint8), masks]))


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
    # one pass over title, names and text for the codes and their position masks;
    # a code's count in the text is its count there less its counts in the title and names
    codes, counts, masks = text_codes(doc.title + "\n" + doc.meta + "\n" + doc.text)
    flags = np.zeros(len(codes), np.int64)
    for flag, part in ((TITLE, doc.title), (META, doc.meta)):
        part, part_counts = np.unique(han_codes(part), return_counts=True)
        at = np.searchsorted(codes, part)  # every code of the title and names is in codes
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
    return Postings(codes, scores, found, masks)


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

    With ``keep=True`` (the preview) it also keeps the last written index and
    its document ids: a write updates only the tokens of the pages added,
    changed or removed since, and rewrites only their shards and documents
    (a full write sorts every posting of the site). A new page takes the next
    id, a removed page's id stays unused, and ``r.bin`` keeps results in rank order."""

    def __init__(self, keep: bool = False) -> None:
        self.docs: dict[str, Doc] = {}
        self._postings: dict[str, Postings] = {}
        self._digests: dict[str, bytes] = {}  # file → digest of what the last write put there
        self._keep = keep
        self._last: _Written | None = None
        self._replaced: dict[str, Postings | None] = {}  # page changed since the last write → its postings then (None: new)

    def add(self, doc: Doc) -> None:
        if doc.url not in self._replaced:
            self._replaced[doc.url] = self._postings.get(doc.url)
        self.docs[doc.url] = doc
        self._postings[doc.url] = postings(doc)

    def keep_only(self, urls: set[str]) -> None:
        """Forget pages that no longer exist."""
        for url in [u for u in self.docs if u not in urls]:
            self._replaced.setdefault(url, self._postings[url])
            del self.docs[url], self._postings[url]

    def ordered(self) -> list[Doc]:
        return sorted(self.docs.values(), key=lambda d: (d.rank, d.url))

    def write(self, out: str | Path) -> dict:
        """Write manifest, shards and documents under `out`; return the manifest."""
        out = Path(out)
        docs = self.ordered()
        last, replaced, self._last, self._replaced = self._last, self._replaced, None, {}
        files, gone = None, set()
        on_disk = (out / "manifest.json").is_file()  # (the preview's folder is emptied while content has problems)
        if last is not None and on_disk:
            files, gone = self._update(last, docs, replaced)
        whole = files is None
        if whole:
            last, files = self._rewrite(docs, last.ids if last is not None and on_disk else {})
        if last.bound > 0xFFFFFF:  # ids have 24 bits in the sort key
            raise ValueError(f"{last.bound} searchable pages: the index holds at most {0xFFFFFF}")
        ranks = _ranks(docs, last)
        if ranks is not None:
            files[RANKS] = ranks
        elif RANKS in self._digests:
            gone.add(RANKS)
        before = self._digests
        self._digests = ({} if whole else {k: v for k, v in before.items() if k not in gone}) \
            | {name: hashlib.sha1(data).digest() for name, data in files.items()}
        digest = hashlib.sha1(f"format {FORMAT}".encode())
        for name in sorted(self._digests):
            digest.update(name.encode() + b"\0" + self._digests[name])
        manifest = {"v": digest.hexdigest()[:12], "shards": last.shards, "docs": last.bound, "wide": last.wide, "format": FORMAT}
        if ranks is not None:
            manifest["ranked"] = True
        _write_files(out, files, before, self._digests, whole, gone)
        (out / "manifest.json").write_text(json.dumps(manifest))  # last: the browser reads it first
        if self._keep:
            self._last = last
        return manifest

    def _rewrite(self, docs: list[Doc], known: dict[str, int]) -> tuple["_Written", dict[str, bytes]]:
        """Every shard and document, from all postings; ``known``: ids to keep (the preview's)."""
        ids, bound = _numbered(docs, known if self._keep else {})
        tokens = self._tokens(docs, ids, bound)
        # as _token_size adds up: 3 bytes a posting, 4 for a pair's (its mask), and the key
        size = sum(len(v[0]) for v in tokens.values()) * 3 + sum(len(t.encode()) + 5 for t in tokens) \
            + sum(int(np.count_nonzero(self._postings[d.url].codes >= 0x10000)) for d in docs)
        shards = _shard_count(size)
        wide = bound > 0xFFFF
        groups: list[list[str]] = [[] for _ in range(shards)]
        for token in sorted(tokens):
            groups[bucket(token, shards)].append(token)
        files = {f"s/{k}.bin": _shard_blob(group, tokens, wide) for k, group in enumerate(groups)}
        files.update({f"d/{ids[d.url]}.json": _record(d) for d in docs})
        return _Written(ids, bound, tokens, groups, shards, wide, size), files

    def _update(self, last: "_Written", docs: list[Doc], replaced: dict[str, Postings | None]) -> tuple[dict[str, bytes] | None, set[str]]:
        """Only the tokens of the pages in ``replaced`` change: (files, files to delete);
        files is None when a whole write is needed (the shard count or id width would change)."""
        ids, touched, gone = last.ids, set(), set()
        by_url = {d.url: d for d in docs}
        for url, before in replaced.items():
            now = self._postings.get(url)
            if url not in ids:
                if now is None:
                    continue  # added and removed again between two writes
                ids[url], last.bound = last.bound, last.bound + 1
            i, old, new = ids[url], _values(before), _values(now)
            for token in old.keys() | new.keys():
                if old.get(token) != new.get(token):
                    last.size += _replace_posting(last, token, i, new.get(token))
                    touched.add(bucket(token, last.shards))
            if now is None:
                del ids[url]
                gone.add(f"d/{i}.json")
        if _shard_count(last.size) != last.shards or (last.bound > 0xFFFF) != last.wide:
            return None, set()
        files = {f"s/{k}.bin": _shard_blob(last.groups[k], last.tokens, last.wide) for k in touched}
        files.update({f"d/{ids[url]}.json": _record(by_url[url]) for url in replaced if url in by_url})
        return files, gone

    def _tokens(self, docs: list[Doc], ids: dict[str, int], bound: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """token → (document ids, values), ids ascending; a value is score << 8 | position mask."""
        docs = sorted(docs, key=lambda d: ids[d.url])
        per_doc = [self._postings[d.url] for d in docs]
        doc_ids = [ids[d.url] for d in docs]
        codes = np.concatenate([p.codes for p in per_doc] or [np.zeros(0, np.uint32)])
        values = np.concatenate([(p.code_scores.astype(np.uint16) << 8) | p.code_masks for p in per_doc] or [np.zeros(0, np.uint16)])
        id_list = np.repeat(np.array(doc_ids, dtype=np.uint32), [len(p.codes) for p in per_doc])
        codes, id_list, values = sort_postings(codes, id_list, values, bound)
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, int)
        ends = np.r_[starts[1:], len(codes)]
        tokens = {key(int(codes[s])): (id_list[s:e], values[s:e]) for s, e in zip(starts, ends)}
        word_lists: dict[str, tuple[list[int], list[int]]] = {}
        for i, p in zip(doc_ids, per_doc):
            for w, score in p.words.items():
                lists = word_lists.setdefault(w, ([], []))
                lists[0].append(i)
                lists[1].append(score << 8)
        for w, (wids, wvalues) in word_lists.items():
            tokens[w] = (np.array(wids, dtype=np.uint32), np.array(wvalues, dtype=np.uint16))
        return tokens


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


def sort_postings(codes: np.ndarray, ids: np.ndarray, values: np.ndarray, docs: int):
    """The postings (code, id, value: score << 8 | mask) ordered by (code, id). One
    64-bit key per posting and a plain sort, several times faster than a stable
    argsort: code | id | value while ids fit in 16 bits (≤ 65,536 pages); beyond,
    code | id | score and code | id | mask sorted apart ((code, id) is unique, so
    both come out in the same order)."""
    head = (codes.astype(np.uint64) << np.uint64(32))
    if docs <= 0x10000:
        keys = np.sort(head | (ids.astype(np.uint64) << np.uint64(16)) | values)
        return ((keys >> np.uint64(32)).astype(np.uint32), ((keys >> np.uint64(16)) & np.uint64(0xFFFF)).astype(np.uint32),
                keys.astype(np.uint16))
    head |= ids.astype(np.uint64) << np.uint64(8)
    keys = np.sort(head | (values >> 8))
    masks = np.sort(head | (values & 0xFF)).astype(np.uint8)
    del head
    return ((keys >> np.uint64(32)).astype(np.uint32), ((keys >> np.uint64(8)) & np.uint64(0xFFFFFF)).astype(np.uint32),
            (keys.astype(np.uint16) << 8) | masks)


def _token_size(token: str, postings: int) -> int:
    """Bytes of a token in a shard, as the shard count is estimated (ids counted as 2 bytes)."""
    return postings * (4 if is_pair(token) else 3) + len(token.encode()) + 5



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
    scores = (np.concatenate([tokens[t][1] for t in group]) >> 8).astype(np.uint8)
    masks = [tokens[t][1] for t in group if len(t) == 2 and t[0] >= "\u3400"]  # is_pair, inline: 10⁵ tokens
    masks = np.concatenate(masks).astype(np.uint8) if masks else np.zeros(0, np.uint8)  # the low byte
    return bytes(head) + ids.tobytes() + scores.tobytes() + masks.tobytes()


def _record(doc: Doc) -> bytes:
    return json.dumps(doc.record(), ensure_ascii=False, separators=(",", ":")).encode()


@dataclass
class _Written:
    """The index as last written, kept by the preview for the next write."""

    ids: dict[str, int]  # page url → document id
    bound: int  # ids are below it (the preview leaves holes)
    tokens: dict[str, tuple[np.ndarray, np.ndarray]]  # token → (ids ascending, score << 8 | mask)
    groups: list[list[str]]  # each shard's tokens, sorted
    shards: int
    wide: bool
    size: int  # the estimate that sets the shard count


def _values(p: Postings | None) -> dict[str, int]:
    """token → score << 8 | position mask, of one page (none for a page not there)."""
    if p is None:
        return {}
    found = {key(code): score << 8 | mask for code, score, mask in zip(p.codes.tolist(), p.code_scores.tolist(), p.code_masks.tolist())}
    found.update({w: score << 8 for w, score in p.words.items()})
    return found


def _replace_posting(index: _Written, token: str, doc: int, value: int | None) -> int:
    """Give ``doc`` the ``value`` (score << 8 | mask) for ``token`` (None: remove it); returns the change in index.size."""
    ids, values = index.tokens.get(token, (np.zeros(0, np.uint32), np.zeros(0, np.uint16)))
    before = _token_size(token, len(ids)) if len(ids) else 0
    at = int(np.searchsorted(ids, doc))
    if at < len(ids) and ids[at] == doc:
        ids, values = np.delete(ids, at), np.delete(values, at)
    if value is not None:
        ids, values = np.insert(ids, at, doc).astype(np.uint32), np.insert(values, at, value).astype(np.uint16)
    group = index.groups[bucket(token, index.shards)]
    if len(ids):
        if token not in index.tokens:
            bisect.insort(group, token)
        index.tokens[token] = (ids, values)
    elif token in index.tokens:
        del index.tokens[token]
        group.remove(token)
    return (_token_size(token, len(ids)) if len(ids) else 0) - before


def _write_files(out: Path, files: dict[str, bytes], before: dict[str, bytes], digests: dict[str, bytes], whole: bool,
                 gone: set[str]) -> None:
    """Write the files under out, skipping those unchanged since the last write
    (a `serve` rebuild), and delete ``gone``; after a whole write, delete what the index no longer has."""
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = out / name
        if before.get(name) != digests[name] or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for name in gone:
        (out / name).unlink(missing_ok=True)
    if not whole:
        return
    if RANKS not in files:
        (out / RANKS).unlink(missing_ok=True)
    for sub in ("s", "d"):
        if (out / sub).is_dir():
            for stale in set(os.listdir(out / sub)) - {n.split("/", 1)[1] for n in files if n.startswith(sub + "/")}:
                os.unlink(out / sub / stale)
