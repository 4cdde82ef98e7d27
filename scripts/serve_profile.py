#!/usr/bin/env python3
"""Where a `mkdocs serve --dirty` rebuild's time goes, without the server.

    .venv/bin/python scripts/serve_profile.py bench/corpus-5000-s1 [--edit body|title|new|registry] [--top 20]

Does what `mkdocs serve --dirty` does (plugins started once, the config
loaded again for every build, the site in a scratch folder): a first build,
then one edit of the kind asked for, then the rebuild under cProfile: the
quick save when it can take the edit (kexie/mkdocs/quick.py), else MkDocs'
dirty build (``--full`` profiles that one anyway).  Prints
wall and CPU time of both builds and the rebuild's steps (the table of
bench_profile.py).  The edit is undone afterwards.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from bench_profile import report  # noqa: E402


def edit(content: Path, kind: str) -> callable:
    """Make one editor's change; returns the function that undoes it."""
    article = sorted((content / "issues").rglob("a-*.md"))[-1]
    original = article.read_bytes()
    if kind == "body":
        article.write_bytes(original + "\n\n剖析用的新段落。\n".encode())
        return lambda: article.write_bytes(original)
    if kind == "title":
        text = original.decode()
        article.write_text(text.replace("title: ", "title: 改题", 1), encoding="utf-8")
        return lambda: article.write_bytes(original)
    if kind == "new":
        new = article.with_name("a-profile-new.md")
        new.write_bytes(original.replace(b"\npage: ", b"\nslug: a-profile-new\npage: ", 1))
        return new.unlink
    if kind == "registry":
        people = content / "_data" / "people.yml"
        before = people.read_bytes()
        text = before.decode()
        people.write_text(text.replace("\n  title: ", "\n  title: 改", 1), encoding="utf-8")  # a person's 职务 shown on pages
        return lambda: people.write_bytes(before)
    raise SystemExit(f"unknown edit {kind}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--edit", default="body", choices=("body", "title", "new", "registry", "none"))
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--full", action="store_true", help="profile MkDocs' dirty build even where a quick save would do")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    os.chdir(corpus)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tempfile.mkdtemp(prefix="kexie-serve-profile-")

    def config():
        return load_config(str(corpus / "mkdocs.yml"), site_dir=site_dir)

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        t, c = time.perf_counter(), time.process_time()
        build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
        print(f"first build: {time.perf_counter() - t:.2f} s wall, {time.process_time() - c:.2f} s CPU")
        time.sleep(1.1)  # mtimes: the edit must be newer than the first build's output
        undo = edit(corpus / "content", args.edit) if args.edit != "none" else (lambda: None)
        try:
            prof = cProfile.Profile()
            quick = first.plugins["kexie/site"].quick
            t, c = time.perf_counter(), time.process_time()
            prof.enable()
            how = "quick save" if not args.full and quick.save() else "MkDocs' dirty build"
            if how != "quick save":
                build(config(), serve_url="http://127.0.0.1:8000/", dirty=True)
            prof.disable()
            print(f"rebuild after a {args.edit} edit ({how}): {time.perf_counter() - t:.2f} s wall, {time.process_time() - c:.2f} s CPU (under cProfile)")
        finally:
            undo()
        path = corpus / "serve-profile.prof"
        prof.dump_stats(str(path))
        print(report(path, args.top))
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
