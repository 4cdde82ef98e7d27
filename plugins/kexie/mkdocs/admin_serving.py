"""The preview serves the web editor (/admin/) itself, whatever state the content is in.

MkDocs' preview server answers from the site folder, which a rebuild empties
and a content problem replaces with the problem page, and it adds its
live-reload script to every HTML file: an open editor tab reloaded a second
after 发布 and came back as the problem list, the form's work lost.  Here the
editor's files are answered from what the last build made of them (kept in
memory or named on disk), before MkDocs' own handler, with no script added:
the editor learns of problems from ``problems.json`` instead (kexie-cms.js).
"""

from __future__ import annotations

import json
import mimetypes
import os
from pathlib import Path
from typing import Callable, Iterable

# Fetched again and again by the open editor: never from a cache.
FRESH = ("config.yml", "kexie-rules.json", "problems.json")
TYPES = {".js": "text/javascript; charset=utf-8", ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".json": "application/json; charset=utf-8", ".yml": "text/yaml; charset=utf-8", ".wasm": "application/wasm"}


class AdminFiles:
    """/admin/… → bytes (generated) or a file on disk (scripts from node_modules)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | Path] = {}
        self.prefix = "/admin/"

    def update(self, files: dict[str, bytes | Path]) -> None:
        self.files = dict(files)  # swapped whole: a request mid-build sees the last build's set

    def wrap(self, server, mount_path: str) -> None:
        """Answer /admin/ before MkDocs' handler (wsgiref's public get_app/set_app)."""
        self.prefix = mount_path.rstrip("/") + "/admin/"
        inner = server.get_app()
        if getattr(inner, "kexie_admin", None) is self:
            return  # serve keeps the server across rebuilds? then it is wrapped already
        app = lambda environ, start_response: self.answer(environ, start_response) or inner(environ, start_response)  # noqa: E731
        app.kexie_admin = self
        server.set_app(app)

    def answer(self, environ, start_response: Callable) -> Iterable[bytes] | None:
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        if not path.startswith(self.prefix) and path + "/" != self.prefix:
            return None
        if path + "/" == self.prefix:
            start_response("302 Found", [("Location", self.prefix)])
            return [b""]
        name = path[len(self.prefix):] or "index.html"
        body = self.files.get(name)
        if isinstance(body, Path):
            try:
                body = body.read_bytes()
            except OSError:
                body = None
        if body is None:
            return None
        if name == "problems.json":
            body = _with_notes(body)
        kind = TYPES.get(Path(name).suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        headers = [("Content-Type", kind), ("Content-Length", str(len(body)))]
        if name in FRESH or name == "index.html":
            headers.append(("Cache-Control", "no-store"))
        start_response("200 OK", headers)
        return [body]


def _with_notes(body: bytes) -> bytes:
    """The local editor's notes (uncommitted files, a publication that did not come in), read
    fresh on each request: they change without a rebuild."""
    path = os.environ.get("KEXIE_EDITOR_NOTES")
    if not path:
        return body
    try:
        notes = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return body
    state = json.loads(body)
    return json.dumps(state | {"notes": notes}, ensure_ascii=False, separators=(",", ":")).encode()
