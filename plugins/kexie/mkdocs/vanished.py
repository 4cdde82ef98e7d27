"""`mkdocs serve`: a file deleted or renamed while the preview builds is gone, not an error.

Editors' tools save by deleting and writing, or by renaming; editors rename and
delete articles and photos while the preview rebuilds.  A file MkDocs listed
may then be missing when it is read or copied: MkDocs' server printed the
FileNotFoundError as a Python traceback and waited ("the server will appear
stuck") for the next save.  Our own reading (``core/catalog.py``, ``tree.py``,
the images plugin) treats such a file as gone; MkDocs and material read files
too, so the server's builder builds again at once when the missing file lies
in what the preview watches: that build lists the files as they now are.
"""

from __future__ import annotations

import errno
import logging
import os
import re

from ..core.messages import render

log = logging.getLogger("mkdocs.plugins.kexie")

TRIES = 5  # builds in a row; a checkout or a sync tool still moving files then gets the watcher's next build
GONE = (errno.ENOENT, errno.ENOTDIR)
# where MkDocs (and kexie/parallel, as MkDocs does) logs a page it could not read, before it raises
READING_LOGS = ("mkdocs.structure.pages", "mkdocs.commands.build")
READING_ERRORS = re.compile(r"^(?:File not found: .+|Error (?:reading|building) page '[^']+': \[Errno (?:%d|%d)\] .*)$"
                            % GONE, re.S)


def builder(build, config):
    """``build`` (the server's builder), built again when a watched file vanished during it."""
    roots = _watched(config)

    def build_again_if_vanished(*args, **kwargs):
        for attempt in range(TRIES):
            reading = _ReadingErrors()
            for name in READING_LOGS:
                logging.getLogger(name).addFilter(reading)
            try:
                return build(*args, **kwargs)
            except OSError as error:
                path = vanished_path(error, roots)
                if path is None:
                    raise
                log.info(render("serve.vanished", path=path))
                if attempt == TRIES - 1:
                    return None  # files still coming and going: their events bring the next build
            finally:
                for name in READING_LOGS:
                    logging.getLogger(name).removeFilter(reading)

    return build_again_if_vanished


def vanished_path(error: BaseException, roots: list[str]) -> str | None:
    """The file under ``roots`` whose disappearance ``error`` (or what caused it) reports."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        name = getattr(error, "filename", None)
        if isinstance(error, OSError) and error.errno in GONE and isinstance(name, (str, os.PathLike)):
            path = os.path.abspath(os.fspath(name))
            for root in roots:
                # (it may be back already, renamed back or saved anew: building again reads what is there now)
                if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
                    return os.path.relpath(path, root if os.path.isdir(root) else os.path.dirname(root))
        error = error.__cause__ or error.__context__
    return None


class _ReadingErrors(logging.Filter):
    """MkDocs logs a page it cannot read as an error before it raises; for a file that is gone
    we build again instead, so those lines would only alarm the editor."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and READING_ERRORS.match(record.getMessage()))


def _watched(config) -> list[str]:
    """What the preview reads that editors change: content, mkdocs.yml, our templates."""
    roots = [config.docs_dir]
    if config.config_file_path:
        roots.append(config.config_file_path)
    if config.theme.custom_dir:
        roots.append(config.theme.custom_dir)
    return [os.path.abspath(root) for root in roots]
