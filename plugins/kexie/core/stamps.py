"""Which files changed between two moments: (mtime_ns, size) of every file under some folders.

The preview takes one before each build reads anything, so a save made while
a build runs still counts as a change for the next one.  6,000 files: ~30 ms.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

Stamps = dict[str, tuple[int, int]]  # absolute path → (mtime_ns, size)


def take(*roots: str) -> Stamps:
    """Every file under ``roots`` (a root may be one file) but hidden ones; links are not followed."""
    out: Stamps = {}
    for root in roots:
        if os.path.isfile(root):
            try:
                st = os.stat(root)
            except OSError:
                continue  # replaced while we looked: the next save sees it
            out[root] = (st.st_mtime_ns, st.st_size)
        else:
            _scan(root, out)
    return out


def _scan(folder: str, out: Stamps) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # editors' swap files; MkDocs leaves hidden files out too
        try:
            if entry.is_dir(follow_symlinks=False):
                _scan(entry.path, out)
            else:
                st = entry.stat(follow_symlinks=False)
                out[entry.path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            continue  # deleted while we looked: the next save sees it


@dataclass
class Changes:
    modified: list[str]
    added: list[str]
    removed: list[str]

    @property
    def only_modified(self) -> bool:
        return bool(self.modified) and not self.added and not self.removed


def compare(before: Stamps, after: Stamps) -> Changes:
    return Changes(modified=sorted(p for p, s in after.items() if p in before and before[p] != s),
                   added=sorted(p for p in after if p not in before),
                   removed=sorted(p for p in before if p not in after))
