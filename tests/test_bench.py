"""The benchmark's own parts: the corpus generator (scripts/)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit import REPO

GEN = [sys.executable, str(REPO / "scripts" / "gen_corpus.py")]
N = 24
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "c"
    done = subprocess.run(GEN + [str(N), str(out), "--seed", "7"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def bodies(root: Path) -> list[str]:
    return [FRONT_MATTER.sub("", p.read_text("utf-8")) for p in sorted(root.rglob("a-*.md"))]


def test_same_n_and_seed_give_identical_files(corpus, tmp_path):
    again = tmp_path / "again"
    done = subprocess.run(GEN + [str(N), str(again), "--seed", "7"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    first, second = files(corpus), files(again)
    assert len([k for k in first if k.endswith(".md")]) > 2 * N  # ours and plain
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_shape_ours_plain_and_marker(corpus):
    summary = json.loads((corpus / "corpus.json").read_text("utf-8"))
    ours, plain = sorted((corpus / "content").rglob("a-*.md")), sorted((corpus / "plain/docs").rglob("a-*.md"))
    assert summary["n"] == N == len(ours) == len(plain)
    assert (corpus / "mkdocs.yml").exists() and (corpus / "plain/mkdocs.yml").exists()
    assert [p.relative_to(corpus / "content") for p in ours] == [p.relative_to(corpus / "plain/docs") for p in plain]
    assert bodies(corpus / "content") == bodies(corpus / "plain/docs")


def test_text_is_varied_like_an_archive(corpus):
    """Most Han runs distinct (the old recombined paragraphs gave 3 % at 500 articles),
    no paragraph copied from the seeds, and corpus.json tells the truth."""
    texts = bodies(corpus / "content")
    runs = [r for t in texts for r in HAN_RUN.findall(t)]
    summary = json.loads((corpus / "corpus.json").read_text("utf-8"))
    assert summary["han_runs"] == len(runs) and summary["distinct_han_runs"] == len(set(runs))
    assert summary["distinct_share"] > 0.6
    seed_paras = {b.strip() for p in (REPO / "content").rglob("*.md") for b in p.read_text("utf-8").split("\n\n")}
    paras = [b for t in texts for b in t.split("\n\n") if len(b) > 40 and not b.startswith(("#", "<", "〔"))]  # 〔图略〕 caption notes, like figures, reuse real captions
    copied = [p for p in paras if p in seed_paras]
    assert len(copied) <= len(paras) * 0.02, copied[:3]
    # still prose of the magazine: sentences end in Chinese full stops, headings and sizes as before
    assert all(t.count("\n## ") >= 2 for t in texts)
    assert 2000 < summary["chars"] / N < 4500

