"""The bytes of the index files, from a table of tokens and their postings.

One writer for both a whole build and a preview's few rewritten shards, so
the two give the same bytes. It works on whole arrays (numpy): a site has
hundreds of thousands of tokens, and a loop per token cost seconds.

Shard ``s/<k>.bin`` (``FORMAT`` 3), little-endian: ``u32 n`` tokens; n ×
(``u8 len``, UTF-8 key, ``u32 count``); every token's document ids (``u16``,
or ``u32`` when "wide"); their score bytes; the position mask bytes of the
pair tokens' postings; then one ``u16`` per pair token: how many places of it
``p/<k>.bin`` holds (0: none). All in key order.

Places ``p/<k>.bin``, only for a shard with placed pairs: for those pairs, in
key order, every place's position (``u16``, a UTF-16 unit index in text +
"\\n" + title + "\\n" + names), then the unit before each place (0 at the
start), then the unit after the pair (0 at the end), then one ``u8`` per
posting: how many places that page has (0: not given, the page is too long
or has more than 255). A pair is placed when the site has at most
``MAX_PLACES`` places of it: a commoner pair's places cost a query more bytes
than its text checks would.

A heavy token (``FORMAT`` 4: more than ``heavy`` postings, see ``heavy_from``) keeps none
of them in its shard: its head count has bit 31 set and its postings are in
files of its own, ``h/<k>-<j>-<b>.bin`` (j: its place among shard k's heavy
tokens, b: the block), in rank order (score descending, then id). Block b
holds ``BLOCK << b`` postings (ids, then scores), so a first query reads the
best ``BLOCK`` and the rest come as the reader scrolls; block 0 begins with
the token's membership bitmap (bit ``id & 7`` of byte ``id >> 3``; ids past
its end are not members), which answers "is this page in it" for every page
at one bit a page. A heavy pair's position masks are in ``h/<k>-<j>-m.bin``,
one byte a page in id order (the bitmap's), read only for a run whose pairs
leave many pages; it has no places.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FORMAT = 4  # 2: pair position masks; 3: + places of the less common pairs in p/<k>.bin; 4: heavy tokens in h/
MAX_PLACES = 16_000  # ≈ 100 KB of places for one pair: more than a query should fetch
BLOCK = 1024  # a heavy token's first block: the postings a first query reads (~4 KB)
HEAVY_MIN = 2048  # a token is heavy past this many postings, and past 1/16 of the pages (when its bitmap is ≤ half its ids)
HEAVY_FLAG = 1 << 31


def heavy_from(bound: int, least: int = HEAVY_MIN) -> int:
    """Postings above which a token is heavy, for an index whose ids are below ``bound``."""
    return max(least, bound // 16)


@dataclass
class Table:
    """Tokens (in any order) with their postings, token after token."""

    codes: np.ndarray  # uint32: a Han character, or a pair (high << 16 | low); the words come after them
    words: list[str]  # Latin/digit words and "=" names
    counts: np.ndarray  # postings per token (codes, then words)
    ids: np.ndarray  # uint32 document ids, ascending within a token
    values: np.ndarray  # uint16: score << 8 | position mask
    given: np.ndarray  # uint8 per posting: places given for that page (pairs only)
    places: np.ndarray  # uint16 (3, m): position, unit before, unit after
    place_at: np.ndarray  # per posting: where its places start in .places


def heavy_weight(codes: np.ndarray, pages: np.ndarray, heavy_at: int) -> int:
    """Bytes the heavy ones of these Han codes (on ``pages`` pages each) keep out of their shards."""
    heavy = pages > heavy_at
    return int((pages[heavy] * np.where(codes[heavy] >= 0x10000, 4, 3)).sum())


def buckets(codes: np.ndarray, shards: int) -> np.ndarray:
    """index.bucket for Han codes, on whole arrays."""
    h = np.full(len(codes), 0x811C9DC5, np.uint64)
    pair = codes >= 0x10000
    first = np.where(pair, codes >> 16, codes).astype(np.uint64)
    h = ((h ^ first) * np.uint64(0x01000193)) & np.uint64(0xFFFFFFFF)
    second = ((h ^ (codes & 0xFFFF).astype(np.uint64)) * np.uint64(0x01000193)) & np.uint64(0xFFFFFFFF)
    h = np.where(pair, second, h)
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(0x2C1B3C6D)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(12)
    return (h % np.uint64(shards)).astype(np.int64)


def ragged(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start..start+length of every (start, length), one after another
    (int32 when they fit: these arrays have one entry per posting or place of the site)."""
    keep = lengths > 0
    starts, lengths = starts[keep], lengths[keep]
    total = int(lengths.sum(dtype=np.int64))
    big = total >= 2**31 or (len(starts) and int(starts.max()) + int(lengths.max()) >= 2**31)
    kind = np.int64 if big else np.int32
    out = np.ones(total, kind)
    if total:
        starts, lengths = starts.astype(kind), lengths.astype(kind)
        first = np.cumsum(lengths)
        first -= lengths
        steps = np.empty(len(starts), kind)  # from the last index of a run to the first of the next
        steps[0] = starts[0]
        np.subtract(starts[1:], starts[:-1] + lengths[:-1] - 1, out=steps[1:])
        out[first] = steps
        np.cumsum(out, out=out)
    return out


def files(table: Table, shards: int, wide: bool, bucket_of, only: set[int] | None = None, *, bound: int,
          heavy: int, block: int = BLOCK) -> dict[str, bytes | None]:
    """Shard, places and heavy-token files for every shard (or those in ``only``); None: a places
    file to delete. ``bound``: the id bound (a bitmap's length); ``heavy``: heavy_from(bound);
    ``block``: postings in a heavy token's first block."""
    t = _in_file_order(table, shards, bucket_of, heavy)
    out: dict[str, bytes | None] = {}
    for k in range(shards) if only is None else sorted(only):
        a, b = t.token_bounds[k], t.token_bounds[k + 1]
        out[f"s/{k}.bin"] = _shard(t, k, a, b, wide)
        out[f"p/{k}.bin"] = _places(t, k) if t.placed_bounds[k + 1] > t.placed_bounds[k] else None
        out.update(_heavy_files(t, k, bound, wide, block))
    if only is None:
        out = {name: data for name, data in out.items() if data is not None}
    return out


@dataclass
class _Ordered:
    """The table in file order, with where each shard's part of each section starts."""

    head: np.ndarray  # uint8, every token's (len, key, count)
    head_at: np.ndarray  # per token, where its head entry starts; one more at the end
    ids: np.ndarray
    scores: np.ndarray
    masks: np.ndarray  # pair postings only
    pair_places: np.ndarray  # uint16 per pair token
    token_bounds: np.ndarray  # per shard: first token … (shards + 1)
    posting_bounds: np.ndarray
    pair_bounds: np.ndarray  # per shard: first pair token
    mask_bounds: np.ndarray  # per shard: first pair posting
    placed_bounds: np.ndarray  # per shard: first place, over placed pairs
    given_bounds: np.ndarray  # per shard: first posting of a placed pair
    where: np.ndarray  # uint16 (3, m) places of the placed pairs
    given: np.ndarray  # uint8 per posting of a placed pair
    heavy_bounds: np.ndarray  # per shard: its first heavy token (among the heavy ones)
    heavy_posts: np.ndarray  # per heavy token: where its postings start in heavy_ids …; one more at the end
    heavy_pair: np.ndarray  # bool per heavy token
    heavy_ids: np.ndarray
    heavy_scores: np.ndarray
    heavy_masks: np.ndarray  # uint8 per heavy posting (0 for single characters and words)


def _in_file_order(table: Table, shards: int, bucket_of, heavy_at: int) -> _Ordered:
    n_codes = len(table.codes)
    word_buckets = np.array([bucket_of(w, shards) for w in table.words], dtype=np.int64)
    bucket = np.concatenate([buckets(table.codes, shards), word_buckets])
    # within a shard: words and names (ASCII first character) before Han keys; Han keys by units
    word_rank = np.argsort(np.array(table.words, dtype=object), kind="stable") if table.words else np.zeros(0, np.int64)
    rank = np.zeros(len(bucket), np.uint64)
    rank[n_codes + word_rank] = np.arange(len(table.words), dtype=np.uint64)
    codes64 = table.codes.astype(np.uint64)
    rank[:n_codes] = np.uint64(1 << 40) + np.where(codes64 >= 0x10000, codes64, codes64 << np.uint64(16))
    order = np.lexsort((rank, bucket))
    counts = table.counts.astype(np.int64)
    starts = np.cumsum(counts) - counts
    post = ragged(starts[order], counts[order])
    is_pair = np.zeros(len(bucket), bool)
    is_pair[:n_codes] = table.codes >= 0x10000
    pair, counts, bucket = is_pair[order], counts[order], bucket[order]
    heavy = counts > heavy_at
    given = table.given
    per_token_places = np.add.reduceat(given[post], np.r_[0, np.cumsum(counts)[:-1]], dtype=np.int64) if len(post) else np.zeros(len(counts), np.int64)
    per_token_places = np.where(counts > 0, per_token_places, 0)
    placed = pair & ~heavy & (per_token_places > 0) & (per_token_places <= MAX_PLACES)
    post_placed = np.repeat(placed, counts)
    placed_post = post[post_placed]
    where = np.take(table.places, ragged(table.place_at[placed_post], given[placed_post]), axis=1)  # (twice as fast as [:, i])
    in_shard = np.repeat(~heavy, counts)
    light = np.where(heavy, 0, counts)
    ids, values = table.ids[post[in_shard]], table.values[post[in_shard]]
    heavy_post = post[~in_shard]
    heavy_ids, heavy_values = table.ids[heavy_post], table.values[heavy_post]
    del post, in_shard, heavy_post
    bounds = np.searchsorted(bucket, np.arange(shards + 1))
    cum_posts = np.r_[0, np.cumsum(light)]
    cum_pairs = np.r_[0, np.cumsum(pair)]
    cum_mask = np.r_[0, np.cumsum(np.where(pair, light, 0))]
    cum_placed = np.r_[0, np.cumsum(np.where(placed, per_token_places, 0))]
    cum_given = np.r_[0, np.cumsum(np.where(placed, counts, 0))]
    cum_heavy = np.r_[0, np.cumsum(heavy)]
    head, head_at = _heads(table, order, np.where(heavy, counts | HEAVY_FLAG, counts))
    heavy_counts = counts[heavy]
    return _Ordered(head, head_at, ids, (values >> 8).astype(np.uint8), (values[np.repeat(pair, light)] & 0xFF).astype(np.uint8),
                    np.where(placed, per_token_places, 0)[pair].astype("<u2"), bounds, cum_posts[bounds], cum_pairs[bounds],
                    cum_mask[bounds], cum_placed[bounds], cum_given[bounds], where.astype("<u2", copy=False),
                    given[placed_post].astype(np.uint8), cum_heavy[bounds], np.r_[0, np.cumsum(heavy_counts)], pair[heavy],
                    heavy_ids, (heavy_values >> 8).astype(np.uint8), (heavy_values & 0xFF).astype(np.uint8))


def _heads(table: Table, order: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every token's head entry (u8 key length, UTF-8 key, u32 count) in file order."""
    n_codes = len(table.codes)
    word_keys = [w.encode() for w in table.words]
    key_len = np.concatenate([np.where(table.codes >= 0x10000, 6, 3), [len(k) for k in word_keys]]).astype(np.int64)[order]
    at = np.r_[0, np.cumsum(key_len + 5)]
    head = np.zeros(int(at[-1]), np.uint8)
    head[at[:-1]] = key_len
    count_bytes = counts.astype("<u4").view(np.uint8).reshape(-1, 4)
    head[(at[:-1] + 1 + key_len)[:, None] + np.arange(4)] = count_bytes
    place = np.empty(len(order), np.int64)
    place[order] = np.arange(len(order))  # token → its index in file order
    code_at = at[place[:n_codes]] + 1
    units = np.stack([np.where(table.codes >= 0x10000, table.codes >> 16, table.codes), table.codes & 0xFFFF])
    for u, pick in ((0, slice(None)), (1, table.codes >= 0x10000)):  # BMP Han: three UTF-8 bytes a unit
        c, start = units[u][pick], code_at[pick] + 3 * u
        head[start] = 0xE0 | (c >> 12)
        head[start + 1] = 0x80 | ((c >> 6) & 0x3F)
        head[start + 2] = 0x80 | (c & 0x3F)
    for i, raw in enumerate(word_keys):
        start = at[place[n_codes + i]] + 1
        head[start: start + len(raw)] = np.frombuffer(raw, np.uint8)
    return head, at


def _shard(t: _Ordered, k: int, a: int, b: int, wide: bool) -> bytes:
    p, q = t.posting_bounds[k], t.posting_bounds[k + 1]
    ids = t.ids[p:q].astype("<u4" if wide else "<u2")
    return b"".join([int(b - a).to_bytes(4, "little"), t.head[t.head_at[a]: t.head_at[b]].tobytes(), ids.tobytes(),
                     t.scores[p:q].tobytes(), t.masks[t.mask_bounds[k]: t.mask_bounds[k + 1]].tobytes(),
                     t.pair_places[t.pair_bounds[k]: t.pair_bounds[k + 1]].tobytes()])


def _heavy_files(t: _Ordered, k: int, bound: int, wide: bool, block_size: int) -> dict[str, bytes]:
    """Shard k's heavy tokens: each one's bitmap and postings in rank order, block by block."""
    out = {}
    for j, h in enumerate(range(t.heavy_bounds[k], t.heavy_bounds[k + 1])):
        a, b = t.heavy_posts[h], t.heavy_posts[h + 1]
        ids, scores = t.heavy_ids[a:b], t.heavy_scores[a:b]
        rank = np.lexsort((ids, 255 - scores.astype(np.int16)))  # score descending, then id
        ids, scores = ids[rank].astype("<u4" if wide else "<u2"), scores[rank]
        member = np.zeros(max(bound, int(ids.max()) + 1), bool)
        member[ids] = True
        if t.heavy_pair[h]:  # the masks in id order (the bitmap's), for a run's pages
            out[f"h/{k}-{j}-m.bin"] = t.heavy_masks[a:b].tobytes()
        start, size, block = 0, block_size, 0
        while start < len(ids):
            part = slice(start, start + size)
            data = [ids[part].tobytes(), scores[part].tobytes()]
            if block == 0:
                data.insert(0, np.packbits(member, bitorder="little").tobytes())
            out[f"h/{k}-{j}-{block}.bin"] = b"".join(data)
            start, size, block = start + size, size * 2, block + 1
    return out


def _places(t: _Ordered, k: int) -> bytes:
    a, b = t.placed_bounds[k], t.placed_bounds[k + 1]
    return t.where[:, a:b].tobytes() + t.given[t.given_bounds[k]: t.given_bounds[k + 1]].tobytes()
