"""Fingerprints of what a page shows, so the preview re-renders only pages that changed.

``mkdocs serve --dirty`` re-renders a page when its source file is newer than
its output.  Our pages also show data from other files: an issue page lists
its articles' titles, an article names its neighbours in print order and its
people from the registry.  A page's fingerprint is a digest of everything
its template is given; when it differs from the last build's, the page is
rendered again, and not otherwise.

Each domain object (article, person, issue …) is digested once per build
and pages combine those digests, so fingerprinting every page of a 5,000
article site stays cheap.  Fields a page never shows (``lines``, kept out
of the dataclasses' repr) are left out, so moving an entry down people.yml
re-renders nothing.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from typing import Any


class Fingerprints:
    """Digests of one build's objects; make a new one per build (digests are kept by object id)."""

    def __init__(self, salt: str = "") -> None:
        self.salt = salt  # what every page shows (the site's configuration)
        self._memo: dict[int, tuple[Any, str]] = {}

    def of(self, *shown: Any) -> str:
        """The fingerprint of a page given ``shown``, everything its template receives."""
        return hashlib.sha1((self.salt + "\0" + self._text(shown)).encode()).hexdigest()

    def _text(self, obj: Any) -> str:
        kind = type(obj)
        if kind in _PLAIN:
            return repr(obj)
        if kind in (list, tuple):
            return "[" + ",".join(repr(x) if type(x) in _PLAIN else self._text(x) for x in obj) + "]"
        if kind is dict:
            return "{" + ",".join(f"{self._text(k)}:{self._text(v)}" for k, v in obj.items()) + "}"
        if dataclasses.is_dataclass(obj):
            return self._object(obj)
        return repr(obj)  # dates and other plain values

    def _object(self, obj: Any) -> str:
        known = self._memo.get(id(obj))
        if known is not None and known[0] is obj:
            return known[1]
        parts = [type(obj).__name__]
        for name in _shown_fields(type(obj)):
            value = getattr(obj, name)
            parts.append(repr(value) if type(value) in _PLAIN else self._text(value))
        digest = hashlib.sha1("\0".join(parts).encode()).hexdigest()[:16]
        self._memo[id(obj)] = (obj, digest)  # holding obj keeps its id from being reused this build
        return digest


_PLAIN = {str, int, float, bool, type(None)}


@functools.cache
def _shown_fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind) if f.repr)
