"""Work done in a forked child process while the build goes on: the second core.

A forked child starts with a copy of everything the build holds (config,
files, navigation, every rendered page), so it can run part of the build
with no setup.  What it returns comes back pickled through a pipe; what it
logs is re-logged in the parent, so warnings still count (``--strict``) and
appear once.  A child that fails or dies costs nothing but time: callers
then do the work themselves, which reports any error exactly as a serial
build would.

No MkDocs import: plain process plumbing, used by the build and by `kexie check`.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import pickle
import signal
import threading
import time
import traceback
from typing import Any, Callable

log = logging.getLogger("mkdocs.plugins.kexie.forked")
PR_SET_PDEATHSIG = 1


def available() -> bool:
    """More than one core, fork, and not switched off (KEXIE_JOBS=1)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and os.environ.get("KEXIE_JOBS", "") != "1"


class ChildFailed(Exception):
    pass


class ForkedJob:
    """``fn()`` run in a forked child; ``result()`` waits for its return value."""

    def __init__(self, name: str, fn: Callable[[], Any]):
        self.name = name
        read_end, write_end = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(read_end)
            _die_with(parent)
            gc.freeze()  # the copied heap is never scanned by the child's collector (nor its pages copied for it)
            _child(fn, write_end)  # never returns
        os.close(write_end)
        self._data = b""
        # read while the child writes, so a large result never blocks it on a full pipe
        self._reader = threading.Thread(target=self._read, args=(read_end,), name=f"kexie-{name}", daemon=True)
        self._reader.start()
        self._outcome: tuple | None = None

    def _read(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as pipe:
            self._data = pipe.read()

    def result(self) -> Any:
        """The child's return value; raises ChildFailed (with its traceback) if it failed or died."""
        if self._outcome is None:
            start = time.perf_counter()
            self._reader.join()
            _, status = os.waitpid(self.pid, 0)
            try:
                self._outcome = pickle.loads(self._data)
            except Exception:
                self._outcome = (False, f"{self.name}: child ended with status {status} and no result", [], 0.0)
            self._data = b""
            log.debug(f"{self.name}: waited {time.perf_counter() - start:.2f} s for the child ({self._outcome[3]:.1f} s CPU in it)")
            for name, level, message in self._outcome[2]:
                logging.getLogger(name).log(level, message)
        ok, value = self._outcome[:2]
        if not ok:
            raise ChildFailed(value)
        return value


def _die_with(parent: int) -> None:
    """A build killed midway must not leave children writing into its folder (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _child(fn: Callable[[], Any], fd: int) -> None:
    code = 0
    try:
        records = _collect_logs()
        try:
            outcome = (True, fn(), records, time.process_time())
        except BaseException:
            outcome = (False, traceback.format_exc(), records, time.process_time())
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers twice


class _Collector(logging.Handler):
    def __init__(self, records: list):
        super().__init__(logging.NOTSET)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _collect_logs() -> list:
    """In the child: keep log records for the parent instead of printing them."""
    records: list = []
    for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    logging.getLogger("mkdocs").propagate = True  # every record reaches the one collector, once
    logging.getLogger().addHandler(_Collector(records))
    return records


def map_halves(name: str, fn: Callable[[Any], Any], items: list, fork: bool) -> list:
    """``[fn(x) for x in items]``, the second half computed in a forked child when ``fork``
    holds (the other core), or here if that child fails."""
    if not fork or len(items) < 2:
        return [fn(x) for x in items]
    half = len(items) // 2
    job = ForkedJob(name, lambda: [fn(x) for x in items[half:]])
    head = [fn(x) for x in items[:half]]
    try:
        return head + job.result()
    except ChildFailed as e:
        log.debug(f"{name}: the child failed, doing it here: {e}")
        return head + [fn(x) for x in items[half:]]


class Background:
    """``fn()`` started now in a forked child when ``fork`` holds, else run by ``finish()``.

    For work done apart from the pages (the search index, the editor's
    configuration): the child works while the build goes on; ``finish()``
    waits for it, and does the work here if the child failed."""

    def __init__(self, name: str, fn: Callable[[], Any], fork: bool):
        self.fn = fn
        self.job = ForkedJob(name, fn) if fork else None

    def finish(self) -> Any:
        """What ``fn()`` returned (in the child, or here)."""
        if self.job is not None:
            try:
                return self.job.result()
            except ChildFailed as e:
                log.debug(f"{self.job.name}: the child failed, doing it here: {e}")
        return self.fn()
