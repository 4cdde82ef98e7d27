"""Writing editors' files safely: atomically, never over an existing file
unless asked, and several files as all or nothing."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import yaml

from ..core.messages import Msg, os_reason


class WriteError(Exception):
    """A file could not be written; carries the editor's message."""

    def __init__(self, message: Msg):
        super().__init__(str(message))
        self.message = message


class Exists(WriteError):
    def __init__(self, path: Path):
        super().__init__(Msg("cli.exists", path=str(path)))


def write_new(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically; refuse to replace a file unless ``force``."""
    write_all({path: text}, force)


def write_all(files: dict[Path, str], force: bool = False) -> None:
    """Write every file or none: check all, stage all, then put each in place.

    A file appears complete or not at all (staged in the same folder, then
    hard-linked, which fails if the name exists: two editors running ``new``
    for one title at the same moment cannot both succeed).  If one file
    cannot be placed, the ones already placed are removed again.
    """
    if not force:
        for path in files:
            if path.exists() or path.is_symlink():
                raise Exists(path)
    staged: dict[Path, str] = {}
    placed: list[Path] = []
    try:
        for path, text in files.items():
            staged[path] = _stage(path, text)
        for path, tmp in staged.items():
            _place(tmp, path, force)
            placed.append(path)
    except BaseException:
        for path in placed if not force else []:
            path.unlink(missing_ok=True)
        raise
    finally:
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)


def _stage(path: Path, text: str) -> str:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except PermissionError:
        raise WriteError(Msg("cli.permission", path=str(path))) from None
    except OSError as e:
        raise WriteError(Msg("cli.write_failed", path=str(path), reason=os_reason(e))) from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600: the build may run as another user
    return tmp


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _place(tmp: str, path: Path, force: bool) -> None:
    try:
        if force:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)  # atomic, and fails if the name exists
        except FileExistsError:
            raise Exists(path) from None
        except OSError as e:
            if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
                raise
            _copy_exclusive(tmp, path)  # a file system without hard links
    except PermissionError:
        raise WriteError(Msg("cli.permission", path=str(path))) from None


def _copy_exclusive(tmp: str, path: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise Exists(path) from None
    with os.fdopen(fd, "wb") as out, open(tmp, "rb") as src:
        out.write(src.read())


def front_matter(meta: dict) -> str:
    """YAML front matter block, keys in the given order, Chinese kept readable."""
    body = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10_000)
    return f"---\n{body}---\n"
