"""`mkdocs serve` with a content error: the browser shows the problems in Chinese,
the server keeps serving, and the page turns into the site once the file is fixed."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from browserkit import chromium_browser
from sitekit import article, make_site
from test_serve import free_port, wait_for

PROBLEM = "issues/2023-02/bad.md 第3行 section（栏目）：“创新达人x”不是已有栏目；是否想写“创新达人”？"


def serve(site) -> tuple[subprocess.Popen, int]:
    """`mkdocs serve` of ``site`` on a free port; its stderr kept for the test."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=site.root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return proc, port


@pytest.fixture
def serving_a_broken_site(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-02/bad.md", article("坏文章", "创新达人x", 3))
    proc, port = serve(site)
    try:
        yield site, f"http://127.0.0.1:{port}/", proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def answer(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def test_serve_shows_problems_and_recovers_when_fixed(serving_a_broken_site):
    site, base, proc = serving_a_broken_site
    home = wait_for(base, "kexie-content-problems", seconds=180)  # the first build, on a busy machine
    assert "内容有 1 个问题" in home and PROBLEM in home.replace("<code>", "").replace("</code>", "")
    # any address (an article being previewed) answers with the same list
    code, article_page = answer(base + "issues/2023-02/li-weirong/")
    assert code == 404 and "kexie-content-problems" in article_page and "创新达人x" in article_page
    assert proc.poll() is None, "the server must keep serving"
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(base + "issues/2023-02/li-weirong/", timeout=120_000)
        assert "创新达人x" in page.inner_text("body")
        site.write("issues/2023-02/bad.md", article("好文章", "创新达人", 3))  # the editor fixes and saves
        # the open page reloads by itself into the article
        page.wait_for_function("() => document.body && !document.getElementById('kexie-content-problems') && document.body.innerText.includes('李卫荣：镁合金')",
                               timeout=180_000)
        page.close()
    assert answer(base + "issues/2023-02/bad/")[0] == 200
    assert proc.poll() is None


def test_serve_shows_a_broken_photo_with_the_other_problems(tmp_path):
    """A photo the build cannot use is a content problem like any other: serve keeps running and lists it."""
    site = make_site(tmp_path)
    site.write("news/x.png", b"not an image")
    site.write("issues/2023-02/bad.md", article("坏文章", "创新达人x", 3))
    proc, port = serve(site)
    try:
        home = wait_for(f"http://127.0.0.1:{port}/", "kexie-content-problems", seconds=180)
        assert "内容有 2 个问题" in home and "news/x.png" in home and "无法识别这张图片" in home and "创新达人x" in home
        assert proc.poll() is None, "the server must keep serving"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
