"""Parsed content files kept between the preview's rebuilds.

``mkdocs serve`` checks the whole site on every save; reading and parsing
5,000 articles takes seconds while the editor changed one.  A file's parse
(its draft or links, and the problems it reported) depends on its bytes,
its path and which photos it names exist, so it is reused while its
(mtime_ns, size) and those photos are as they were.  Problems are replayed
as recorded, so an editor reads exactly what a fresh check would say.

A fresh ``SourceCache`` (what ``kexie check`` and ``mkdocs build`` use)
simply parses every file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .problems import Problem, Problems


@dataclass
class _Parsed:
    stamp: tuple[int, int]  # (mtime_ns, size) before the file was read
    result: Any
    problems: list[Problem]
    photos: list[tuple[Path, bool]]  # photo files the text names, and whether each existed

    def still_valid(self, stamp: tuple[int, int] | None) -> bool:
        return stamp == self.stamp and all(path.is_file() == existed for path, existed in self.photos)


class SourceCache:
    """Each file's parse, by (parser, path, arguments)."""

    def __init__(self) -> None:
        self._parsed: dict[tuple, _Parsed] = {}
        self.hits = self.misses = 0

    def read(self, parse: Callable, root: Path, rel: str, p: Problems, *args) -> Any:
        """``parse(root, rel, *args, problems, images=…)``, or what it returned for the same file before."""
        key = (parse.__module__, parse.__qualname__, str(root), rel, args)
        stamp = _stamp(root / rel)  # taken before reading: a save during the read makes the next build read again
        known = self._parsed.get(key)
        if known is not None and known.still_valid(stamp):
            self.hits += 1
            p.items.extend(known.problems)
            return known.result
        self.misses += 1
        own, photos = Problems(), []
        result = parse(root, rel, *args, own, images=photos)
        p.items.extend(own.items)
        if stamp is not None:
            self._parsed[key] = _Parsed(stamp, result, own.items, [(path, path.is_file()) for path in photos])
        else:
            self._parsed.pop(key, None)
        return result

    def forget_all_but(self, rels: set[str]) -> None:
        """Drop files that are gone (renamed, deleted), so the cache does not grow with every rename."""
        for key in [k for k in self._parsed if k[3] not in rels]:
            del self._parsed[key]


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)
