"""Every bad input ends in a clear message or a safe acceptance, and `check` and the build agree."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from bad_inputs import CASES, GOOD, KINDS, Case, apply
from kexie.core.checks import check_site
from kexie.core.problems import ContentError, Problems
from editor_user import as_editor
from sitekit import REPO, article, build_in_process, make_site


def check(content) -> list:
    try:
        check_site(content)
    except ContentError as e:
        return e.problems
    return []


def test_corpus_covers_every_class_several_times():
    counts = Counter(c.kind for c in CASES)
    assert len(CASES) >= 80, len(CASES)
    assert all(counts[k] >= 3 for k in KINDS), counts
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case_is_named_and_check_agrees_with_the_build(tmp_path, case: Case):
    site = make_site(tmp_path)
    apply(case, site.content, tmp_path / "outside")
    problems = check(site.content)
    texts = [str(p) for p in problems]
    if case.path:
        mine = [str(p) for p in problems if p.path == case.path]
        assert mine, f"no problem names {case.path}; got {texts}"
        assert any(all(w in p for w in case.words) for p in mine), f"expected {case.words} in {mine}"
        assert not [p for p in problems if p.path == GOOD], texts  # the good article beside it is untouched
    else:
        assert texts == [], texts
    ok, errors = build_in_process(site)
    assert ok == (not problems), f"check found {texts}, build {'succeeded' if ok else 'failed'}: {errors}"
    if problems:
        assert set(texts) <= set(errors), f"the build must report what check reports; missing {set(texts) - set(errors)}"
    if case.safe:
        case.safe(site.out)


def test_all_problems_reported_together_and_build_fails_without_traceback(tmp_path):
    site = make_site(tmp_path)
    bad = [c for c in CASES if c.path == "issues/2023-02/bad.md" and not c.setup and set(c.files) == {c.path}]
    for n, case in enumerate(bad):
        site.write(f"issues/2023-02/bad-{n}.md", case.files[case.path])
    result = site.build("--strict")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    named = set(re.findall(r"ERROR\s+-\s+(issues/2023-02/bad-\d+\.md)", output))
    assert len(named) == len(bad), output
    assert f"共 " in output and "个内容问题" in output


def test_english_for_developers(tmp_path, monkeypatch):
    site = make_site(tmp_path)
    site.write("issues/2023-02/a.md", "---\ntitle: 文\nsection: 创新达人x\npage: 2\n---\n")
    monkeypatch.setenv("KEXIE_LANG", "en")
    assert [str(p) for p in check(site.content)] == ["issues/2023-02/a.md:3: section: '创新达人x' is not a known section; did you mean '创新达人'?"]
    monkeypatch.setenv("KEXIE_LANG", "zh")
    assert [str(p) for p in check(site.content)] == ["issues/2023-02/a.md 第3行 section（栏目）：“创新达人x”不是已有栏目；是否想写“创新达人”？"]


def test_valid_site_builds_strict(tmp_path):
    site = make_site(tmp_path)
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "李卫荣：镁合金" in site.page("issues/2023-02")


def test_html_in_titles_is_escaped(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-02/xss.md", "---\ntitle: \"1 < 2 & 3 > 2 标题\"\nsection: 卷首语\npage: 3\nauthors: [\"张<婷>\"]\n---\n正文\n")
    ok, errors = build_in_process(site)
    assert ok, errors
    for url in ("issues/2023-02/xss", "issues/2023-02", "sections/juan-shou-yu"):
        page = site.page(url)
        assert "1 &lt; 2 &amp; 3 &gt; 2 标题" in page and "1 < 2 & 3" not in page
    feed = (site.out / "feed.xml").read_text(encoding="utf-8")
    assert "1 &lt; 2 &amp; 3 &gt; 2 标题" in feed


def test_unreadable_file_is_named_by_check_and_build(tmp_path):
    """An editor without read permission (root ignores permissions: see editor_user)."""
    site = make_site(tmp_path)
    path = site.write("issues/2023-02/locked.md", article())
    path.chmod(0o000)
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        checked = subprocess.run(as_editor([sys.executable, str(REPO / "scripts/editor.py"), "--content", str(site.content), "check"]),
                                 capture_output=True, text=True, timeout=120)
        built = subprocess.run(as_editor([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(site.out)]),
                               capture_output=True, text=True, timeout=300, cwd=site.root, env=env)
    finally:
        path.chmod(0o644)
    message = "issues/2023-02/locked.md：文件无法读取（没有权限）"  # the system's reason in Chinese, not "Permission denied"
    assert checked.returncode == 1 and message in checked.stderr, checked.stderr
    assert built.returncode == 1 and message in built.stderr and "Traceback" not in built.stderr, built.stderr


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_keeps_the_last_good_site_byte_identical(tmp_path):
    site = make_site(tmp_path)
    ok, errors = build_in_process(site)
    assert ok, errors
    before = tree_bytes(site.out)
    assert "index.html" in before and "feed.xml" in before
    site.write("issues/2023-02/bad.md", article(section="无此栏目"))
    result = site.build("--strict")  # the real command line
    assert result.returncode == 1 and "无此栏目" in result.stderr
    assert tree_bytes(site.out) == before
    # a strict-mode warning (not a content problem) fails after everything is written: site/ still the old one
    site.write("issues/2023-02/bad.md", article(body="[锚点](li-weirong.md#nope)\n"))
    (site.root / "mkdocs.yml").write_text((site.root / "mkdocs.yml").read_text(encoding="utf-8") + "  links:\n    anchors: warn\n", encoding="utf-8")
    ok, errors = build_in_process(site)
    assert not ok
    assert tree_bytes(site.out) == before
    assert not list(tmp_path.glob(".site.*")), "no half-built folders left behind"


def test_interrupted_build_keeps_the_last_good_site(tmp_path):
    site = make_site(tmp_path)
    ok, errors = build_in_process(site)
    assert ok, errors
    before = tree_bytes(site.out)
    site.write("issues/2023-02/new.md", article(title="新文章"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site.out)], cwd=site.root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".site.building-*/assets")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.kill()  # midway: the new site is being written beside the old one
    proc.wait()
    assert tree_bytes(site.out) == before
    ok, errors = build_in_process(site)  # the next build cleans up and finishes
    assert ok, errors
    assert "新文章" in site.page("issues/2023-02/new")
    assert not list(tmp_path.glob(".site.building-*"))
    deadline = time.monotonic() + 30  # the replaced site is deleted in the background (build_swap._remove_later)
    while list(tmp_path.glob(".site.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(tmp_path.glob(".site.*"))
