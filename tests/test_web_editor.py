"""The web editor as editors use it locally: `scripts/editor.sh`'s program (the preview and
decap-server in Git mode on the editor's own clone, review on), a real Chromium, real saves.

What an editor does: opens /admin/, makes ordinary mistakes (a taken 网址用词, no print
page, renaming a person articles still name, a broken file), mends them there, edits an
existing article that has no slug, and takes a new article through 草稿 → 待审 → 待发布 →
发布, after which the preview shows it; the editor tab is never reloaded or replaced.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitekit import REPO
from browserkit import retype
from test_browser import LAUNCH_ARGS, chromium  # noqa: F401  (fixture)
from test_cms import DECAP_SERVER, ISSUE, choose, field, free_port, git, shot, wait_for

from kexie.core.source import parse_yaml, plain, split_front_matter

TIMEOUT_MS = 30_000
CLONE = Path(".kexie/editor-repo")


def _project_copy(root: Path) -> None:
    """What an editor's clone of the site holds, committed on main."""
    for name in ("content", "theme_overrides"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", ".gitignore"):
        shutil.copy(REPO / name, root / name)
    (root / "node_modules").symlink_to(REPO / "node_modules")
    git(root, "init", "-q", "-b", "main")
    (root / ".git/info/exclude").write_text("node_modules\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "初始内容")


@pytest.fixture(scope="module")
def local_editor(tmp_path_factory):
    if not DECAP_SERVER.is_file():
        pytest.fail(f"{DECAP_SERVER} missing: run scripts/test.sh (npm ci installs decap-server)", pytrace=False)
    root = tmp_path_factory.mktemp("editor") / "site"
    root.mkdir()
    _project_copy(root)
    port, cms_port = free_port(), free_port()
    log_path = root.parent / "editor.log"
    log = open(log_path, "w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KEXIE_EDITOR_VERBOSE": "1", "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.cn",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.cn"}
    proc = subprocess.Popen([sys.executable, "-m", "kexie.editor.local", "--port", str(port), "--cms-port", str(cms_port)],
                            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while "本地网页编辑器已启动" not in log_path.read_text(encoding="utf-8"):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the local editor did not start:\n" + log_path.read_text(encoding="utf-8"), pytrace=False)
        time.sleep(0.2)
    try:
        yield root, f"http://127.0.0.1:{port}", log_path
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            proc.wait(30)
        finally:
            log.close()
    assert proc.returncode == 0 and "本地网页编辑器已停止" in log_path.read_text(encoding="utf-8")
    for p in (port, cms_port):  # both servers stopped
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", p)) != 0, f"port {p} still answers after Ctrl+C"


@pytest.fixture(scope="module")
def editor(chromium, local_editor):  # noqa: F811
    from playwright.sync_api import sync_playwright

    root, base, log = local_editor
    foreign: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        context.set_default_timeout(TIMEOUT_MS)

        def route(r):
            if urlsplit(r.request.url).hostname in ("127.0.0.1", "localhost") or r.request.url.startswith(("data:", "blob:")):
                return r.continue_()
            foreign.append(r.request.url)
            return r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda d: d.accept())
        page.goto(base + "/admin/")
        page.get_by_role("button", name="登录").click()
        page.get_by_text("新闻中心").first.wait_for()
        try:
            yield page, root, base, log
        finally:
            browser.close()
    assert not foreign, f"the editor asked other hosts: {foreign}"


def open_route(page, route: str) -> None:
    """Open an editor address afresh (Decap's router ignores a bare hash change after a save),
    then mark the tab: the mark is gone if anything reloads or replaces it from here on."""
    page.goto(page.url.split("#")[0] + route)
    page.reload()
    page.get_by_text("内容").first.wait_for()
    page.evaluate("window.kexieTab = 'still here'")


def still_the_same_tab(page) -> bool:
    return page.evaluate("window.kexieTab") == "still here"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def cms_branches(clone: Path) -> list[str]:
    return [b.strip(" *") for b in git(clone, "branch", "--list", "cms/*").splitlines()]



def write_body(page, text: str) -> None:
    body = page.locator("[data-slate-editor]").first
    body.click()
    body.press_sequentially(text)


def save(page) -> None:
    page.get_by_role("button", name="保存").first.click()


def test_form_refuses_what_the_build_refuses(editor):
    """A taken 网址用词 and a magazine article without a print page are marked on their fields,
    in the build's words, and nothing is saved; mended, the article saves as a draft."""
    page, root, base, log = editor
    open_route(page, f"#/collections/issue-{ISSUE}/new")
    field(page, "title").fill("王小明：重名的网址")
    field(page, "slug").fill("li-weirong")  # li-weirong.md has no slug: its file name is its address
    assert not re.search(r"Select\.\.\.|No options|Choose|Upload|Image\b", page.inner_text("body"))  # all in Chinese
    choose(page, "section", "创新达人")
    save(page)
    page.get_by_text("已被另一篇文章使用").first.wait_for()
    page.get_by_text("栏目的杂志文章要填写印刷页码").first.wait_for()
    shot(page, "editor-refused")
    errors = page.locator("ul.ec1nk3l1, ul[class*='ControlErrorsList']").first
    assert f"content/issues/{ISSUE}/li-weirong.md" in errors.text_content()
    assert errors.evaluate("e => getComputedStyle(e).textTransform") == "none"  # file names as written, not upper-cased
    assert not cms_branches(root / CLONE), "a refused form must not be saved"
    retype(field(page, "slug"), "wang-xiaoming")
    field(page, "page").fill("61")
    write_body(page, "正文第一段。")
    save(page)
    wait_for(page, lambda: cms_branches(root / CLONE), 20)
    page.get_by_text("内容已保存").first.wait_for()
    assert cms_branches(root / CLONE) == [f"cms/issue-{ISSUE}/wang-xiaoming"], page.inner_text("body")[:1500]
    assert not (root / f"content/issues/{ISSUE}/wang-xiaoming.md").exists()  # a draft is not published
    assert still_the_same_tab(page)


def test_existing_article_without_slug_saves_unchanged(editor):
    """Most articles have no slug: field; editing one keeps its file and address."""
    page, root, base, log = editor
    clone = root / CLONE
    open_route(page, f"#/collections/issue-{ISSUE}/entries/li-weirong")
    field(page, "summary").wait_for()
    field(page, "summary").fill("摘要改过了。")
    save(page)
    branch = f"cms/issue-{ISSUE}/li-weirong"
    wait_for(page, lambda: branch in cms_branches(clone), 20)
    page.get_by_text("内容已保存").first.wait_for()
    assert branch in cms_branches(clone), page.inner_text("body")[:1500]
    changed = git(clone, "diff", "--name-only", "main", branch).split()
    assert changed == [f"content/issues/{ISSUE}/li-weirong.md"]
    saved = git(clone, "show", f"{branch}:content/issues/{ISSUE}/li-weirong.md")
    meta = plain(parse_yaml(split_front_matter(saved)[0]))
    assert meta["summary"] == "摘要改过了。" and "slug" not in meta and meta["page"] == 42
    # only the changed field changed: the comment, the [张婷] list, the quoted id and the text stay as written
    before = (root / f"content/issues/{ISSUE}/li-weirong.md").read_text(encoding="utf-8")
    spaced = lambda text: re.sub(r"[ \t]+#", " #", text).splitlines()  # noqa: E731  (the YAML writer puts one space before a comment)
    changed = [line for line in difflib.ndiff(spaced(before), spaced(saved)) if line[:1] in "+-"]
    assert len(changed) == 2 and all(line[2:].startswith("summary:") for line in changed), changed
    assert 'issue: "2023-02"' in saved and "authors: [张婷] # 印刷署名：文 | 张婷" in saved
    assert still_the_same_tab(page)


def test_the_open_articles_proofreading_warnings_are_shown_beside_the_form(editor):
    """The preview's 校对单 for the entry being edited, at the foot of the editor: advice in the
    build's words (line, column, the words around it, the fix); another entry shows its own."""
    page, root, base, log = editor
    open_route(page, f"#/collections/issue-{ISSUE}/entries/hangtian-kexie")
    field(page, "title").wait_for()
    box = page.locator("aside.kexie-proofread")
    box.get_by_text(re.compile(r"校对提示：本文有 \d+ 条")).wait_for(timeout=30_000)
    text = box.inner_text()
    assert "hangtian-kexie.md 第18行第6列 校对·半角标点" in text and "建议“3月27日，中国航天科技集" in text, text
    assert "guangzhou-kexie" not in text  # only the open entry's
    open_route(page, f"#/collections/issue-{ISSUE}/entries/juan-shou-yu")
    field(page, "title").wait_for()
    wait_for(page, lambda: not box.is_visible(), 10)
    assert not box.is_visible(), box.inner_text()  # an entry with nothing to say shows no box
    assert still_the_same_tab(page)


def test_registry_rename_that_breaks_articles_is_refused(editor):
    """Renaming 李卫荣 in people.yml would leave li-weirong.md naming nobody: refused, the article named."""
    page, root, base, log = editor
    open_route(page, "#/collections/registries/entries/people")
    page.locator("input[id^='name-field-'][value='李卫荣']").wait_for(state="attached")
    name = page.locator("input[id^='name-field-']").nth(_index_of(page, "李卫荣"))
    shot(page, "editor-registry-collapsed")
    name.evaluate("e => e.closest('[class*=\"ListItem\"], [class*=\"SortableListItem\"]')?.querySelector('button, [role=button]')?.click()")
    name.wait_for(state="visible", timeout=5000)
    retype(name, "李伟荣")
    save(page)
    page.get_by_text("还被").first.wait_for()
    text = page.inner_text("body")
    assert "李卫荣" in text and f"content/issues/{ISSUE}/li-weirong.md" in text
    shot(page, "editor-registry-refused")
    assert not any("registries" in b for b in cms_branches(root / CLONE))
    assert still_the_same_tab(page)


def _index_of(page, value: str) -> int:
    values = page.locator("input[id^='name-field-']").evaluate_all("els => els.map(e => e.value)")
    return values.index(value)


def test_a_broken_file_never_takes_the_editor_away(editor):
    """A hand edit breaks an article: the preview lists the problem, the editor stays open and
    shows it with a link to the file; fixed, both recover, and /admin/ loads afresh throughout."""
    page, root, base, log = editor
    open_route(page, "#/collections/news")
    article = root / f"content/issues/{ISSUE}/yinchuan-kexie.md"
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("section: ", "section: 不存在的栏目", 1).replace("不存在的栏目", "不存在的栏目", 1), encoding="utf-8")
    try:
        page.locator(".kexie-problems").get_by_text("不存在的栏目").wait_for(timeout=60_000)
        shot(page, "editor-problems")
        link = page.locator(".kexie-problems a").first
        assert "yinchuan-kexie" in link.get_attribute("href")
        # the editor edits committed content: it says that this hand edit is not in it
        page.locator(".kexie-note").get_by_text("还没有提交").wait_for(timeout=10_000)
        assert f"content/issues/{ISSUE}/yinchuan-kexie.md" in page.locator(".kexie-note").first.text_content()
        assert fetch(base + "/")[1].count("不存在的栏目") >= 1  # the preview's own problem page
        status, text = fetch(base + "/admin/")
        assert status == 200 and "decap-cms.js" in text and "livereload" not in text
        assert fetch(base + "/admin/config.yml")[0] == 200 and fetch(base + "/admin/kexie-form.js")[0] == 200
        assert still_the_same_tab(page)
    finally:
        article.write_text(good, encoding="utf-8")
    page.locator(".kexie-problems").get_by_text("预览检查通过").wait_for(timeout=60_000)
    page.locator(".kexie-note").wait_for(state="detached", timeout=10_000)
    assert "不存在的栏目" not in fetch(base + "/")[1]
    assert still_the_same_tab(page)


def test_review_takes_an_article_to_the_site(editor):
    """草稿 → 待审 → 待发布 → 发布: only then is the file in the editor's folder and on the preview;
    the preview rebuilds for the publication, not for every branch decap-server checks out."""
    page, root, base, log = editor
    clone = root / CLONE
    slug = "shen-gao-liucheng"
    open_route(page, f"#/collections/issue-{ISSUE}/new")
    field(page, "title").fill("审稿流程里走过的文章")
    field(page, "slug").fill(slug)
    choose(page, "section", "工作简讯")
    field(page, "page").fill("62")
    write_body(page, "经过三审的正文。")
    save(page)
    branch = f"cms/issue-{ISSUE}/{slug}"
    wait_for(page, lambda: branch in cms_branches(clone), 20)
    page.get_by_text("内容已保存").first.wait_for()
    builds_before = log.read_text(encoding="utf-8").count("Building documentation")
    for state, label in (("待审", "pending_review"), ("待发布", "pending_publish")):
        page.get_by_role("button", name="状态").first.click()
        page.get_by_role("menuitem", name=state).or_(page.get_by_text(state, exact=True)).last.click()
        wait_for(page, lambda: label in git(clone, "config", f"branch.{branch}.description"), 15)
        assert label in git(clone, "config", f"branch.{branch}.description")
        assert not (root / f"content/issues/{ISSUE}/{slug}.md").exists()
    shot(page, "editor-ready")
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布").click()
    published = root / f"content/issues/{ISSUE}/{slug}.md"
    wait_for(page, published.exists, 30)
    assert published.exists(), log.read_text(encoding="utf-8")[-2000:]
    assert branch not in cms_branches(clone)
    url = f"{base}/issues/{ISSUE}/{slug}/"
    deadline = time.monotonic() + 60
    while fetch(url)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    status, html = fetch(url)
    assert status == 200 and "审稿流程里走过的文章" in html and "经过三审的正文" in html
    page.wait_for_timeout(3000)
    builds = log.read_text(encoding="utf-8").count("Building documentation") - builds_before
    assert 1 <= builds <= 2, f"{builds} rebuilds for one publication (a loop?)"
    assert "已发布到本地网站目录" in log.read_text(encoding="utf-8")
    assert still_the_same_tab(page)


def test_a_phone_photo_through_the_editor_reaches_the_page_as_picture(editor, tmp_path):
    """A photo named as WeChat names it, uploaded in the article's text: it gets a safe name, and
    once published the preview's page shows phone-sized versions (<picture>), not the original."""
    from PIL import Image

    page, root, base, log = editor
    photo = tmp_path / "微信图片_20231001 (2).JPG"
    Image.new("RGB", (1600, 1200), (180, 30, 30)).save(photo, "JPEG")
    slug = "shouji-zhaopian"
    open_route(page, "#/collections/news/new")
    field(page, "title").fill("手机照片直接上传")
    field(page, "slug").fill(slug)
    choose(page, "section", "深入实施科教兴国战略")
    field(page, "date").fill("2023-10-01")
    write_body(page, "正文第一段。")
    page.get_by_role("button", name="添加组件").first.click()
    page.get_by_role("menuitem", name="图片").first.click()
    page.get_by_role("button", name="选择图片").first.click()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("上传", exact=True).first.click()
    chooser.value.set_files(str(photo))
    page.get_by_text("选用已选中项目").first.click()
    shot(page, "editor-photo")
    save(page)
    page.get_by_text("内容已保存").first.wait_for()
    branch = f"cms/news/{slug}"
    files = git(root / CLONE, "diff", "--name-only", "main", branch).split()
    uploaded = [f for f in files if not f.endswith(".md")]
    assert len(uploaded) == 1 and re.fullmatch(r"content/news/20231001-2-[0-9a-f]{6}\.jpg", uploaded[0]), files
    for state in ("待审", "待发布"):
        page.get_by_role("button", name="状态").first.click()
        page.get_by_text(state, exact=True).last.click()
        page.get_by_text("内容状态已更新").first.wait_for()
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布").click()
    url = f"{base}/news/{slug}/"
    deadline = time.monotonic() + 60
    while fetch(url)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    status, html = fetch(url)
    assert status == 200, log.read_text(encoding="utf-8")[-2000:]
    assert "<picture" in html and "srcset=" in html, html[html.find("正文第一段") - 200:][:1500]


def test_a_taken_port_is_said_in_chinese(tmp_path):
    """A second editor (or preview) on the same port: one Chinese line that says what to do, no traceback."""
    _project_copy(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "kexie.editor.local", "--port", str(port), "--cms-port", str(free_port())],
                                cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"端口 {port} 已被占用" in result.stderr and f"--port {port + 1}" in result.stderr


def test_the_clone_and_this_folder_keep_in_step(tmp_path):
    """Commits made here reach the editor's clone; publications there come home; when both sides
    moved, the editor says so in Chinese instead of silently never publishing."""
    from kexie.editor.local import bring_home, catch_up, head, prepare_clone

    project = tmp_path / "site"
    project.mkdir()
    _project_copy(project)
    clone = prepare_clone(project, "main")

    def commit(repo: Path, name: str) -> None:
        (repo / "content" / name).write_text("改动\n", encoding="utf-8")
        git(repo, "add", ".")
        git(repo, "commit", "-q", "-m", name)

    commit(project, "here.txt")  # a hand edit committed here
    assert catch_up(project, clone, "main") is None and head(clone, "main") == head(project, "main")
    commit(clone, "published.txt")  # a publication in the editor
    assert bring_home(project, clone, "main") is None and (project / "content/published.txt").is_file()
    commit(project, "mine.txt")
    commit(clone, "theirs.txt")
    assert "各有对方没有的提交" in bring_home(project, clone, "main")
    assert "各有对方没有的提交" in catch_up(project, clone, "main")


def test_a_closed_terminal_stops_both_servers(tmp_path):
    """Closing the terminal (SIGHUP) stops the preview and decap-server too: no port stays taken."""
    _project_copy(tmp_path)
    port, cms_port = free_port(), free_port()
    log = tmp_path / "editor.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kexie.editor.local", "--port", str(port), "--cms-port", str(cms_port)],
                                cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        deadline = time.monotonic() + 120
        while "本地网页编辑器已启动" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert "本地网页编辑器已启动" in log.read_text(encoding="utf-8"), log.read_text(encoding="utf-8")
        assert _answers(port) and _answers(cms_port)
        proc.send_signal(signal.SIGHUP)
        proc.wait(30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_answers(p) for p in (port, cms_port)):
        time.sleep(0.2)
    assert not any(_answers(p) for p in (port, cms_port)), log.read_text(encoding="utf-8")


def _answers(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
