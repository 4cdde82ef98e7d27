"""Parsed content files kept between the preview's rebuilds.

``mkdocs serve`` checks the whole site on every save; reading and parsing
5,000 articles takes seconds while the editor changed one.  A file's parse
(its draft or links, and the problems it reported) depends on its bytes,
its path and which photos it names exist, so it is reused while its
(mtime_ns, size) and those photos are as they were.  Problems are replayed
as recorded, so an editor reads exactly what a fresh check would say.

A fresh ``SourceCache`` (what ``kexie check`` and ``mkdocs build`` use)
simply parses every file; with ``fork`` a forked child parses the second
half of them while this process parses the first (``prefetch``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import forked
from .problems import Problem, Problems

PREFETCH_MIN = 200  # fewer files parse faster than a child starts


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

    def __init__(self, fork: bool = False) -> None:
        self._parsed: dict[tuple, _Parsed] = {}
        self.hits = self.misses = 0
        self.fork = fork
        self._child: forked.ForkedJob | None = None
        self._coming: set[tuple] = set()  # keys the child is parsing

    def prefetch(self, jobs: list[tuple]) -> None:
        """Jobs ``(parse, root, rel, *args)`` that ``read`` will be asked for, in that order:
        with ``fork``, a child parses the second half of those not known yet."""
        if not (self.fork and forked.available() and len(jobs) >= PREFETCH_MIN):
            return  # (a preview's rebuild: no fork, and no stat of every file here)
        todo = [job for job in jobs if not self._known(_key(*job), file_stamp(job[1] / job[2]))]
        if len(todo) < PREFETCH_MIN:
            return
        tail = todo[len(todo) // 2:]
        self._child = forked.ForkedJob("sources", lambda: [(_key(*job), _parse(file_stamp(job[1] / job[2]), *job)) for job in tail])
        self._coming = {_key(*job) for job in tail}

    def read(self, parse: Callable, root: Path, rel: str, p: Problems, *args) -> Any:
        """``parse(root, rel, *args, problems, images=…)``, or what it returned for the same file before."""
        key = _key(parse, root, rel, *args)
        if key in self._coming:
            self._collect()
        stamp = file_stamp(root / rel)  # taken before reading: a save during the read makes the next build read again
        known = self._known(key, stamp)
        if known is not None:
            self.hits += 1
            p.items.extend(known.problems)
            return known.result
        self.misses += 1
        parsed = _parse(stamp, parse, root, rel, *args)
        p.items.extend(parsed.problems)
        if parsed.stamp is not None:
            self._parsed[key] = parsed
        else:
            self._parsed.pop(key, None)
        return parsed.result

    def last(self, parse: Callable, root: Path, rel: str, *args) -> Any:
        """What ``parse`` returned for the file when last read (None if never), changed since or not."""
        known = self._parsed.get(_key(parse, root, rel, *args))
        return None if known is None else known.result

    def _known(self, key: tuple, stamp) -> _Parsed | None:
        known = self._parsed.get(key)
        return known if known is not None and known.still_valid(stamp) else None

    def _collect(self) -> None:
        """The child's parses, into the cache (none if it failed: read() parses them here)."""
        child, self._child, self._coming = self._child, None, set()
        try:
            self._parsed.update((key, parsed) for key, parsed in child.result() if parsed.stamp is not None)
        except forked.ChildFailed:
            pass

    def forget_all_but(self, rels: set[str]) -> None:
        """Drop files that are gone (renamed, deleted), so the cache does not grow with every rename."""
        for key in [k for k in self._parsed if k[3] not in rels]:
            del self._parsed[key]


def _key(parse: Callable, root: Path, rel: str, *args) -> tuple:
    return (parse.__module__, parse.__qualname__, str(root), rel, args)


def _parse(stamp: tuple[int, int] | None, parse: Callable, root: Path, rel: str, *args) -> _Parsed:
    """``stamp`` is taken before reading: a save during the read makes the next build read again."""
    own, photos = Problems(), []
    result = parse(root, rel, *args, own, images=photos)
    return _Parsed(stamp, result, own.items, [(path, path.is_file()) for path in photos])


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of a file; None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)
