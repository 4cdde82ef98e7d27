"""`mkdocs serve`: start the rebuild within milliseconds of a save.

MkDocs 1.6 watches with watchdog's polling observer: every 0.5 s it lists
and stats every file under content/ (6,000 at 5,000 articles, taking the
GIL from a running build), so a save waits 0.25–0.5 s before anything
happens, then 0.1 s more of quiet.  On Linux, inotify reports the save at
once; the quiet wait (MkDocs' ``build_delay``) still gathers the events of
one save, or of a checkout, into one rebuild.

The watched paths move to an inotify observer before the server starts it;
where inotify is missing or its watch limit too low, polling stays.  Only
changes are reported: inotify also tells of files opened and read, and a
build reads content (polling never saw those).
"""

from __future__ import annotations

import ctypes
import logging
import os

log = logging.getLogger("mkdocs.plugins.kexie")

QUIET = 0.03  # s without file events before a rebuild starts (MkDocs: 0.1); a save's events come within 1 ms


def watch_with_inotify(server) -> bool:
    """Move ``server``'s watched paths (docs_dir, mkdocs.yml, themes) to inotify; whether it did."""
    watched = getattr(server, "_watched_paths", None)  # MkDocs 1.6: path → watch() count
    observer = _inotify_observer()
    if not isinstance(watched, dict) or observer is None or server.observer.is_alive() or not _enough_watches(watched) \
            or not _inotify_opens():
        return False
    counts = dict(watched)
    for path, n in counts.items():
        for _ in range(n):
            server.unwatch(path)
    server.observer = observer  # serve() starts it; watch() schedules on it from now on
    for path, n in counts.items():
        for _ in range(n):
            server.watch(path)
    server.build_delay = min(server.build_delay, QUIET)
    log.debug("watching with inotify")
    return True


def _inotify_observer():
    try:
        from watchdog import events
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:
        return None
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
               events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

    class ChangesOnly(InotifyObserver):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    try:
        return ChangesOnly()
    except OSError:
        return None


def _inotify_opens() -> bool:
    """The observer opens inotify in its own thread, where a failure (the user's instance
    limit) would silently stop the preview: try once here."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = libc.inotify_init1(os.O_CLOEXEC)
    except (OSError, AttributeError):
        return False
    if fd < 0:
        return False
    os.close(fd)
    return True


def _enough_watches(watched: dict) -> bool:
    """inotify needs one watch per folder: stay well under the user's limit (others use it too)."""
    try:
        with open("/proc/sys/fs/inotify/max_user_watches", encoding="ascii") as f:
            limit = int(f.read())
    except (OSError, ValueError):
        return False
    folders = sum(1 for path in watched if os.path.isdir(path) for _ in os.walk(path))
    return folders < limit // 4
