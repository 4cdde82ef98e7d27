"""Build into a fresh folder beside site/ and swap it in only when the build succeeded.

MkDocs empties site_dir at the start of a build; a content error, a strict
warning or a build killed midway would leave readers an empty or half
site.  Here MkDocs writes into ``.site.building-<pid>`` and the last good
site/ stays in place until the new one is complete.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.kexie")


class _Warnings(logging.Handler):
    """Counts warnings as MkDocs' strict mode does (it aborts only after on_post_build)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class BuildSwap:
    def __init__(self, config):
        self.final = Path(config.site_dir).resolve()
        self.strict = config.strict
        self.temp = self.final.parent / f".{self.final.name}.building-{os.getpid()}"
        _remove_leftovers(self.final)
        config.site_dir = str(self.temp)
        self.warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def finish(self, config) -> None:
        """Put the new site in place, unless strict mode is about to fail the build."""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        config.site_dir = str(self.final)  # for commands that read it after the build (gh-deploy)
        if self.strict and self.warnings.count:
            self.abandon()
            return
        old = self.final.parent / f".{self.final.name}.old-{os.getpid()}"
        try:
            if self.final.exists():
                os.rename(self.final, old)
            os.rename(self.temp, self.final)
        except OSError:  # site/ is a mount point: replace its contents instead
            _empty(self.final)
            shutil.copytree(self.temp, self.final, dirs_exist_ok=True)
            self.abandon()
        _remove_later(old)

    def abandon(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        shutil.rmtree(self.temp, ignore_errors=True)


def _empty(folder: Path, keep: tuple[str, ...] = ()) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for child in folder.iterdir():
        if child.name in keep:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _remove_later(old: Path) -> None:
    """Delete the replaced site in the background: the new one is already in place, and removing
    ~30,000 files of a 5,000-article site costs the build 3–6 s.  Should it be cut short, the
    next build finds ``.site.old-<pid>`` of a finished build and removes it."""
    if not old.exists():
        return
    try:
        subprocess.Popen(["rm", "-rf", "--", str(old)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(final: Path) -> None:
    """Folders of builds that were killed before they could swap or clean up."""
    for pattern in (f".{final.name}.building-*", f".{final.name}.old-*"):
        for stale in final.parent.glob(pattern):
            pid = stale.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and _alive(int(pid))) or int(pid) == os.getpid():
                shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
