"""The web editor (Decap CMS at /admin/), for real: built from a temporary copy of
the repository, committing through decap-server (npm, Git mode) into that copy,
driven in Debian's Chromium.  The real content/ is never touched.

Also: the generated configuration follows the registries (no second list).
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from sitekit import REPO, _dump_config, mkdocs_build
from browserkit import retype
from test_browser import LAUNCH_ARGS, chromium  # noqa: F401  (fixture)

from kexie.core.catalog import build_catalog, load_catalog
from kexie.core.problems import Problems
from kexie.channels.shortlinks import is_link_id
from kexie.core.source import parse_yaml, plain, split_front_matter
from kexie.editor.cms import Backend, CmsSetupError, cms_config, config_yaml, read_registries

SHOTS = REPO / "test-output" / "screenshots"
TIMEOUT_MS = 30_000
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
ISSUE = "2023-02"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.cn",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.cn"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


# ---------------------------------------------------------------- configuration (no browser)


def test_config_follows_the_registries():
    """Every choice in the forms is read from content/: sections in editorial order, people, orgs, issues."""
    config = cms_config(REPO / "content", REPO, Backend("gitea", "kexie/qyqx-site", base_url="https://git.example.cn"), "https://qyqx.example.cn/")
    reg = read_registries(REPO / "content")
    by_name = {c["name"]: c for c in config["collections"]}
    issue_dirs = sorted(p.name for p in (REPO / "content/issues").iterdir() if (p / "issue.yml").is_file())
    assert [n for n in by_name if n.startswith("issue-")] == [f"issue-{i}" for i in sorted(issue_dirs, reverse=True)]
    assert {"news", "issues", "registries"} <= set(by_name)
    fields = {f["name"]: f for f in by_name[f"issue-{ISSUE}"]["fields"]}
    assert [o["value"] for o in fields["section"]["options"]] == [s.name for s in reg.sections]
    assert [o["value"] for o in fields["person"]["options"]] == [x.name for x in reg.people]
    assert [o["value"] for o in fields["org"]["options"]] == [o.name for o in reg.orgs]
    assert fields["person"]["multiple"] and fields["org"]["multiple"]
    assert fields["page"]["widget"] == "kexie-page" and fields["page"]["min"] == 1 and fields["page"]["value_type"] == "int"
    assert fields["issue"]["options"] == [{"label": "2023年第2期（总第315期）", "value": ISSUE}]
    assert by_name[f"issue-{ISSUE}"]["folder"] == f"content/issues/{ISSUE}"
    assert config["locale"] == "zh_Hans"
    assert config["backend"]["api_root"] == "https://git.example.cn/api/v1"
    news = {f["name"]: f for f in by_name["news"]["fields"]}
    assert news["date"]["required"] and [o["value"] for o in news["issue"]["options"]] == issue_dirs[::-1]
    registries = {f["name"]: f["file"] for f in by_name["registries"]["files"]}
    assert registries == {k: f"content/_data/{k}.yml" for k in ("sections", "people", "orgs", "publications", "house", "proofread")}  # house: sign-off; proofread: the 校对单 house file


def test_config_changes_when_a_registry_changes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    with open(content / "_data/people.yml", "a", encoding="utf-8") as f:
        f.write("- name: 欧阳新人\n  slug: ouyang-xinren\n")
    config = cms_config(content, tmp_path, Backend("github", "kexie/site"), "https://qyqx.example.cn/")
    person = next(f for f in config["collections"][0]["fields"] if f["name"] == "person")
    assert person["options"][-1]["value"] == "欧阳新人"
    import re
    assert re.fullmatch(person["pattern"][0], "李卫荣,欧阳新人") and re.fullmatch(person["pattern"][0], "ouyang-xinren")
    assert not re.fullmatch(person["pattern"][0], "李卫荣,查无此人")


def test_config_file_writes_each_shared_field_once_however_many_issues(tmp_path):
    """A form per issue: the fields they share (栏目, 作者, 机构, 人物, 摘要, 正文) are written once and
    named, each issue's own select stays its own; the file reads back as the configuration."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    for n in range(3, 9):  # six more issues, each a copy of the seed issue's issue.yml
        folder = content / "issues" / f"2023-0{n}"
        folder.mkdir()
        text = (REPO / "content/issues" / ISSUE / "issue.yml").read_text(encoding="utf-8")
        (folder / "issue.yml").write_text(text.replace(f'id: "{ISSUE}"', f'id: "2023-0{n}"').replace("number: 2", f"number: {n}"), encoding="utf-8")
    config = cms_config(content, tmp_path, Backend("github", "kexie/site"), "https://qyqx.example.cn/")
    forms = [c for c in config["collections"] if c.get("format") == "kexie-frontmatter"]
    assert len(forms) == 8  # seven issues and 新闻中心
    text = config_yaml(config)
    assert yaml.safe_load(text) == config
    for name in ("section", "authors", "org", "person", "summary", "body"):
        assert text.count(f"&{name}\n") == 1 and text.count(f"*{name}\n") == len(forms) - 1, name
    person = next(f for f in forms[0]["fields"] if f["name"] == "person")
    assert text.count(person["options"][0]["label"]) == 1  # the people's menu once, not per form
    assert text.count("- name: issue\n") == len(forms)  # each form's own issue select


def test_bad_backend_settings_are_explained():
    with pytest.raises(CmsSetupError, match="组织/仓库"):
        Backend("gitea", "no-slash").config()
    with pytest.raises(CmsSetupError, match="不是支持的"):
        Backend("svn", "a/b").config()


def test_built_site_serves_the_editor(seed_site):
    admin = seed_site / "admin"
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["collections"] and config["local_backend"] is True
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert 'src="decap-cms.js"' in page and "cdn" not in page.lower() and 'lang="zh"' in page
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000 and (admin / "yaml/index.js").is_file()
    assert not (REPO / "content/admin").exists()


# ---------------------------------------------------------------- the editor in a browser


@pytest.fixture(scope="module")
def cms_repo(tmp_path_factory):
    """A Git copy of the repository's content and config, the editor built into it, decap-server running on it."""
    if not DECAP_SERVER.is_file():
        pytest.fail(f"{DECAP_SERVER} missing: run scripts/test.sh (npm ci installs decap-server)", pytrace=False)
    root = tmp_path_factory.mktemp("cms") / "repo"
    shutil.copytree(REPO / "content", root / "content")
    proxy_port, site_port = free_port(), free_port()
    config = yaml.unsafe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "theme_overrides")
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "kexie/cms" in entry:
            entry["kexie/cms"]["local_backend"] = {"url": f"http://127.0.0.1:{proxy_port}/api/v1"}
            entry["kexie/cms"]["publish_mode"] = "simple"  # each 发布 one commit (review: test_web_editor.py)
    (root / "mkdocs.yml").write_text(_dump_config(config), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "初始内容")
    site = root.parent / "site"
    result = mkdocs_build(root / "mkdocs.yml", site, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr

    env = {**os.environ, "PORT": str(proxy_port), "BIND_HOST": "127.0.0.1", "MODE": "git", "GIT_REPO_DIRECTORY": str(root),
           "LOG_LEVEL": "warn", "GIT_AUTHOR_NAME": "网页编辑器", "GIT_AUTHOR_EMAIL": "cms@example.cn",
           "GIT_COMMITTER_NAME": "网页编辑器", "GIT_COMMITTER_EMAIL": "cms@example.cn"}
    log = open(root.parent / "decap-server.log", "w")
    proxy = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stdout=log, stderr=subprocess.STDOUT, text=True)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", site_port), functools.partial(Quiet, directory=str(site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        _wait_for_proxy(proxy, proxy_port, root.parent / "decap-server.log")
        yield root, f"http://127.0.0.1:{site_port}/admin/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        proxy.terminate()
        log.close()
        try:
            proxy.wait(10)
        except subprocess.TimeoutExpired:
            proxy.kill()


def _wait_for_proxy(proxy: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proxy.poll() is not None:
            pytest.fail("decap-server exited: " + log.read_text(encoding="utf-8"), pytrace=False)
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=2) as r:
                if b"local_git" in r.read():
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail("decap-server did not answer within 30 s", pytrace=False)


@pytest.fixture(scope="module")
def editor(chromium, cms_repo):  # noqa: F811
    from playwright.sync_api import sync_playwright

    root, url = cms_repo
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
        page.on("dialog", lambda d: d.accept())  # "你确定要发布此内容吗？"
        page.goto(url)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("内容").first.wait_for()
        try:
            yield page, root, foreign
        finally:
            browser.close()


def go(page, route: str) -> None:
    """Open an editor route with a fresh load (Decap's router ignores a bare hash change after a save)."""
    page.goto(page.url.split("#")[0] + route)
    page.reload()


def wait_for(page, ready, seconds: float = 15) -> None:
    """Poll ``ready`` while letting Playwright run (a plain sleep would stall our request routing)."""
    deadline = time.monotonic() + seconds
    while not ready() and time.monotonic() < deadline:
        page.wait_for_timeout(100)


def run_check(root: Path) -> subprocess.CompletedProcess:
    """The README's check command, on the temporary copy."""
    return subprocess.run([sys.executable, str(REPO / "scripts/editor.py"), "--content", str(root / "content"), "check"],
                          capture_output=True, text=True, timeout=120)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cms-{name}.png"), full_page=True)


def test_editor_is_in_chinese_and_loads_nothing_from_elsewhere(editor):
    page, root, foreign = editor
    page.get_by_text("新闻中心").first.wait_for()
    text = page.inner_text("body")
    assert "《企业科协》2023年第2期（总第315期）" in text and "资料库" in text
    assert "Collections" not in text and "内容" in text
    shot(page, "home")
    assert not foreign, f"the editor asked other hosts: {foreign}"


def field(page, name: str):
    """The input of a front-matter field (Decap ids it "<name>-field-<n>")."""
    return page.locator(f"input[id^='{name}-field-'], textarea[id^='{name}-field-']").first


def choose(page, name: str, text: str) -> None:
    """Type into a select (react-select) and take the first match."""
    box = field(page, name)
    box.click()
    box.press_sequentially(text)
    page.locator("[class*='-option']").first.wait_for()
    box.press("Enter")


def publish(page) -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()


def test_create_article_through_the_form(editor):
    page, root, foreign = editor
    go(page, f"#/collections/issue-{ISSUE}/new")
    field(page, "title").fill("王小明：网页编辑器里写成的文章")
    field(page, "slug").fill("wang-xiaoming")
    choose(page, "section", "创新达人")
    field(page, "page").fill("60")
    choose(page, "person", "李卫荣")
    choose(page, "org", "东莞宜安")
    field(page, "summary").fill("一篇从网页编辑器提交的文章。")
    page.get_by_role("button", name="新增作者").click()
    page.locator("input[id^='name-field-']").last.fill("张婷")
    body = page.locator("[data-slate-editor]").first
    body.click()
    body.press_sequentially("正文第一段。")
    shot(page, "new-article")
    publish(page)
    path = root / f"content/issues/{ISSUE}/wang-xiaoming.md"
    wait_for(page, path.exists)
    shot(page, "published")
    assert path.exists(), page.inner_text("body")[:2000]
    text = path.read_text(encoding="utf-8")
    fm, body, _ = split_front_matter(text)
    meta = plain(parse_yaml(fm))
    link_id = meta.pop("link_id", "")  # its short address for print, given by the form as `kexie new` gives one
    assert is_link_id(link_id) and link_id not in {a.link_id for a in load_catalog(REPO / "content").articles}, text
    assert meta == {"title": "王小明：网页编辑器里写成的文章", "slug": "wang-xiaoming", "issue": ISSUE, "section": "创新达人", "page": 60,
                    "authors": ["张婷"], "org": ["东莞宜安科技股份有限公司"], "person": ["李卫荣"],
                    "summary": "一篇从网页编辑器提交的文章。"} | {k: v for k, v in meta.items() if k in ("order", "date") and v in ("", None)}, text
    assert "正文第一段。" in body
    check = run_check(root)
    assert check.returncode == 0, check.stdout + check.stderr
    article = load_catalog(root / "content").by_path[f"issues/{ISSUE}/wang-xiaoming.md"]
    assert article.people[0].slug == "li-weirong" and article.url == f"issues/{ISSUE}/wang-xiaoming/" and article.link_id == link_id
    # decap-server in Git mode commits like the real backends do: one commit per save, our message.
    assert git(root, "log", "-1", "--format=%s").startswith(f"网页编辑器：新建文章 content/issues/{ISSUE}/wang-xiaoming.md")
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [f"content/issues/{ISSUE}/wang-xiaoming.md"]


def test_unknown_person_cannot_be_saved(editor):
    """A name not in people.yml: the form offers no such choice, and a file that names one is refused on save."""
    page, root, foreign = editor
    rel = f"content/issues/{ISSUE}/shoulu-wenzhang.md"
    (root / rel).write_text("---\ntitle: 手写的文章\nslug: shoulu-wenzhang\nissue: \"2023-02\"\nsection: 工作简讯\npage: 52\n"
                            "person: [李卫荣, 查无此人]\n---\n\n正文。\n", encoding="utf-8")
    before = (root / rel).read_bytes()
    go(page, f"#/collections/issue-{ISSUE}/entries/shoulu-wenzhang")
    box = field(page, "person")
    box.click()
    box.press_sequentially("查无此人")
    page.get_by_text("没有匹配项：只能选资料库里已有的名称").wait_for()  # react-select's notice, in Chinese
    assert page.locator("[class*='-option']").count() == 0
    box.press("Escape")
    field(page, "summary").fill("改一下摘要，再保存。")
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.wait_for_timeout(1000)
    shot(page, "unknown-person")
    page.get_by_text("只能选人物库").wait_for()
    page.wait_for_timeout(1000)
    assert (root / rel).read_bytes() == before
    check = run_check(root)  # and the command line says the same, with file and line
    assert check.returncode == 1 and "查无此人" in check.stderr and "shoulu-wenzhang.md" in check.stderr
    (root / rel).unlink()


def test_registry_is_a_form_and_keeps_its_comments(editor):
    """people.yml (a top-level list) edited as a form: a person added, headings and other entries untouched."""
    page, root, foreign = editor
    people = root / "content/_data/people.yml"
    before = people.read_text(encoding="utf-8")
    go(page, "#/collections/registries/entries/people")
    page.get_by_role("button", name="新增人物").first.click()
    name = page.locator("input[id^='name-field-']").last
    name.fill("欧阳新人")
    page.locator("input[id^='slug-field-']").last.fill("ouyang-xinren")
    page.locator("input[id^='region-field-']").last.fill("北京")
    shot(page, "registry-people")
    publish(page)
    wait_for(page, lambda: people.read_text(encoding="utf-8") != before)
    after = people.read_text(encoding="utf-8")
    kept = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True)))
    assert after.startswith(before.rstrip("\n")), "existing entries and comments must stay as they were:\n" + kept
    added = yaml.safe_load(after)[-1]
    assert added == {"name": "欧阳新人", "slug": "ouyang-xinren", "region": "北京"}, after[-400:]
    check = run_check(root)
    assert check.returncode == 0, check.stdout + check.stderr
    assert git(root, "log", "-1", "--format=%s") == "网页编辑器：修改资料库 content/_data/people.yml\n"


def test_new_issue_through_the_form(editor):
    """期刊信息 → 新建一期 writes content/issues/<id>/issue.yml that the check accepts."""
    page, root, foreign = editor
    go(page, "#/collections/issues/new")
    field(page, "id").fill("2023-03")
    field(page, "year").fill("2023")
    field(page, "number").fill("3")
    field(page, "total").fill("316")
    field(page, "theme").fill("新一期的本期关注")
    field(page, "print_date").fill("2023-06-30")
    shot(page, "new-issue")
    publish(page)
    path = root / "content/issues/2023-03/issue.yml"
    wait_for(page, path.exists)
    assert path.exists(), page.inner_text("body")[:2000]
    meta = plain(parse_yaml(path.read_text(encoding="utf-8")))
    assert meta == {"id": "2023-03", "publication": "企业科协", "year": 2023, "number": 3, "total": 316,
                    "theme": "新一期的本期关注", "print_date": "2023-06-30"}, path.read_text(encoding="utf-8")
    check = run_check(root)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "2 期" in check.stdout


def test_cross_file_checks_need_no_preview(editor):
    """The built site alone (any static host, any backend) carries the form's rules: a taken
    网址用词 and a missing print page are refused here too, where no preview runs."""
    page, root, foreign = editor
    go(page, f"#/collections/issue-{ISSUE}/new")
    field(page, "title").fill("重名的文章")
    field(page, "slug").fill("li-weirong")
    choose(page, "section", "创新达人")
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("已被另一篇文章使用").first.wait_for()
    page.get_by_text("栏目的杂志文章要填写印刷页码").first.wait_for()
    assert git(root, "status", "--porcelain", "content") == ""  # nothing written


def test_publishing_states_through_the_form(editor):
    """An editor keeps an article back as a draft with a planned time, names the 责任编辑 and a 审签, and
    adds a 更正: the file says it as the build reads it; a time the build could not read is refused first."""
    page, root, foreign = editor
    go(page, f"#/collections/issue-{ISSUE}/new")
    field(page, "title").fill("定稿前的文章")
    field(page, "slug").fill("dinggao-qian")
    choose(page, "section", "工作简讯")
    field(page, "page").fill("61")
    page.locator("[data-slate-editor]").first.click()
    page.locator("[data-slate-editor]").first.press_sequentially("还在改的正文。")
    toggle = page.locator("[id^='draft-field-']").first
    toggle.click()
    assert toggle.get_attribute("aria-checked") == "true"
    field(page, "publish_at").fill("10月1日早上八点")
    field(page, "editor").fill("赵六")
    publish(page)
    page.get_by_text("应写作 年-月-日 时:分").first.wait_for()  # the form's own words, before anything is saved
    path = root / f"content/issues/{ISSUE}/dinggao-qian.md"
    assert not path.exists()
    retype(field(page, "publish_at"), "2023-10-01 08:00")
    labels = page.locator("label").all_inner_texts()
    assert "定时发布 (选填)" in [" ".join(t.split()) for t in labels] and not any("()" in t for t in labels), labels
    page.get_by_text("新增一条更正").click()
    shot(page, "correction-added")
    field(page, "note").fill("第一段的数字已改正。")
    page.locator("input[id^='date-field-']").last.fill("2023-09-20")
    publish(page)
    wait_for(page, path.exists)
    assert path.exists(), page.inner_text("body")[:2000]
    meta = plain(parse_yaml(split_front_matter(path.read_text(encoding="utf-8"))[0]))
    assert meta["draft"] is True and meta["publish_at"] == "2023-10-01 08:00" and meta["editor"] == "赵六"
    assert meta["corrections"] == [{"date": "2023-09-20", "note": "第一段的数字已改正。"}]
    check = run_check(root)
    assert check.returncode == 0, check.stdout + check.stderr
    catalog = build_catalog(root / "content", Problems())
    article = next(a for a in catalog.held if a.path.endswith("dinggao-qian.md"))
    assert article.state == "draft" and article.publish_at_label == "2023年10月1日 08:00" and article.record.editor == "赵六"



def test_the_house_sign_off_is_asked_for_before_saving(editor):
    """With _data/house.yml requiring sign-off for a 栏目, the form refuses an article of it without a
    责任编辑 and every level, in the build's words; a draft may wait; filled in, it saves."""
    page, root, foreign = editor
    sections, house = root / "content/_data/sections.yml", root / "content/_data/house.yml"
    kept = sections.read_text(encoding="utf-8"), house.read_text(encoding="utf-8")
    site = root.parent / "site"
    try:
        sections.write_text(kept[0] + "- name: 专题报道\n  slug: zhuanti-baodao\n  kind: magazine\n", encoding="utf-8")
        house.write_text("signoff:\n  required: true\n  levels: [初审, 终审]\n  sections: [专题报道]\n", encoding="utf-8")
        result = mkdocs_build(root / "mkdocs.yml", site, "--strict")  # the hosted editor's rules come with each build
        assert result.returncode == 0, result.stdout + result.stderr
        go(page, f"#/collections/issue-{ISSUE}/new")
        field(page, "title").fill("专题：三审后的文章")
        field(page, "slug").fill("zhuanti-sanshen")
        choose(page, "section", "专题报道")
        field(page, "page").fill("63")
        page.locator("[data-slate-editor]").first.click()
        page.locator("[data-slate-editor]").first.press_sequentially("专题正文。")
        publish(page)
        page.get_by_text("本刊规定发布（含定时发布）的文章要写责任编辑").first.wait_for()
        text = page.inner_text("body")
        assert "本刊规定发布前要经过“初审”、“终审”审签" in text and "_data/house.yml" in text
        path = root / f"content/issues/{ISSUE}/zhuanti-sanshen.md"
        assert not path.exists()
        field(page, "editor").fill("赵六")
        field(page, "初审").fill("钱七")
        publish(page)
        page.get_by_text("本刊规定发布前要经过“终审”审签").first.wait_for()
        assert not path.exists()
        field(page, "终审").fill("孙八")
        publish(page)
        wait_for(page, path.exists)
        assert path.exists(), page.inner_text("body")[:2000]
        meta = plain(parse_yaml(split_front_matter(path.read_text(encoding="utf-8"))[0]))
        assert meta["editor"] == "赵六" and meta["signoff"] == {"初审": "钱七", "终审": "孙八"}
        check = run_check(root)
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        sections.write_text(kept[0], encoding="utf-8")
        house.write_text(kept[1], encoding="utf-8")
        (root / f"content/issues/{ISSUE}/zhuanti-sanshen.md").unlink(missing_ok=True)
        mkdocs_build(root / "mkdocs.yml", site, "--strict")
