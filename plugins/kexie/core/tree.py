"""The files under content/: which are articles and pages, which are assets,
and which would be skipped, half-published or fetched from outside.

MkDocs publishes ``*.md`` as pages, copies other files as they are, skips
hidden ones and follows symbolic links anywhere on the machine.  Each of
those is a way for an editor's file to go missing or for a foreign file to
be published, so every such file becomes a problem here.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problems

# Published as they are, so a script inside would run on our site; the site's
# own scripts and styles live in assets/ (and the theme).
ACTIVE_SUFFIXES = {".html", ".htm", ".xhtml", ".js", ".mjs"}
SVG_ACTIVE = re.compile(rb"<script|<foreignObject|\son[a-z]+\s*=|javascript:|<iframe|<embed|<object", re.I)
# What MkDocs or an editor's tool may take for Markdown; only ".md" is ours.
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtxt", ".mdtext"}
# An article saved with one more extension (wang.md.txt: Windows hides the last one) or an
# editor's backup (li-weirong.md~, wang.md.bak, #wang.md#): MkDocs would copy it as raw text.
MISNAMED = re.compile(r"^#?(?P<stem>.+?)\.(?:md|markdown|mdown|mkdn|mkd|mdwn|mdtxt|mdtext)(?P<extra>(?:\.(?:txt|text|bak|backup|orig|old|tmp|save|swp)|~|#)+)$", re.I)
# Text files that may be an article saved under another name; their first bytes tell.
TEXT_SUFFIXES = (".txt", ".text", "~", ".bak", ".orig", ".old")
FRONT_MATTER_START = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(?:.*\n)*?title\s*:", re.M)


@dataclass
class Tree:
    markdown: list[str] = field(default_factory=list)  # relative paths of *.md files, sorted
    assets: list[str] = field(default_factory=list)  # every other published file


def walk(root: Path, p: Problems) -> Tree:
    tree = Tree()
    base = root.resolve()
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        rel_dir = here.relative_to(root).as_posix()
        for d in list(dirs):
            rel = _join(rel_dir, d)
            if (here / d).is_symlink():
                _symlink(base, here / d, rel, p, folder=True)
                dirs.remove(d)  # MkDocs would follow it; we report it instead
            elif d.lower().endswith(tuple(MARKDOWN_SUFFIXES)) and not _hidden(rel):
                p.add(rel, None, None, "source.is_folder", suffix=Path(d).suffix)
        dirs.sort()
        for name in sorted(names):
            _file(base, here / name, _join(rel_dir, name), tree, p)
    return tree


def _file(base: Path, path: Path, rel: str, tree: Tree, p: Problems) -> None:
    markdown_like = _suffix(rel) in MARKDOWN_SUFFIXES
    if _hidden(rel):
        if markdown_like:
            p.add(rel, None, None, "files.hidden")
        return  # other hidden files (.DS_Store, editor backups) are never published: safe
    if path.is_symlink() and not _symlink(base, path, rel, p, folder=False):
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        p.add(rel, None, None, "source.not_regular")
        return
    suffix = Path(rel).suffix.lower()
    if suffix in ACTIVE_SUFFIXES and not rel.startswith("assets/"):
        p.add(rel, None, None, "files.active", suffix=suffix)
    elif suffix == ".svg" and _svg_is_active(path):
        p.add(rel, None, None, "files.svg_active")
    elif markdown_like and not rel.endswith(".md"):
        p.add(rel, None, None, "files.markdown_suffix", suffix=Path(rel).suffix, fixed=Path(rel).with_suffix(".md").name)
    elif rel.endswith(".md"):
        tree.markdown.append(rel)
    elif misnamed := _misnamed_article(path, rel.rsplit("/", 1)[-1]):
        p.add(rel, None, None, "files.misnamed_article", suffix=misnamed[0], fixed=misnamed[1])
    else:
        tree.assets.append(rel)


def _symlink(base: Path, path: Path, rel: str, p: Problems, folder: bool) -> bool:
    """Whether a symbolic link may be published: it must lead to a file inside content/."""
    try:
        target = os.readlink(path)
    except OSError:
        return False  # removed since the walk listed it: gone
    resolved = path.resolve()
    if not resolved.exists():
        p.add(rel, None, None, "files.symlink_dangling", target=target)
        return False
    if not (base in resolved.parents):
        p.add(rel, None, None, "files.symlink_outside", target=target)
        return False
    if folder:
        p.add(rel, None, None, "files.symlink_folder", target=target)
        return False
    return True


def _misnamed_article(path: Path, name: str) -> tuple[str, str] | None:
    """(extra suffix, the name it should have) for an article saved under the wrong name."""
    if m := MISNAMED.match(name):
        return m.group("extra"), f"{m.group('stem')}.md"
    if name.lower().endswith(TEXT_SUFFIXES):
        try:
            with path.open("rb") as f:
                start = f.read(2048)
        except OSError:
            return None
        if FRONT_MATTER_START.match(start):
            stem, dot, suffix = name.rstrip("~").rpartition(".")
            return (f"{dot}{suffix}" if dot else "") + name[len(name.rstrip("~")):], f"{stem or suffix}.md"
    return None


def _svg_is_active(path: Path) -> bool:
    """An SVG opened on its own runs its scripts and handlers."""
    try:
        return bool(SVG_ACTIVE.search(path.read_bytes()))
    except OSError:
        return False  # unreadable: the build's copy reports it


def _join(folder: str, name: str) -> str:
    return name if folder in ("", ".") else f"{folder}/{name}"


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def _suffix(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1].lower()
    return next((s for s in sorted(MARKDOWN_SUFFIXES, key=len, reverse=True) if name.endswith(s)), "")
