#!/usr/bin/env python3
"""Editor's preview: how long after a save `mkdocs serve --dirty` serves the change.

    .venv/bin/python scripts/bench_preview.py bench/corpus-5000-s1 [--rounds 3] [--port 8765]

Starts the server on CORPUS (a gen_corpus.py folder; edit a copy, the files
are changed and put back), times its startup (until the home page is served),
then, each round, four edits an editor makes, each timed from the save until
every page it should reach shows it:

- body:     a paragraph added to an article → its page, then the site feed and its search document;
- title:    the article's title changed → its issue page's CONTENTS;
- new:      a new article in the newest issue → its issue page and the site feed;
- registry: a person's 职务 changed in people.yml → the person's page.

Each edit is undone (and that rebuild awaited) before the next.  Prints the
median of every figure, and writes them to CORPUS/preview.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PY = sys.executable


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_for(url: str, needle: str, absent: bool = False, timeout: float = 600) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and ((needle in body) != absent):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not {'lose' if absent else 'show'} {needle!r} in {timeout} s")


def search_doc(base: str, url: str) -> str:
    """The search document of page ``url`` (the index lists pages by number)."""
    manifest = json.loads(fetch(base + "search/manifest.json") or "{}")
    for i in range(manifest.get("docs", 0)):
        doc = json.loads(fetch(f"{base}search/d/{i}.json") or "{}")
        if doc.get("u") == url:
            return f"{base}search/d/{i}.json"
    raise RuntimeError(f"no search document for {url}")


class Preview:
    def __init__(self, corpus: Path, port: int):
        self.corpus, self.base = corpus, f"http://127.0.0.1:{port}/"
        self.log = tempfile.TemporaryFile()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
        cmd = [PY, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=corpus, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def startup(self) -> float:
        while fetch(self.base) is None:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError("the server stopped:\n" + self.log.read().decode("utf-8", "replace")[-3000:])
            time.sleep(0.05)
        return time.perf_counter() - self.started

    def build_times(self) -> list[float]:
        self.log.seek(0)
        # MkDocs' builds, and the quick saves of kexie/mkdocs/quick.py ("已更新 N 个页面（0.12 秒")
        return [float(x) for x in re.findall(r"(?:Documentation built in |已更新 \d+ 个页面（)([0-9.]+) ", self.log.read().decode("utf-8", "replace"))]

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def one_round(p: Preview, content: Path, n: int) -> dict:
    base = p.base
    issue_dir = sorted((content / "issues").iterdir())[-1]
    article = sorted(issue_dir.glob("a-*.md"))[-1]
    url = f"issues/{issue_dir.name}/{article.stem}/"
    original = article.read_bytes()
    doc_url = search_doc(base, url)
    out = {}

    marker = f"预览标记{n}段落kx{time.time_ns()}"
    article.write_bytes(original + f"\n\n{marker}。\n".encode())
    t0 = time.perf_counter()
    out["body_page"] = wait_for(base + url, marker)
    wait_for(base + "feed.xml", marker)
    out["body_feed"] = time.perf_counter() - t0
    wait_for(doc_url, marker)
    out["body_search"] = time.perf_counter() - t0
    article.write_bytes(original)
    wait_for(base + url, marker, absent=True)

    title = f"改题{n}kx{time.time_ns() % 10**6}"
    article.write_bytes(original.replace(b"title: \"", f"title: \"{title}".encode(), 1))
    t0 = time.perf_counter()
    wait_for(base + f"issues/{issue_dir.name}/", title)
    out["title_issue_page"] = time.perf_counter() - t0
    article.write_bytes(original)
    wait_for(base + f"issues/{issue_dir.name}/", title, absent=True)

    new = issue_dir / f"a-preview-{n}.md"
    new_title = f"新文章{n}kx{time.time_ns() % 10**6}"
    new.write_bytes(original.replace(b"title: \"", f"title: \"{new_title}".encode(), 1))
    t0 = time.perf_counter()
    wait_for(base + f"issues/{issue_dir.name}/", new_title)
    out["new_issue_page"] = time.perf_counter() - t0
    wait_for(base + "feed.xml", new_title)
    out["new_feed"] = time.perf_counter() - t0
    new.unlink()
    wait_for(base + f"issues/{issue_dir.name}/", new_title, absent=True)

    people = content / "_data" / "people.yml"
    before = people.read_bytes()
    text = before.decode()
    slug = re.search(r"\n  slug: (\S+)", text).group(1)
    job = f"职务{n}kx{time.time_ns() % 10**6}"
    people.write_text(text.replace("\n  title: ", f"\n  title: {job}", 1), encoding="utf-8")
    t0 = time.perf_counter()
    wait_for(base + f"people/{slug}/", job)
    out["registry_person_page"] = time.perf_counter() - t0
    people.write_bytes(before)
    wait_for(base + f"people/{slug}/", job, absent=True)
    return {k: round(v, 2) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    cpu0 = os.times()
    p = Preview(corpus, args.port)
    try:
        result = {"startup_s": round(p.startup(), 2)}
        print(f"startup {result['startup_s']} s", flush=True)
        time.sleep(1.1)  # mtimes: edits must be newer than the first build's output
        rounds = []
        for n in range(args.rounds):
            rounds.append(one_round(p, corpus / "content", n))
            print(rounds[-1], flush=True)
        result["rounds"] = rounds
        result["median"] = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
        result["rebuilds_s"] = p.build_times()
    finally:
        p.stop()
    cpu = os.times()
    result["server_cpu_s"] = round(cpu.children_user + cpu.children_system - cpu0.children_user - cpu0.children_system, 1)
    print(json.dumps(result["median"], ensure_ascii=False))
    print("rebuild times (server log):", result["rebuilds_s"], "server CPU", result["server_cpu_s"], "s")
    (corpus / "preview.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
