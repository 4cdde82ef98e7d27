#!/usr/bin/env python3
"""Reader-side search benchmark: what one query costs a phone on a slow network.

    .venv/bin/python scripts/bench_search.py bench/corpus-5000-s1     # a corpus built by bench.py

For a built site (CORPUS/site) and, when present, the plain mkdocs-material
build of the same corpus (CORPUS/plain/site), it reports the index on disk,
the bytes an ordinary page view downloads for search, and for each query, in
a fresh phone tab of Debian's Chromium under CDP network emulation (slow 4G:
150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) with the page already open:
the bytes the query downloads and the time from typing to the first result.
Served by Python's http.server (no compression: the figures are an upper bound).
Results: CORPUS/search-bench.md and .json.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import statistics
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
HAN = re.compile("[\u4e00-\u9fff]{4,}")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# Runs across word boundaries whose pairs are common but rarely adjacent (scripts/boundary_runs.py drew
# them from the 5,000-article corpus: its pairs together on ≥ 100 pages, the run on ≤ 5 % of those).
# The costly class for a pair index: each pair is everywhere, the run almost nowhere.
BOUNDARY_RUNS = ["务科技有", "协的通知", "创新发展格", "州市科协联", "部的企业", "大科技服务团", "学家的重中之", "展的不"]


def queries(corpus: Path, n: int = 4, seed: int = 3) -> list[str]:
    """Fixed queries, plus names and substrings drawn from the corpus itself."""
    people = yaml.safe_load((corpus / "content/_data/people.yml").read_text("utf-8"))
    orgs = yaml.safe_load((corpus / "content/_data/orgs.yml").read_text("utf-8"))
    rng = random.Random(seed)
    articles = sorted((corpus / "content/issues").rglob("*.md"))
    picked = []
    for path in rng.sample(articles, n):
        runs = HAN.findall(path.read_text("utf-8").split("\n---", 1)[-1])
        run = rng.choice(runs)
        start = rng.randrange(0, len(run) - 3)
        picked.append(run[start: start + rng.choice([2, 3, 4])])
    chosen = ["镁合金", "创新达人", "科", "科技 创新", rng.choice(people)["name"], rng.choice(orgs)["name"], *picked]
    return list(dict.fromkeys(chosen + BOUNDARY_RUNS))


class Meter:
    """Bytes on the wire per request, from CDP's Network events."""

    def __init__(self, cdp):
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: self.bytes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def total(self, match=lambda url: True) -> int:
        return sum(n for rid, n in self.bytes.items() if match(self.urls.get(rid, "")))

    def reset(self) -> None:
        self.urls.clear()
        self.bytes.clear()


def measure(browser, base: str, page_url: str, query: str | None) -> dict:
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    meter = Meter(cdp)
    try:
        start = time.perf_counter()
        page.goto(base + page_url, wait_until="load", timeout=600_000)
        page.wait_for_load_state("networkidle", timeout=600_000)
        result = {"page_load_s": round(time.perf_counter() - start, 2), "page_bytes": meter.total(),
                  "page_search_bytes": meter.total(lambda u: "/search/" in u and not u.endswith(".html"))}
        if query is not None:
            meter.reset()
            page.locator('.md-header label[for="__search"]').first.click()
            field = page.locator("[data-kx-search] [data-kx-search-input]")
            field.wait_for(state="visible")
            start = time.perf_counter()
            field.fill(query)
            page.locator("[data-kx-search] .kx-hit, [data-kx-search] [data-kx-search-status]:has-text('没有找到')").first.wait_for(timeout=600_000)
            result["first_result_s"] = round(time.perf_counter() - start, 2)
            # the query is done when the status line gives the count (or says nothing was found)
            page.locator("[data-kx-search] [data-kx-search-status]").filter(has_text=re.compile("找到|无法")).wait_for(timeout=600_000)
            result["all_shown_s"] = round(time.perf_counter() - start, 2)
            result["query_bytes"] = meter.total()
            result["requests"] = len(meter.bytes)
            result["status"] = page.locator("[data-kx-search] [data-kx-search-status]").inner_text()
        return result
    finally:
        context.close()


def run(corpus: Path) -> dict:
    from playwright.sync_api import sync_playwright

    site, plain = corpus / "site", corpus / "plain" / "site"
    report = {"corpus": json.loads((corpus / "corpus.json").read_text()) if (corpus / "corpus.json").exists() else {},
              "index_bytes": folder_bytes(site / "search"),
              "shards": len(list((site / "search/s").glob("*.bin"))),
              "largest_shard_bytes": max(p.stat().st_size for p in (site / "search/s").glob("*.bin")),
              "docs_bytes": folder_bytes(site / "search/d"),
              "places_bytes": folder_bytes(site / "search/p") if (site / "search/p").is_dir() else 0}
    if (plain / "search/search_index.json").exists():
        report["plain_index_bytes"] = (plain / "search/search_index.json").stat().st_size
    httpd, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            article = sorted((site / "issues").glob("*/a-*/index.html"))[0].parent.relative_to(site).as_posix() + "/"
            report["page_view"] = measure(browser, base, article, None)
            report["queries"] = []
            for q in queries(corpus):
                r = {"query": q, **measure(browser, base, article, q)}
                print(f"  {q}: {r['status']}, {r['query_bytes'] / 1024:.0f} KB in {r['requests']} requests, first result {r['first_result_s']} s", flush=True)
                report["queries"].append(r)
            browser.close()
    finally:
        httpd.shutdown()
    return report


def table(r: dict) -> str:
    qs = r["queries"]
    lines = [f"Search at N = {r['corpus'].get('n', '?')} (Chromium, phone viewport, slow 4G: 150 ms, 1.6 Mbit/s down; uncompressed)", "",
             f"- index on disk: {r['index_bytes'] / 1e6:.1f} MB ({r['shards']} shards, largest {r['largest_shard_bytes'] / 1024:.0f} KB; "
             f"page texts {r['docs_bytes'] / 1e6:.1f} MB, places {r.get('places_bytes', 0) / 1e6:.1f} MB)"
             + (f"; plain material's search_index.json: {r['plain_index_bytes'] / 1e6:.1f} MB, downloaded on every page view" if "plain_index_bytes" in r else ""),
             f"- a page view downloads {r['page_view']['page_search_bytes']} bytes of search data",
             *[f"- first query, {name}: median {statistics.median(q['query_bytes'] for q in group) / 1024:.0f} KB, "
               f"max {max(q['query_bytes'] for q in group) / 1024:.0f} KB; typing → first result median "
               f"{statistics.median(q['first_result_s'] for q in group):.2f} s, max {max(q['first_result_s'] for q in group):.2f} s"
               for name, group in (("ordinary queries", [q for q in qs if q['query'] not in BOUNDARY_RUNS]),
                                   ("runs across word boundaries", [q for q in qs if q['query'] in BOUNDARY_RUNS])) if group], "",
             "| query | result | KB downloaded | requests | typing → first result (s) | → all 8 shown (s) |", "|---|---|---:|---:|---:|---:|"]
    for q in qs:
        lines.append(f"| {q['query']} | {q['status']} | {q['query_bytes'] / 1024:.0f} | {q['requests']} | {q['first_result_s']:.2f} | {q['all_shown_s']:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="a corpus folder whose site/ has been built (bench.py leaves it built)")
    args = ap.parse_args()
    report = run(args.corpus)
    text = table(report)
    print("\n" + text)
    (args.corpus / "search-bench.md").write_text(text, encoding="utf-8")
    (args.corpus / "search-bench.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
