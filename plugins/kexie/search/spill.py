"""A build's postings on disk, by group of tokens, instead of every page's arrays in memory.

Each page's postings (~35 KB of arrays a page: 1.75 GB at 50,000 articles) are
appended, a batch of pages at a time, to one file per group of tokens (a Han
code's hash modulo ``GROUPS``; the shard count is a multiple of it, so a shard's
tokens are all in one group) and let go.  A pass of the index then reads only
its groups' files: memory holds one pass's postings, not the archive's.  Each
process writes files of its own (a page's key: its place in the build's list of
pages), so the two halves of the work need no lock and hand back only words and
counts.  Words (~20 a page) stay in memory with the pages.  Each page's document
(its JSON for ``d/<id>.json``, ~8 KB) goes to disk with its postings, so its
text is not handed back and held either.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from . import layout

GROUPS = 64  # groups of tokens on disk; passes read GROUPS / passes groups each
_HEAD = np.dtype("<u4")


@dataclass
class Spilled:
    """What stays in memory of a page whose postings are on disk."""

    key: int  # the page's place in the build's list of pages
    words: dict[str, int]  # word → score byte (as Postings.words)
    codes: int  # its Han codes
    pairs: int  # of which pairs
    record: tuple[str, int, int] | None = None  # its document's JSON on disk: (file, offset, length)


@dataclass
class Flat:
    """Postings read back from the groups of a pass, page after page in the order written."""

    codes: np.ndarray  # uint32
    keys: np.ndarray  # uint32: the page of each posting
    values: np.ndarray  # uint16: score << 8 | mask
    given: np.ndarray  # uint8
    places: np.ndarray  # uint16 (3, m), in posting order


class PostingSpill:
    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="kexie-postings-"))
        self.folder.mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def put(self, batch: list[tuple[int, "object"]]) -> None:
        """Append the postings of a batch of (key, Postings) pages to their groups' files (this process's)."""
        batch = [(k, p) for k, p in batch if len(p.codes)]
        if not batch:
            return
        codes = np.concatenate([p.codes for _, p in batch]).astype(np.uint32)
        keys = np.repeat(np.array([k for k, _ in batch], np.uint32), [len(p.codes) for _, p in batch])
        values = np.concatenate([(p.code_scores.astype(np.uint16) << 8) | p.code_masks for _, p in batch])
        given = np.concatenate([p.given for _, p in batch]).astype(np.uint8)
        places = np.concatenate([p.places for _, p in batch], axis=1).astype(np.uint16)
        group = layout.buckets(codes, GROUPS)
        order = np.argsort(group, kind="stable")
        place_group = np.repeat(group, given)
        place_order = np.argsort(place_group, kind="stable")
        bounds = np.searchsorted(group[order], np.arange(GROUPS + 1))
        place_bounds = np.searchsorted(place_group[place_order], np.arange(GROUPS + 1))
        pid = os.getpid()
        for j in range(GROUPS):
            a, b = bounds[j], bounds[j + 1]
            if a == b:
                continue
            at = order[a:b]
            pl = places[:, place_order[place_bounds[j]: place_bounds[j + 1]]]
            with open(self.folder / f"g{j}-{pid}.bin", "ab") as f:
                f.write(np.array([b - a, pl.shape[1]], _HEAD).tobytes())
                for column in (codes[at], keys[at], values[at], given[at], np.ascontiguousarray(pl)):
                    f.write(column.tobytes())

    def read(self, groups: set[int]) -> Flat:
        """Every posting of these groups, as written (files in name order, chunks in order)."""
        parts: list[tuple] = []
        for path in sorted(self.folder.iterdir()):
            if not path.name.startswith("g") or int(path.stem[1:].split("-")[0]) not in groups:
                continue
            data = path.read_bytes()
            at = 0
            while at < len(data):
                n, m = np.frombuffer(data, _HEAD, 2, at)
                at += 8
                cols = []
                for dtype, count in ((np.uint32, n), (np.uint32, n), (np.uint16, n), (np.uint8, n), (np.uint16, 3 * m)):
                    size = np.dtype(dtype).itemsize * int(count)
                    cols.append(np.frombuffer(data, dtype, int(count), at).copy())
                    at += size
                cols[4] = cols[4].reshape(3, int(m))
                parts.append(tuple(cols))
            del data
        if not parts:
            return Flat(np.zeros(0, np.uint32), np.zeros(0, np.uint32), np.zeros(0, np.uint16), np.zeros(0, np.uint8),
                        np.zeros((3, 0), np.uint16))
        return Flat(*(np.concatenate([p[i] for p in parts]) for i in range(4)), np.concatenate([p[4] for p in parts], axis=1))

    def put_records(self, records: list[bytes]) -> list[tuple[str, int, int]]:
        """Documents' JSON appended to this process's file; where each is."""
        name = f"docs-{os.getpid()}.bin"
        out = []
        with open(self.folder / name, "ab") as f:
            at = f.tell()
            for r in records:
                f.write(r)
                out.append((name, at, len(r)))
                at += len(r)
        return out

    def records(self, where: list[tuple[str, int, int]]) -> Iterator[bytes]:
        """The documents' JSON put at ``where``, in that order."""
        files: dict[str, int] = {}
        try:
            for name, at, length in where:
                if name not in files:
                    files[name] = os.open(self.folder / name, os.O_RDONLY)
                yield os.pread(files[name], length, at)
        finally:
            for fd in files.values():
                os.close(fd)

    def distinct_codes(self, heavy_at: int) -> tuple[int, int, int]:
        """(distinct Han codes, of which pairs, bytes the heavy ones keep out of their shards) over every
        group: a code is in one group only."""
        codes = pairs = heavy = 0
        for j in range(GROUPS):
            found, pages = np.unique(self.read({j}).codes, return_counts=True)
            codes += len(found)
            pairs += int(np.count_nonzero(found >= 0x10000))
            heavy += layout.heavy_weight(found, pages, heavy_at)
        return codes, pairs, heavy


def kept(key: int, p, record: tuple[str, int, int] | None = None) -> Spilled:
    """What stays in memory of page ``key`` once its Postings ``p`` (and its document, at ``record``) are put to disk."""
    return Spilled(key, p.words, len(p.codes), int(np.count_nonzero(p.codes >= 0x10000)), record)
