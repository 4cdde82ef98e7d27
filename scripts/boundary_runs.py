#!/usr/bin/env python3
"""Draw the costly query class for a pair index from a built corpus: runs of 3–6 Han
characters that cross a word boundary (jieba's) and whose pairs are common but
rarely adjacent (together on many pages, the run itself on few of them).

    .venv/bin/python scripts/boundary_runs.py bench/corpus-5000-s1 [--count 40]

Reads the built site's page texts (site/search/d/*.json, the strings the client
checks), prints each run with the pages holding all its pairs and the pages
holding the run. bench_search.BOUNDARY_RUNS was picked from this output.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
from kexie.search.index import text_codes  # noqa: E402

HAN_RUN = re.compile("[\u4e00-\u9fff]{4,}")


def page_texts(site: Path) -> list[str]:
    manifest = json.loads((site / "search/manifest.json").read_text())
    texts = []
    for i in range(manifest["docs"]):
        d = json.loads((site / f"search/d/{i}.json").read_bytes())
        texts.append(d["t"] + "\n" + d["m"] + "\n" + d["x"])
    return texts


class PairPages:
    """Which pages hold each Han pair."""

    def __init__(self, texts: list[str]):
        codes, ids = [], []
        for i, text in enumerate(texts):
            c = text_codes(text).codes
            c = c[c >= 0x10000]
            codes.append(c)
            ids.append(np.full(len(c), i, np.uint32))
        codes, ids = np.concatenate(codes), np.concatenate(ids)
        order = np.argsort(codes, kind="stable")
        self.codes, self.ids = codes[order], ids[order]

    def pages(self, pair: str) -> np.ndarray:
        code = ord(pair[0]) << 16 | ord(pair[1])
        return self.ids[np.searchsorted(self.codes, code): np.searchsorted(self.codes, code, "right")]

    def together(self, run: str) -> np.ndarray:
        found = self.pages(run[:2])
        for i in range(1, len(run) - 1):
            found = np.intersect1d(found, self.pages(run[i: i + 2]), assume_unique=True)
        return found


def draw(texts: list[str], count: int, seed: int = 7, min_together: int = 100, max_share: float = 0.05):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    index, rng, found = PairPages(texts), random.Random(seed), {}
    for i in rng.sample(range(len(texts)), len(texts)):
        runs = HAN_RUN.findall(texts[i].split("\n", 2)[-1])
        if not runs:
            continue
        run = rng.choice(runs)
        cuts = [0]
        for w in jieba.lcut(run):
            cuts.append(cuts[-1] + len(w))
        if len(cuts) < 3:
            continue
        at, n = rng.choice(cuts[1:-1]), rng.randint(3, 6)
        lo, hi = max(0, at - n + 1), min(at - 1, len(run) - n)
        if hi < lo:
            continue
        start = rng.randint(lo, hi)
        q = run[start: start + n]
        if start in cuts and start + n in cuts:
            continue  # whole words: it does not straddle
        together = index.together(q)
        holders = sum(q in texts[j] for j in together.tolist())
        if len(together) >= min_together and holders <= max_share * len(together):
            found[q] = (len(together), holders)
            if len(found) >= count:
                break
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--count", type=int, default=40)
    args = ap.parse_args()
    for run, (together, holders) in draw(page_texts(args.corpus / "site"), args.count).items():
        print(f"{run}\tpairs together on {together} pages\trun on {holders}")


if __name__ == "__main__":
    main()
