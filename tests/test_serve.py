"""Editors' preview: `mkdocs serve --dirty` reflects an edit and keeps every other article in the feeds."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import feedparser
import pytest
import yaml

from sitekit import article, make_site


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


@pytest.fixture
def served(tmp_path):
    site = make_site(tmp_path)
    # a bio puts the person's page (a generated view, re-rendered on every rebuild) in the search index
    people = yaml.safe_load((site.content / "_data/people.yml").read_text(encoding="utf-8"))
    people[0]["bio"] = "医用镁合金技术带头人。"
    site.write("_data/people.yml", yaml.safe_dump(people, allow_unicode=True))
    proc, base = serve_dirty(site)
    try:
        yield site, base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


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


def serve_dirty(site) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=site.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}/"


@pytest.fixture
def preview(tmp_path):
    """A served site whose article names its person by slug, so the person can be renamed."""
    site = make_site(tmp_path)
    people = yaml.safe_load((site.content / "_data/people.yml").read_text(encoding="utf-8"))
    people[0]["slug"] = "li-weirong"
    site.write("_data/people.yml", yaml.safe_dump(people, allow_unicode=True))
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["li-weirong"], authors=["张婷"]))
    proc, base = serve_dirty(site)
    try:
        wait_for(base + "feed.xml", "卷首语文章")
        time.sleep(1.1)  # mtimes: edits must be newer than the first build's output
        yield site, base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_dirty_serve_title_change_reaches_every_list_and_the_neighbours(preview):
    site, base = preview
    site.write("issues/2023-02/juan-shou-yu.md", article("卷首语：新的题目", "卷首语", 1))
    wait_for(base + "issues/2023-02/", "卷首语：新的题目")  # the CONTENTS
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
