"""A full build on two cores (kexie/parallel, forked children) writes exactly the site a
one-core build writes, and what the children log still counts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kexie.core import forked
from sitekit import article, make_site

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}

# A real MkDocs hook (mkdocs.yml `hooks:`): a warning while the last pages' templates render,
# i.e. in the template child's share (generated person and org pages come last).
WARN_HOOK = '''import logging
log = logging.getLogger("mkdocs.hooks.kexie_test")
def on_page_context(context, page, config, nav):
    if page.file.src_uri.startswith("orgs/") and page.file.src_uri != "orgs/index.md":
        log.warning("kexie-test-warning " + page.file.src_uri)
    return context
'''


def build(site, out: Path, *args: str, jobs: str = "") -> subprocess.CompletedProcess:
    env = {**ENV, "KEXIE_JOBS": jobs} if jobs else ENV
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(site.root / "mkdocs.yml"), "-d", str(out), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=site.root, timeout=900)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("parallel"))
    for n in range(1, 13):  # enough pages that every child gets a share
        site.write(f"issues/2023-02/a{n:02d}.md", article(f"第{n}篇：镁合金与科协", "创新达人", 10 + n, person=["李卫荣"],
                                                        body=f"## 小标题{n}\n\n正文第{n}段，[链接](li-weirong.md)。\n\n| 甲 | 乙 |\n|---|---|\n| {n} | 二 |\n"))
    return site


@pytest.mark.skipif(not forked.available(), reason="needs fork and two cores")
def test_two_core_build_writes_the_one_core_site_byte_for_byte(site, tmp_path):
    par = build(site, tmp_path / "par", "-v")
    assert par.returncode == 0, par.stderr[-3000:]
    # both children really worked: MkDocs waited for each
    assert "markdown: waited" in par.stderr and "templates: waited" in par.stderr, par.stderr[-3000:]
    one = build(site, tmp_path / "one", jobs="1")
    assert one.returncode == 0, one.stderr[-3000:]
    assert "waited" not in one.stderr
    a, b = tree(tmp_path / "par"), tree(tmp_path / "one")
    assert a.keys() == b.keys()
    differing = [k for k in a if a[k] != b[k]]
    assert differing == [], differing[:10]
    assert len([k for k in a if k.endswith("index.html")]) > 20
    assert "第12篇：镁合金与科协" in (tmp_path / "par/issues/2023-02/a12/index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not forked.available(), reason="needs fork and two cores")
def test_warnings_logged_in_a_child_are_shown_once_and_fail_a_strict_build(site, tmp_path):
    (site.root / "warn_hook.py").write_text(WARN_HOOK, encoding="utf-8")
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(config + "\nhooks:\n  - warn_hook.py\n", encoding="utf-8")
    try:
        loose = build(site, tmp_path / "loose")
        assert loose.returncode == 0, loose.stderr[-3000:]
        lines = [x for x in loose.stderr.splitlines() if "kexie-test-warning" in x]
        orgs = sorted(p.parent.name for p in (tmp_path / "loose/orgs").glob("*/index.html"))
        assert orgs and sorted(x.rsplit("/", 2)[-2] for x in lines) == orgs  # each once

        (tmp_path / "strict").mkdir()
        (tmp_path / "strict" / "last-good.html").write_text("上次的网站", encoding="utf-8")
        strict = build(site, tmp_path / "strict", "--strict")
        assert strict.returncode != 0
        assert "kexie-test-warning" in strict.stderr
        assert tree(tmp_path / "strict") == {"last-good.html": "上次的网站".encode()}  # the last good site stays
    finally:
        (site.root / "mkdocs.yml").write_text(config, encoding="utf-8")


# A hook that ends the template child (a forked process) at the first org page it renders:
# the child dies without a word, or fails with a traceback.
DIE_HOOK = '''import os
MAIN = os.getpid()
def on_page_context(context, page, config, nav):
    if os.getpid() != MAIN and page.file.src_uri.startswith("orgs/"):
        {end}
    return context
'''


@pytest.mark.skipif(not forked.available(), reason="needs fork and two cores")
@pytest.mark.parametrize("end", ["os._exit(7)", "raise RuntimeError('kexie-test: template child fails')"])
def test_pages_a_failed_template_child_did_not_write_are_written_here(site, tmp_path, end):
    (site.root / "die_hook.py").write_text(DIE_HOOK.replace("{end}", end), encoding="utf-8")
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    try:
        (site.root / "mkdocs.yml").write_text(config + "\nhooks:\n  - die_hook.py\n", encoding="utf-8")
        par = build(site, tmp_path / "par", "-v")
        assert par.returncode == 0, par.stderr[-3000:]
        assert "template child failed, rendering here" in par.stderr
        assert "Page skipped" not in par.stderr
        (site.root / "mkdocs.yml").write_text(config, encoding="utf-8")
        one = build(site, tmp_path / "one", jobs="1")
        assert one.returncode == 0, one.stderr[-3000:]
    finally:
        (site.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    a, b = tree(tmp_path / "par"), tree(tmp_path / "one")
    assert a.keys() == b.keys() and [k for k in a if a[k] != b[k]] == []
    assert any(k.startswith("orgs/") and k.endswith("/index.html") for k in a)


def test_a_failed_child_hands_back_its_traceback_and_background_work_is_done_here(tmp_path):
    def boom():
        raise ValueError("kexie-test 坏了")

    job = forked.ForkedJob("test", boom)
    with pytest.raises(forked.ChildFailed, match="kexie-test 坏了"):
        job.result()

    assert forked.ForkedJob("test", lambda: {"页": "一" * 200_000}).result() == {"页": "一" * 200_000}  # beyond a pipe's buffer

    done = tmp_path / "done.txt"
    calls = []

    def write():
        calls.append(os.getpid())
        if len(calls) == 1 and os.getpid() != parent:
            os._exit(3)  # the child dies without a word
        done.write_text("写好了", encoding="utf-8")

    parent = os.getpid()
    forked.Background("test", write, fork=True).finish()
    assert done.read_text(encoding="utf-8") == "写好了"

    def square(n):
        if n == 7 and os.getpid() != parent:
            os._exit(3)  # the child of map_halves dies midway through its half
        return n * n

    assert forked.map_halves("test", square, list(range(10)), fork=True) == [n * n for n in range(10)]
    assert forked.map_halves("test", square, [3], fork=True) == [9]


@pytest.mark.skipif(not forked.available(), reason="needs fork and two cores")
def test_check_with_a_child_reading_half_the_articles_reports_exactly_what_one_process_does(tmp_path):
    from kexie.core.checks import check_site
    from kexie.core.problems import ContentError
    from kexie.core.source_cache import PREFETCH_MIN, SourceCache

    site = make_site(tmp_path)
    for n in range(PREFETCH_MIN + 40):
        section = "地方动态x" if n % 37 == 0 else "地方动态"
        extra = {"person": ["无名氏"]} if n % 53 == 0 else {}
        site.write(f"news/n{n:03d}.md", article(f"快讯{n}", section, None, date="2023-10-01", **extra))
    site.write("news/n100.md", "---\ntitle: 坏\n  section: [\n---\n")  # YAML the parser refuses

    def problems(fork: bool) -> list[str]:
        cache = SourceCache(fork=fork)
        with pytest.raises(ContentError) as e:
            check_site(site.content, cache=cache)
        return [str(p) for p in e.value.problems], cache

    alone, _ = problems(False)
    shared, cache = problems(True)
    assert shared == alone
    assert len(alone) >= 8 and any("n100.md" in p for p in alone)
    assert cache.hits >= (PREFETCH_MIN + 40) // 2  # the child's half came from the child


def test_tabs_nav_and_page_config_rendered_once_per_folder_give_the_same_pages(site, tmp_path):
    """kexie/site's fragments (material's header, tabs, sidebar nav and page config kept per folder) change no byte."""
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n- kexie/site\n" in config
    kept = build(site, tmp_path / "kept")
    assert kept.returncode == 0, kept.stderr[-3000:]
    (site.root / "mkdocs.yml").write_text(config.replace("\n- kexie/site\n", "\n- kexie/site:\n    fragments: false\n"), encoding="utf-8")
    try:
        every = build(site, tmp_path / "every")
        assert every.returncode == 0, every.stderr[-3000:]
    finally:
        (site.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    a, b = tree(tmp_path / "kept"), tree(tmp_path / "every")
    assert a.keys() == b.keys() and [k for k in a if a[k] != b[k]] == []
    page = a["issues/2023-02/a05/index.html"].decode()
    assert "md-tabs__item--active" in page and '"base": "../../.."' in page  # 期刊 active, config relative to the article
    assert 'class="md-nav md-nav--primary md-nav--lifted"' in page and 'href="../../../people/"' in page  # the sidebar nav, relative
    for rel in ("issues/2023-02/a05/index.html", "issues/2023-02/a06/index.html"):  # the header: each page its own title
        title = re.search(r"<title>(.*?) - ", a[rel].decode()).group(1)
        assert re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*' + re.escape(title), a[rel].decode())
    assert all(b"\xee\x80\x80kx-title" not in data for data in a.values())  # no title slot left anywhere
