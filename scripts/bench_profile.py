#!/usr/bin/env python3
"""Where our build's time goes: `mkdocs build` of a benchmark corpus under cProfile.

    .venv/bin/python scripts/bench_profile.py bench/corpus-2000-s1 [--top 20]

Prints the cumulative time of the build's main steps (MkDocs' phases, each of
our plugin hooks, Markdown, templates and their costly partials, file writes)
as a share of the whole, then the functions with the most time of their own.
cProfile sees the main thread only: the search index, written in a thread
beside the feeds, shows up as the main thread's wait for it.
The profile itself is kept in CORPUS/profile.prof (open it with pstats or snakeviz).
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_PY = REPO / ".venv" / "bin" / "python"

# (label, file suffix, function name): each the outermost call of its kind, so its cumulative time is the step's.
STEPS = [
    ("MkDocs: read sources, front matter, Markdown (_populate_page)", "mkdocs/commands/build.py", "_populate_page"),
    ("  Markdown → HTML (Markdown.convert)", "markdown/core.py", "convert"),
    ("  a new Markdown() per page (Markdown.__init__)", "markdown/core.py", "__init__"),
    ("  reading a source and its meta (Page.read_source)", "mkdocs/structure/pages.py", "read_source"),
    ("MkDocs: templates and writing pages (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    ("  Jinja2 render (Template.render)", "jinja2/environment.py", "render"),
    ("  material nav (partials/nav.html)", "partials/nav.html", "root"),
    ("  material translation macro t() (partials/language.html)", "partials/language.html", "macro"),
    ("  writing files (mkdocs.utils.write_file)", "mkdocs/utils/__init__.py", "write_file"),
    ("MkDocs: theme templates (404, sitemap, …)", "mkdocs/commands/build.py", "_build_theme_template"),
    ("MkDocs: copying static files (File.copy_file)", "mkdocs/structure/files.py", "copy_file"),
    ("MkDocs: navigation (get_navigation)", "mkdocs/structure/nav.py", "get_navigation"),
]
PLUGINS = "kexie/mkdocs/"  # every hook of ours is listed under this
OTHERS = [("editor HTML sanitised with nh3 (html_safety.sanitise)", "kexie/core/html_safety.py", "sanitise")]


def profile(corpus: Path) -> Path:
    """Build CORPUS under cProfile into a scratch site_dir; the .prof path."""
    out, prof = corpus / "profile-site", corpus / "profile.prof"
    shutil.rmtree(out, ignore_errors=True)
    py = str(VENV_PY if VENV_PY.exists() else sys.executable)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([py, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=corpus, env=env, check=True)
    shutil.rmtree(out, ignore_errors=True)
    return prof


def cumulative(stats: pstats.Stats, suffix: str, name: str) -> tuple[float, int]:
    """Cumulative seconds and calls of the functions matching (file suffix, name); names starting with it for macros."""
    total, calls = 0.0, 0
    for (file, _, func), (_, nc, _, ct, _) in stats.stats.items():
        if file.endswith(suffix) and (func == name or (name == "macro" and func.startswith("macro"))):
            total, calls = total + ct, calls + nc
    return total, calls


def hooks(stats: pstats.Stats) -> list[tuple[str, str, str]]:
    """Every on_* hook (and the search writer's start/finish) of our MkDocs plugins."""
    found = {(file[file.index(PLUGINS):], func) for (file, _, func) in stats.stats
             if PLUGINS in file and (func.startswith("on_") or func in ("_start_writing", "_finish_writing"))}
    return [(f"ours: {Path(file).stem}.{func}", file, func) for file, func in sorted(found)]


def report(prof: Path, top: int) -> str:
    stats = pstats.Stats(str(prof))
    whole = stats.total_tt
    lines = [f"whole build under cProfile: {whole:.1f} s (profiling inflates Python-heavy steps)", "",
             "| step | seconds | share | calls |", "|---|---:|---:|---:|"]
    for label, suffix, name in STEPS + hooks(stats) + OTHERS:
        seconds, calls = cumulative(stats, suffix, name)
        if calls and seconds >= whole / 200:  # steps under 0.5 % left out
            lines.append(f"| {label} | {seconds:.1f} | {100 * seconds / whole:.1f} % | {calls:,} |")
    lines += ["", f"functions with the most time of their own (top {top}):", "",
              "| function | own s | share | calls |", "|---|---:|---:|---:|"]
    own = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    for (file, line, func), (_, nc, tt, _, _) in own:
        where = "/".join(Path(file).parts[-2:]) if file != "~" else "builtin"
        lines.append(f"| {where}:{line} {func} | {tt:.1f} | {100 * tt / whole:.1f} % | {nc:,} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="a corpus folder made by gen_corpus.py (bench/corpus-N-sS)")
    ap.add_argument("--top", type=int, default=20, help="how many functions by own time (default 20)")
    ap.add_argument("--reuse", action="store_true", help="analyse CORPUS/profile.prof from an earlier run instead of building")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    prof = corpus / "profile.prof" if args.reuse else profile(corpus)
    text = report(prof, args.top)
    print(text)
    (corpus / "profile.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
