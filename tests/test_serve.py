"""Editors' preview: `mkdocs serve --dirty` reflects an edit and keeps every other article in the feeds."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import feedparser
import pytest
import yaml

from sitekit import article, make_site, mkdocs_build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, needle: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = fetch(url)
        if text and needle in text:
            return text
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {needle!r} within {seconds} s")


@pytest.fixture(params=["mkdocs", "properdocs"])
def served(tmp_path, request):
    """The preview under both engines (README "Engines")."""
    site = make_site(tmp_path)
    # a bio puts the person's page (a generated view, re-rendered on every rebuild) in the search index
    people = yaml.safe_load((site.content / "_data/people.yml").read_text(encoding="utf-8"))
    people[0]["bio"] = "医用镁合金技术带头人。"
    site.write("_data/people.yml", yaml.safe_dump(people, allow_unicode=True))
    with serving(site, engine=request.param) as base:
        yield site, base


def test_dirty_serve_reflects_an_edit_and_keeps_other_articles_in_feeds(served):
    site, base = served
    wait_for(base + "feed.xml", "卷首语文章")
    time.sleep(1.1)  # mtimes: the edit must be newer than the first build's output
    site.write("issues/2023-02/li-weirong.md",
               article("李卫荣：镁合金（修订）", "创新达人", 42, person=["李卫荣"], authors=["张婷"], body="新增的一段 rev2。\n"))
    wait_for(base + "issues/2023-02/li-weirong/", "新增的一段")
    feed = feedparser.parse(wait_for(base + "atom.xml", "新增的一段"))
    content = {e.title: e.content[0].value for e in feed.entries}
    assert "新增的一段" in content["李卫荣：镁合金（修订）"]
    # articles the dirty rebuild did not render keep their full text
    assert "正文" in content["卷首语文章"]
    assert "正文" in content["天津：民营企业"]
    # the issue page (a generated view) shows the new title
    wait_for(base + "issues/2023-02/", "李卫荣：镁合金（修订）")
    # search: the edit is found, other pages kept, no page listed twice
    manifest = json.loads(fetch(base + "search/manifest.json"))
    deadline = time.monotonic() + 60
    while True:
        docs = [json.loads(fetch(f"{base}search/d/{i}.json") or "{}") for i in range(manifest["docs"])]
        if any("rev2" in d.get("x", "") for d in docs) or time.monotonic() > deadline:
            break
        time.sleep(0.3)
        manifest = json.loads(fetch(base + "search/manifest.json"))
    assert any("rev2" in d["x"] for d in docs), "the edit is not in the search index"
    pages = [d["u"] for d in docs]
    assert len(pages) == len(set(pages)), sorted(pages)
    assert {"issues/2023-02/juan-shou-yu/", "news/tianjin/", "people/li-weirong/"} <= set(pages)


@contextlib.contextmanager
def serving(site, log=subprocess.DEVNULL, engine="mkdocs"):
    """`mkdocs serve --dirty` (or ``engine``'s) of ``site`` while the block runs (its base URL); its log to ``log`` (a file) if given."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, "-m", engine, "serve", "--dirty", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=site.root, env=env, stdout=log, stderr=subprocess.STDOUT if log is not subprocess.DEVNULL else log)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def slug_site(root: Path):
    """A site whose article names its person by slug, so the person can be renamed."""
    site = make_site(root)
    people = yaml.safe_load((site.content / "_data/people.yml").read_text(encoding="utf-8"))
    people[0]["slug"] = "li-weirong"
    site.write("_data/people.yml", yaml.safe_dump(people, allow_unicode=True))
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["li-weirong"], authors=["张婷"]))
    return site


def first_build_done(base: str, seconds: float = 60) -> None:
    wait_for(base + "feed.xml", "卷首语文章", seconds=seconds)
    time.sleep(1.1)  # mtimes: edits must be newer than the first build's output


@pytest.fixture
def preview(tmp_path):
    """slug_site, served."""
    site = slug_site(tmp_path)
    with serving(site) as base:
        first_build_done(base)
        yield site, base


def test_dirty_serve_title_change_reaches_every_list_and_the_neighbours(preview):
    site, base = preview
    site.write("issues/2023-02/juan-shou-yu.md", article("卷首语：新的题目", "卷首语", 1))
    wait_for(base + "issues/2023-02/", "卷首语：新的题目")  # the issue's CONTENTS
    wait_for(base + "sections/juan-shou-yu/", "卷首语：新的题目")  # the 栏目 list
    wait_for(base + "feed.xml", "卷首语：新的题目")
    # the next article's page, whose own file did not change, names its new neighbour
    page = wait_for(base + "issues/2023-02/li-weirong/", "卷首语：新的题目")
    assert "卷首语文章" not in page
    assert "卷首语文章" not in fetch(base + "issues/2023-02/")


def test_dirty_serve_shows_a_new_article_and_a_registry_change_everywhere(preview):
    site, base = preview
    site.write("issues/2023-02/xin-wen-zhang.md", article("新写的一篇文章", "工作简讯", 50, body="新文章的正文 fresh1。\n"))
    wait_for(base + "issues/2023-02/xin-wen-zhang/", "fresh1")
    wait_for(base + "issues/2023-02/", "新写的一篇文章")
    wait_for(base + "sections/gongzuo-jianxun/", "新写的一篇文章")
    wait_for(base + "atom.xml", "fresh1")
    wait_for(base + "issues/feed.xml", "新写的一篇文章")
    # the previous last article of the issue now has a next one
    wait_for(base + "issues/2023-02/li-weirong/", "新写的一篇文章")

    people = yaml.safe_load((site.content / "_data/people.yml").read_text(encoding="utf-8"))
    people[0]["name"] = "李伟荣"
    site.write("_data/people.yml", yaml.safe_dump(people, allow_unicode=True))
    wait_for(base + "people/li-weirong/", "李伟荣")
    wait_for(base + "people/", "李伟荣")
    wait_for(base + "issues/2023-02/li-weirong/", "人物：<a")
    assert "李伟荣" in wait_for(base + "issues/2023-02/li-weirong/", "李伟荣")
    assert "李卫荣</a>" not in fetch(base + "issues/2023-02/li-weirong/")


# ---------------------------------------------------------------- served = a clean build of the same content

LIVERELOAD = re.compile(r"<script>\s*var livereload = .*?</script>", re.S)
# the 复制到公众号 button (kexie.channels.wechat_button) and the 校对 box (kexie/proofread: a save's new slips show at once)
PREVIEW_ONLY = re.compile(r'<aside id="kx-wechat".*?</script>\n|<div class="admonition warning kx-proofread">.*?</a></p></div>\n', re.S)


def clean_build(site, base: str, out: Path) -> Path:
    """`mkdocs build` of the site as it is now, with the server's address as site_url (as serve sets it)."""
    config = yaml.unsafe_load((site.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = base
    (site.root / "mkdocs-clean.yml").write_text(yaml.dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    result = mkdocs_build(site.root / "mkdocs-clean.yml", out)
    assert result.returncode == 0, result.stderr
    return out


def served_search(base: str) -> dict[str, dict]:
    manifest = json.loads(fetch(base + "search/manifest.json"))
    docs = [json.loads(fetch(f"{base}search/d/{i}.json") or "null") for i in range(manifest["docs"])]
    return {d["u"]: d for d in docs if d}


def assert_served_as_built(base: str, built: Path, urls: list[str]) -> None:
    for url in urls:
        want = built / (url + "index.html" if url.endswith("/") or not url else url)
        got = fetch(base + url)
        assert got is not None, url
        assert PREVIEW_ONLY.sub("", LIVERELOAD.sub("", got)) == want.read_text(encoding="utf-8"), url
    built_docs = {d["u"]: d for d in (json.loads(p.read_text(encoding="utf-8")) for p in (built / "search/d").glob("*.json"))}
    assert served_search(base) == built_docs


def quick_saves(log: Path) -> list[int]:
    """Pages rendered by each quick save (kexie/mkdocs/quick.py), from the server's log."""
    return [int(n) for n in re.findall(r"已更新 (\d+) 个页面", log.read_text(encoding="utf-8"))]


@pytest.fixture
def preview_logged(tmp_path):
    """The preview fixture's site, its server log kept."""
    site = slug_site(tmp_path / "s")
    log = tmp_path / "serve.log"
    with open(log, "wb") as out, serving(site, out) as base:
        first_build_done(base, seconds=180)
        yield site, base, log


def test_dirty_serve_after_each_edit_serves_what_a_clean_build_gives(preview_logged, tmp_path):
    """Body, title, new article, deleted article, registry: after each save the pages it touched,
    the feeds and the search documents are what `mkdocs build` makes of the same files."""
    site, base, log = preview_logged
    feeds = ["feed.xml", "atom.xml", "issues/feed.xml", "sections/chuangxin-daren/feed.xml", "people/li-weirong/atom.xml"]
    article_page, issue_page = "issues/2023-02/li-weirong/", "issues/2023-02/"

    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["li-weirong"], authors=["张婷"], body="正文 quick1。\n"))
    wait_for(base + article_page, "quick1")
    wait_for(base + "feed.xml", "quick1")
    assert_served_as_built(base, clean_build(site, base, tmp_path / "b1"), [article_page, issue_page, "", *feeds])
    assert quick_saves(log) == [1], "a body edit renders its page alone"

    site.write("issues/2023-02/juan-shou-yu.md", article("卷首语：改过的题目", "卷首语", 1))
    wait_for(base + issue_page, "卷首语：改过的题目")
    wait_for(base + article_page, "卷首语：改过的题目")  # its neighbour
    assert_served_as_built(base, clean_build(site, base, tmp_path / "b2"),
                           [article_page, issue_page, "issues/2023-02/juan-shou-yu/", "sections/juan-shou-yu/", "", *feeds])
    assert len(quick_saves(log)) == 2 and quick_saves(log)[1] >= 4, "a title edit renders the pages that show it, no MkDocs build"

    site.write("issues/2023-02/xin-wen.md", article("新写的一篇", "创新达人", 50, person=["li-weirong"], body="新文章 fresh2。\n"))
    wait_for(base + "issues/2023-02/xin-wen/", "fresh2")
    wait_for(base + article_page, "新写的一篇")
    wait_for(base + "feed.xml", "fresh2")
    urls = [article_page, issue_page, "issues/2023-02/xin-wen/", "sections/chuangxin-daren/", "people/li-weirong/", "", *feeds]
    assert_served_as_built(base, clean_build(site, base, tmp_path / "b3"), urls)

    (site.content / "issues/2023-02/xin-wen.md").unlink()
    wait_for(base + issue_page, "卷首语：改过的题目")
    deadline = time.monotonic() + 60
    while "新写的一篇" in (fetch(base + issue_page) or "新写的一篇") and time.monotonic() < deadline:
        time.sleep(0.2)
    wait_for(base + "feed.xml", "quick1")
    urls.remove("issues/2023-02/xin-wen/")
    assert fetch(base + "issues/2023-02/xin-wen/") is None, "a deleted article's page is gone, as in a clean build"
    assert_served_as_built(base, clean_build(site, base, tmp_path / "b4"), urls)

    people = yaml.safe_load((site.content / "_data/people.yml").read_text(encoding="utf-8"))
    people[0]["name"] = "李伟荣"
    site.write("_data/people.yml", yaml.safe_dump(people, allow_unicode=True))
    wait_for(base + "people/li-weirong/", "李伟荣")
    wait_for(base + article_page, "李伟荣")
    assert_served_as_built(base, clean_build(site, base, tmp_path / "b5"), [*urls, "people/"])

    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人x", 42, person=["li-weirong"], body="正文 quick1。\n"))
    wait_for(base, "kexie-content-problems")  # a bad save: the problem page (every address), the server keeps going
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["li-weirong"], authors=["张婷"], body="正文 quick3。\n"))
    wait_for(base + article_page, "quick3")
    assert_served_as_built(base, clean_build(site, base, tmp_path / "b6"), urls)

    # a hub item's date and title: the news list, its 栏目 and org lists reorder (a quick save)
    saves = len(quick_saves(log))
    site.write("news/tianjin.md", article("天津：民营企业（新）", "地方动态", None, date="2022-05-01", org=["天津市科协"], body="新闻正文 quick4。\n"))
    wait_for(base + "news/", "天津：民营企业（新）")
    wait_for(base + "news/tianjin/", "quick4")
    assert_served_as_built(base, clean_build(site, base, tmp_path / "b7"),
                           [*urls, "news/", "news/tianjin/", "orgs/tianjin-kexie/", "sections/difang-dongtai/", "orgs/tianjin-kexie/feed.xml"])
    assert len(quick_saves(log)) == saves + 1


def test_live_reload_shows_a_quick_save_in_the_open_page(preview_logged):
    """MkDocs' live reload still fires after a quick save: the open page shows the edit by itself."""
    from browserkit import chromium_browser

    site, base, log = preview_logged
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(base + "issues/2023-02/li-weirong/")
        page.wait_for_function("() => document.body && document.body.innerText.includes('李卫荣')")
        site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["li-weirong"], authors=["张婷"], body="实时刷新 live1。\n"))
        page.wait_for_function("() => document.body && document.body.innerText.includes('live1')", timeout=30_000)
        site.write("issues/2023-02/li-weirong.md", article("李卫荣：新标题", "创新达人", 42, person=["li-weirong"], authors=["张婷"], body="实时刷新 live1。\n"))
        page.wait_for_function("() => document.body && document.body.innerText.includes('李卫荣：新标题')", timeout=30_000)
        page.close()
    assert quick_saves(log) == [1, quick_saves(log)[1]] and quick_saves(log)[1] > 1


def test_a_save_renders_whole_a_page_the_first_builds_template_child_wrote(tmp_path):
    """`serve --dirty`'s first build: MkDocs skips the pages kexie/parallel's template child
    wrote (their files are newer than their sources); a later save still renders them whole."""
    site = slug_site(tmp_path / "s")
    config = yaml.unsafe_load((site.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [{"kexie/parallel": {"template_share": 1.0}} if p == "kexie/parallel" else p for p in config["plugins"]]
    (site.root / "mkdocs.yml").write_text(yaml.dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with serving(site) as base:
        first_build_done(base, seconds=180)
        site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["li-weirong"], authors=["张婷"], body="正文 again3。\n"))
        page = wait_for(base + "issues/2023-02/li-weirong/", "again3")
        assert "李卫荣：镁合金" in page and "</html>" in page
        assert_served_as_built(base, clean_build(site, base, tmp_path / "b"), ["issues/2023-02/li-weirong/", "issues/2023-02/", ""])


def test_dirty_serve_keeps_the_web_editors_rules_current(preview):
    """A front-matter save (a quick save, which runs no on_files) reaches the open web editor's
    checks: admin/kexie-rules.json names the new reference, and problems.json's digest moved."""
    site, base = preview
    digest = json.loads(fetch(base + "admin/problems.json"))["rules"]
    site.write("issues/2023-02/juan-shou-yu.md", article("卷首语：新的题目", "卷首语", 1, person=["li-weirong"]))
    wait_for(base + "issues/2023-02/", "卷首语：新的题目")
    deadline = time.monotonic() + 30
    while "issues/2023-02/juan-shou-yu.md" not in json.loads(fetch(base + "admin/kexie-rules.json"))["refs"]["person"]["li-weirong"]:
        assert time.monotonic() < deadline, "the editor's rules did not follow the save"
        time.sleep(0.3)
    assert json.loads(fetch(base + "admin/problems.json"))["rules"] != digest
