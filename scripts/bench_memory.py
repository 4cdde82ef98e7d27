#!/usr/bin/env python3
"""Where a build's memory goes: `mkdocs build` of a corpus with the process tree's PSS per phase.

    .venv/bin/python scripts/bench_memory.py /work/bench-scale/corpus-5000-s1 [--json OUT.json]

Runs the build in this process.  A sampler thread reads the PSS of this process
and of each forked child (/proc/<pid>/smaps_rollup, shared pages counted once)
every 0.1 s and files the samples under the MkDocs event last started here
(on_files, on_nav, on_env, on_post_page, on_post_build, …).  Printed: per phase
the peak of the tree, of this process and of the children; then what the
plugins hold when on_post_build starts (characters of page Markdown/HTML, the
feeds' and the search index's copies).  Linux only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def children(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    kids = [int(c) for c in f.read().split()]
                out += kids
                todo += kids
        except OSError:
            continue
    return out


class Sampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.phase, self.done = "start", threading.Event()
        self.peaks: dict[str, dict] = {}
        self.kids: dict[int, dict] = {}  # child pid → phase it appeared in, its peak PSS and when
        self.start()

    def run(self) -> None:
        me = os.getpid()
        while not self.done.wait(0.1):
            own = pss_kb(me)
            sizes = {k: pss_kb(k) for k in children(me)}
            kids = sum(sizes.values())
            for k, kb in sizes.items():
                c = self.kids.setdefault(k, {"born": self.phase, "peak_mb": 0, "peak_phase": self.phase})
                if kb / 1024 > c["peak_mb"]:
                    c["peak_mb"], c["peak_phase"] = round(kb / 1024), self.phase
            p = self.peaks.setdefault(self.phase, {"tree_mb": 0, "parent_mb": 0, "children_mb": 0})
            p["tree_mb"] = max(p["tree_mb"], round((own + kids) / 1024))
            p["parent_mb"] = max(p["parent_mb"], round(own / 1024))
            p["children_mb"] = max(p["children_mb"], round(kids / 1024))


def held(config) -> dict:
    """Characters (≈ bytes/char of str) the plugins and MkDocs' pages hold at on_post_build."""
    pages = [f.page for f in config._kexie_files.documentation_pages() if f.page is not None]
    out = {"pages": len(pages),
           "page_markdown_chars": sum(len(p.markdown or "") for p in pages),
           "page_content_chars": sum(len(p.content or "") for p in pages)}
    feeds = config.plugins.get("kexie/feeds")
    if feeds is not None:
        out["feeds_html_chars"] = sum(len(v) for v in getattr(feeds, "html", {}).values())
        out["feeds_memo_bytes"] = sum(len(b) for _, files in (getattr(feeds, "memo", None) or {}).values() for b in files.values())
        out["feeds_written_bytes"] = sum(len(b) for b in getattr(feeds, "written", {}).values())
    search = config.plugins.get("kexie/search")
    if search is not None:
        out["search_rendered_chars"] = sum(len(h) for _, h in getattr(search, "rendered", []))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.chdir(args.corpus)
    from mkdocs.commands import build as mk_build
    from mkdocs.config import load_config
    from mkdocs.plugins import PluginCollection

    sampler = Sampler()
    holdings: dict = {}
    run_event = PluginCollection.run_event

    def traced(self, name, item=None, **kwargs):
        if name == "files":
            self._kexie_config = kwargs.get("config")
        sampler.phase = name
        if name == "post_build":
            config = kwargs["config"]
            holdings.update(held(config))
        return run_event(self, name, item, **kwargs)

    PluginCollection.run_event = traced
    orig_files = mk_build.get_files

    def get_files(config):
        files = orig_files(config)
        config._kexie_files = files
        return files

    mk_build.get_files = get_files
    start, cpu = time.perf_counter(), time.process_time()
    config = load_config("mkdocs.yml")
    config.plugins.on_startup(command="build", dirty=False)
    mk_build.build(config)
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    import resource
    rs = resource.getrusage(resource.RUSAGE_SELF)
    rc = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = {"corpus": str(args.corpus), "wall_s": round(wall, 1),
              "cpu_s_parent": round(rs.ru_utime + rs.ru_stime, 1), "cpu_s_children": round(rc.ru_utime + rc.ru_stime, 1),
              "peak_tree_mb": max(p["tree_mb"] for p in sampler.peaks.values()),
              "phases": sampler.peaks, "children": sampler.kids, "held_at_post_build": holdings}
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
