"""Paths editors write (images, links), resolved without leaving content/."""

from __future__ import annotations

import posixpath
from pathlib import Path


def inside(root: Path, folder: str, target: str) -> Path | None:
    """``target`` relative to ``folder`` (both under ``root``), or None when it escapes ``root``.

    Symbolic links are followed, so a link inside content/ to a file
    outside it counts as outside.
    """
    base = root.resolve()
    joined = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
    if joined == ".." or joined.startswith("../"):
        return None
    path = (base / joined).resolve()
    return path if path == base or base in path.parents else None
