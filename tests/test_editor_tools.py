"""scripts/editor.py: check, new, new-issue and import, run as an editor runs them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import yaml

from editor_user import as_editor
from kexie.editor.cli import main
from sitekit import REPO, make_site
from test_seed_content import SEED_ISSUE, norm, seed

TOOL = [sys.executable, str(REPO / "scripts" / "editor.py")]


def run(*args: str, content=None, editor: bool = False, **kwargs) -> subprocess.CompletedProcess:
    extra = ["--content", str(content)] if content else []
    cmd = [*TOOL, *extra, *args]
    return subprocess.run(as_editor(cmd) if editor else cmd, capture_output=True, text=True, cwd=REPO, timeout=120, **kwargs)


def test_check_passes_on_the_seed_content():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "内容检查通过" in result.stdout and "32 篇文章" in result.stdout


def test_check_lists_every_problem_in_chinese_and_exits_1(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-02/a.md", "---\ntitle: 文\nsection: 创新达人x\npage: 2\n---\n")
    site.write("issues/2023-02/b.md", "---\ntitle: 文\nsection: 卷首语\npage: 四十二\n---\n")
    result = run("check", content=site.content)
    assert result.returncode == 1
    assert "内容检查发现 2 个问题" in result.stderr
    assert "issues/2023-02/a.md 第3行 section（栏目）：“创新达人x”不是已有栏目；是否想写“创新达人”？" in result.stderr
    assert "issues/2023-02/b.md 第4行 page（页码）：写成了“四十二”" in result.stderr
    assert "Traceback" not in result.stderr
    english = run("check", content=site.content, env={"KEXIE_LANG": "en", "PATH": "/usr/bin:/bin"})
    assert "issues/2023-02/a.md:3: section: '创新达人x' is not a known section; did you mean '创新达人'?" in english.stderr


def test_new_article_and_issue_validate(tmp_path):
    site = make_site(tmp_path)
    assert run("new-issue", "2023-03", "--total", "316", "--print-date", "2023-06-30", "--theme", "新主题", content=site.content).returncode == 0
    made = run("new", "--title", "新的创新达人", "--section", "创新达人", "--issue", "2023-03", "--page", "42", "--author", "张婷", content=site.content)
    assert made.returncode == 0, made.stderr
    created = made.stdout.split("已创建：")[1].strip()
    assert created.startswith(str(site.content / "issues/2023-03/")) and created.endswith(".md")
    assert "section: 创新达人" in open(created, encoding="utf-8").read()
    hub = run("new", "--title", "北京快讯", "--section", "地方动态", "--date", "2023-11-01", content=site.content)
    assert hub.returncode == 0, hub.stderr
    assert run("check", content=site.content).returncode == 0
    again = run("new", "--title", "北京快讯", "--section", "地方动态", "--date", "2023-11-01", content=site.content)
    assert again.returncode == 1 and "已存在，没有覆盖" in again.stderr
    wrong = run("new", "--title", "文", "--section", "创新达人x", "--issue", "2023-03", "--page", "2", content=site.content)
    assert wrong.returncode == 1 and "栏目“创新达人x”不存在" in wrong.stderr


def in_process(capsys, *args: str) -> tuple[int, str]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def test_new_refuses_what_it_cannot_write_correctly(tmp_path, capsys):
    site = make_site(tmp_path)
    cases = [
        (["--issue", "2023-02", "--page", "0"], "页码应为正整数"),
        (["--issue", "2023-02", "--page", "-4"], "页码应为正整数"),
        (["--issue", "2023-02", "--page", "四"], "页码应为正整数"),
        (["--issue", "2023-02"], "需要 --page"),
        (["--issue", "2099-01", "--page", "3"], "期号 2099-01 不存在"),
        (["--issue", "../../etc", "--page", "3"], "应写作 年份-两位期次"),  # a path is not an issue id
        (["--date", "2023-02-30"], "应为真实存在的日期"),
        (["--date", "明天"], "应为真实存在的日期"),
    ]
    for extra, words in cases:
        section = "创新达人" if "--issue" in extra else "地方动态"
        code, err = in_process(capsys, "--content", site.content, "new", "--title", "测试稿件", "--section", section, *extra)
        assert code == 1 and words in err, (extra, err)
    code, err = in_process(capsys, "--content", site.content, "new", "--title", "\u3000 ", "--section", "地方动态", "--date", "2023-10-01")
    assert code == 1 and "--title 不能为空" in err
    # what check would refuse in the file is refused before it is written (no 已创建 for untitled.md)
    for title, words in (("\u200b\u200b", "U+200B"), ("\u200b \u3000", "U+200B"), ("李卫\u202e荣", "U+202E"), ("长" * 400, "最多 300 个")):
        code, err = in_process(capsys, "--content", site.content, "new", "--title", title, "--section", "地方动态", "--date", "2023-10-01")
        assert code == 1 and "--title" in err and words in err and "已创建" not in err, (title, err)
    code, err = in_process(capsys, "--content", site.content, "new", "--title", "快讯", "--section", "地方动态", "--date", "2023-10-01", "--author", "张\u200d婷")
    assert code == 1 and "--author" in err and "U+200D" in err
    assert not (site.content / "news/untitled.md").exists() and not (site.content / "news/kuai-xun.md").exists()
    code, err = in_process(capsys, "--content", tmp_path / "nowhere", "check")
    assert code == 1 and "内容目录" in err
    for bad in (["new-issue", "2023-3", "--print-date", "2023-06-30"], ["new-issue", "2023-03", "--print-date", "2023-06-31"],
                ["new-issue", "2023-03", "--print-date", "2023-06-30", "--total", "0"]):
        code, err = in_process(capsys, "--content", site.content, *bad)
        assert code == 1 and err.strip(), bad
    assert not (site.content / "issues/2023-03").exists()
    assert not list(site.content.rglob("ce-shi*"))
    usage = run("new", "--title", "x", content=site.content)
    assert usage.returncode == 2 and "命令写法有误" in usage.stderr
    assert "用法：kexie new" in usage.stderr and "缺少 --section" in usage.stderr and "usage:" not in usage.stderr
    for args, words in ((["chek"], "应为以下之一：“check”"), (["check", "--format", "xml"], "--format 写成了“xml”"),
                        (["check", "--bogus"], "不认识的参数：--bogus"),
                        (["new", "--title", "x", "--section", "地方动态", "--date", "2023-10-01", "--issue", "2023-02"], "不能和"),
                        (["new", "--title"], "--title 后面要写一个值")):
        result = run(*args, content=site.content)
        assert result.returncode == 2 and words in result.stderr and "argument" not in result.stderr, (args, result.stderr)
    helped = run("new", "-h", content=site.content)
    assert helped.returncode == 0 and "用法：" in helped.stdout and "显示本帮助并退出" in helped.stdout
    english = run("new", "--title", "x", content=site.content, env={"KEXIE_LANG": "en", "PATH": "/usr/bin:/bin"})
    assert "usage: kexie new" in english.stderr and "the following arguments are required: --section" in english.stderr


def test_concurrent_new_for_one_slug_creates_exactly_one_file(tmp_path):
    site = make_site(tmp_path)
    cmd = [*TOOL, "--content", str(site.content), "new", "--title", "同一标题", "--section", "地方动态", "--date", "2023-10-01", "--slug", "tong-yi"]
    procs = [subprocess.Popen([*cmd, "--author", f"作者{n}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO) for n in range(3)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    created = [r for r in results if r[0] == 0]
    assert len(created) == 1, results
    assert all("已存在，没有覆盖" in err for rc, out, err in results if rc != 0), results
    text = (site.content / "news/tong-yi.md").read_text(encoding="utf-8")
    assert text.count("---\n") == 2 and "正文从这里开始" in text  # one whole file, not a mix
    assert not list((site.content / "news").glob(".*.tmp"))


def test_read_only_folder_gives_a_clear_message(tmp_path):
    site = make_site(tmp_path)
    (site.content / "news").chmod(0o555)
    try:
        result = run("new", "--title", "北京快讯", "--section", "地方动态", "--date", "2023-11-01", content=site.content, editor=True)
    finally:
        (site.content / "news").chmod(0o755)
    assert result.returncode == 1, result.stdout
    assert "没有写权限" in result.stderr and "Traceback" not in result.stderr, result.stderr


MANIFEST = """\
issue: "2023-02"
articles:
  - {title: "李卫荣：争当医用镁合金技术开发与产业化的排头兵", section: 创新达人, page: 42, slug: li-weirong, person: [李卫荣]}
  - {title: "王家泽：突破技术难题，助力企业发展", section: 创新达人, page: 44, slug: wang-jiaze}
  - {title: "中交科协女科技工作者之家成立", section: 工作简讯, page: 52, order: 1, slug: zhongjiao}
  - {title: "山东省地方标准《企业科学技术协会工作指南》发布", section: 工作简讯, page: 52, order: 2, slug: shandong}
"""


# The partial manifest above stops each article where the next printed one starts.
ENDS = MANIFEST.replace("slug: wang-jiaze}", 'slug: wang-jiaze, end: "何涛： 投身新能源领域"}').replace(
    "slug: shandong}", 'slug: shandong, end: "广西科协赴百色市"}')


def files_under(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def raw_and_manifest(tmp_path, manifest: str, raw: str | None = None):
    (tmp_path / "raw.txt").write_text(seed(SEED_ISSUE) if raw is None else raw, encoding="utf-8")
    (tmp_path / "manifest.yml").write_text(manifest, encoding="utf-8")
    return str(tmp_path / "raw.txt"), str(tmp_path / "manifest.yml")


def test_import_a_raw_issue_all_or_nothing(tmp_path):
    site = make_site(tmp_path)
    raw, manifest = raw_and_manifest(tmp_path, ENDS)
    # li-weirong.md exists: nothing at all may be written
    blocked = run("import", raw, manifest, content=site.content)
    assert blocked.returncode == 1 and "li-weirong.md 已存在" in blocked.stderr and "没有写入任何文件" in blocked.stderr
    assert not (site.content / "issues/2023-02/wang-jiaze.md").exists()
    (site.content / "issues/2023-02/li-weirong.md").unlink()
    result = run("import", raw, manifest, content=site.content)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("已创建") == 4
    li = (site.content / "issues/2023-02/li-weirong.md").read_text(encoding="utf-8")
    assert "authors: [张婷]" in li and "page: 42" in li
    # a paragraph the print layout broke across columns comes out joined
    assert norm("被评为 2022 年广东省企业“创新达人”后，李卫荣在自豪之余也充满感慨") in norm(li)
    assert "王家泽" not in li.split("---")[-1][-200:]  # stops where the next article starts
    # the photo caption above the next title is set apart, and the editor is told where it sits
    assert "〔图略〕李卫荣与同事讨论工作\n{: .kx-caption-note }" in li
    assert "第1046行（清单第1项 li-weirong）：“李卫荣与同事讨论工作”像是图片说明" in result.stdout and "紧挨着下一篇" in result.stdout
    wang = (site.content / "issues/2023-02/wang-jiaze.md").read_text(encoding="utf-8")
    assert "何涛" not in wang and "〔图略〕王家泽在检修设备" in wang
    assert run("check", content=site.content).returncode == 0
    again = run("import", raw, manifest, content=site.content)
    assert again.returncode == 1 and "没有覆盖" in again.stderr
    assert run("import", raw, manifest, "--force", content=site.content).returncode == 0


def test_a_partial_manifest_never_merges_articles(tmp_path):
    """The manifest lists 4 of the issue's articles: the unlisted ones would be swallowed."""
    site = make_site(tmp_path)
    (site.content / "issues/2023-02/li-weirong.md").unlink()
    before = files_under(site.content)
    raw, manifest = raw_and_manifest(tmp_path, MANIFEST)
    result = run("import", raw, manifest, content=site.content)
    assert result.returncode == 1 and "已创建" not in result.stdout
    assert files_under(site.content) == before  # refused: nothing written
    err = result.stderr
    # each unlisted article is named with its raw line, the manifest item and the end: that fixes it
    assert "raw.txt 第1084行（清单第2项 wang-jiaze）：“何涛： 投身新能源领域，为实现“双碳”目标而奋斗”像是另一篇文章的开头（目录第91行列有这一篇）" in err
    assert 'end: "何涛： 投身新能源领域' in err
    # a title printed as kicker + heading: end: names the kicker, which belongs to the next article
    assert "第1128行（清单第2项 wang-jiaze）：“天津能源集团科协副主席时宝琦： 创新服务体系 优化服务质量”" in err
    assert 'end: "天津能源集团科协副主席时宝琦："' in err
    assert "第1237行（清单第4项 shandong）：“广西科协赴百色市开展赋能企业创新发展工作对接活动”" in err
    assert "“王家泽：突破技术难题，助力企业发展”有 " in err and "--confirm wang-jiaze" in err  # too long as well
    assert "没有写入任何文件" in err and "Traceback" not in err
    # the last listed article would run to the end of the issue: refused even when it is the only one
    only = MANIFEST.splitlines()[:2] + ['  - {title: "“科创中国”：打造科协组织服务科经融合高地", section: 工作简讯, page: 12, slug: gaodi}']
    raw, manifest = raw_and_manifest(tmp_path, "\n".join(only) + "\n")
    result = run("import", raw, manifest, content=site.content)
    assert result.returncode == 1 and "超过 12000 字" in result.stderr and "“抓住“科创中国”建设机遇" in result.stderr
    assert files_under(site.content) == before


def test_confirm_turns_one_articles_refusals_into_warnings(tmp_path):
    site = make_site(tmp_path)
    (site.content / "issues/2023-02/li-weirong.md").unlink()
    raw, manifest = raw_and_manifest(tmp_path, ENDS.replace(', end: "广西科协赴百色市"', ""))
    refused = run("import", raw, manifest, content=site.content)
    assert refused.returncode == 1 and "清单第4项 shandong" in refused.stderr and "清单第2项" not in refused.stderr
    wrong = run("import", raw, manifest, "--confirm", "shan-dong", content=site.content)
    assert wrong.returncode == 1 and "--confirm “shan-dong”不是清单里的 slug" in wrong.stderr
    confirmed = run("import", raw, manifest, "--confirm", "shandong", content=site.content)
    assert confirmed.returncode == 0, confirmed.stderr
    assert "请核对：" in confirmed.stdout and "第1237行（清单第4项 shandong）" in confirmed.stdout
    shandong = (site.content / "issues/2023-02/shandong.md").read_text(encoding="utf-8")
    assert "广西科协赴百色市" in shandong and "## 企业科协" not in shandong  # the back cover never joins an article


def test_import_refuses_a_manifest_that_points_wrong(tmp_path):
    site = make_site(tmp_path)
    (site.content / "issues/2023-02/li-weirong.md").unlink()
    before = files_under(site.content)
    cases = [
        (ENDS.replace("end: \"何涛： 投身新能源领域\"", "end: \"何涛：不在原文里\""), "第 2 项（wang-jiaze）：在它的起始标题之后找不到 end: “何涛：不在原文里”"),
        (ENDS.replace("person: [李卫荣]", "person: [李伟荣]"), "清单第1项（li-weirong）的 person：“李伟荣”不在 _data/people.yml 里；是否想写“李卫荣”？"),
    ]
    for manifest_text, words in cases:
        raw, manifest = raw_and_manifest(tmp_path, manifest_text)
        result = run("import", raw, manifest, content=site.content)
        assert result.returncode == 1 and words.replace(" ", "") in result.stderr.replace(" ", ""), result.stderr
        assert files_under(site.content) == before


def test_titles_without_heading_marks_are_still_found(tmp_path):
    """A raw text whose titles lost their '#': the byline under an unlisted title still gives it away."""
    site = make_site(tmp_path)
    (site.content / "issues/2023-02/li-weirong.md").unlink()
    plain_raw = re.sub(r"(?m)^#+ ", "", seed(SEED_ISSUE))
    manifest_text = MANIFEST.splitlines()[:4]  # li-weirong and wang-jiaze only
    raw, manifest = raw_and_manifest(tmp_path, "\n".join(manifest_text) + "\n", plain_raw)
    result = run("import", raw, manifest, content=site.content)
    assert result.returncode == 1
    assert "第1084行（清单第2项 wang-jiaze）：“何涛： 投身新能源领域，为实现“双碳”目标而奋斗”像是另一篇文章的开头（紧接着是署名“文 | 马思遥”）" in result.stderr


def test_captions_and_print_doubling_in_a_tampered_text(tmp_path):
    """Captions marked as such (图为…, ▲…, （… 摄）) inside a paragraph are set apart, the paragraph rejoined;
    a character doubled across a break is reported with its fix, never silently changed."""
    site = make_site(tmp_path)
    (site.content / "issues/2023-02/li-weirong.md").unlink()
    text = seed(SEED_ISSUE)
    broken = "李卫荣在自豪之余也充满"
    assert broken in text
    text = text.replace(broken, "李卫荣在自豪\n\n▲ 宜安科技的镁合金实验室\n\n图为李卫荣在车间\n\n（宜安科技 供图）\n\n豪之余也充满", 1)
    raw, manifest = raw_and_manifest(tmp_path, ENDS, text)
    result = run("import", raw, manifest, content=site.content)
    assert result.returncode == 0, result.stderr
    li = (site.content / "issues/2023-02/li-weirong.md").read_text(encoding="utf-8")
    for caption in ("▲ 宜安科技的镁合金实验室", "图为李卫荣在车间", "（宜安科技 供图）"):
        assert f"〔图略〕{caption}\n{{: .kx-caption-note }}" in li
        assert f"“{caption}”像是图片说明" in result.stdout
    assert "李卫荣在自豪豪之余也充满感慨" in li  # the words as printed, the paragraph whole again ...
    assert "第1020行（清单第1项 li-weirong）：接排处“豪”出现两次（“后，李卫荣在自豪豪之余也充满”），多半是印刷分栏时重复的字；可能应为“后，李卫荣在自豪之余也充满”" in result.stdout  # ... and the fix


FULL_SKIP = {"封面"}  # the cover photo's caption is only in the CONTENTS, not an article in the text


def full_manifest(content) -> str:
    """Every article of the seed issue as the curated content has it (title, 栏目, page, people, orgs)."""
    entries = []
    for path in sorted((content / "issues/2023-02").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if meta["section"] in FULL_SKIP:
            continue
        entry = {"title": meta["title"], "section": meta["section"], "slug": path.stem, "page": meta.get("page"), "order": meta.get("order"),
                 "person": meta.get("person") or [], "org": meta.get("org") or []}
        entries.append({k: v for k, v in entry.items() if v not in (None, [])})
    return yaml.safe_dump({"issue": "2023-02", "articles": entries}, allow_unicode=True, sort_keys=False)


def test_a_full_manifest_imports_the_whole_issue_with_warnings_to_check(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content, ignore=lambda folder, names: [n for n in names if n.endswith(".md") and "issues" in folder])
    raw, manifest = raw_and_manifest(tmp_path, full_manifest(REPO / "content"))
    result = run("import", raw, manifest, content=content)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("已创建") == 27 and "Traceback" not in result.stderr
    out = result.stdout
    # print artefacts: line, what was printed, the fix (and the registry name it restores)
    assert "第618行（清单第" in out and "“小组成员单位，天天津市科协认为人才”" in out and "可能应为“小组成员单位，天津市科协认为人才”（资料库里有“天津市科协”）" in out
    assert "第697行（清单第" in out and "展示银银川市" in out and "可能应为“训等活动，展示银川市双创成效和双”" in out
    assert "第590行（清单第" in out and "中文里夹着英文词“and”" in out and "探索行业科协和区域企业科协" in out
    assert "“## 企业科协”是刊物自己的页面" in out  # the back cover is cut off the last article
    # every photo caption the curated issue keeps as 〔图略〕 comes out set apart, never inside a paragraph
    imported = "".join(p.read_text(encoding="utf-8") for p in (content / "issues/2023-02").glob("*.md"))
    curated = [line[4:].strip() for p in (REPO / "content/issues/2023-02").glob("*.md")
               for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("〔图略〕")]
    set_apart = [c for c in curated if f"〔图略〕{c}\n" in imported]
    assert len(curated) == 32 and len(set_apart) >= 30, sorted(set(curated) - set(set_apart))
    assert run("check", content=content).returncode == 0


def test_import_with_a_missing_title_writes_nothing(tmp_path):
    site = make_site(tmp_path)
    raw = tmp_path / "raw.txt"
    raw.write_text(seed(SEED_ISSUE), encoding="utf-8")
    manifest = tmp_path / "manifest.yml"
    manifest.write_text(MANIFEST.replace("li-weirong", "li-weirong-2") + '  - {title: "没有这篇文章", section: 工作简讯, page: 60, slug: meiyou}\n', encoding="utf-8")
    result = run("import", str(raw), str(manifest), content=site.content)
    assert result.returncode == 1 and "找不到起始标题“没有这篇文章”" in result.stderr and "没有写入任何文件" in result.stderr
    assert not (site.content / "issues/2023-02/wang-jiaze.md").exists()
    for bad_raw in (tmp_path / "none.txt", tmp_path):
        result = run("import", str(bad_raw), str(manifest), content=site.content)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    traversal = tmp_path / "evil.yml"
    traversal.write_text(MANIFEST.replace('"2023-02"', '"../../x"'), encoding="utf-8")
    result = run("import", str(raw), str(traversal), content=site.content)
    assert result.returncode == 1 and "应写作 年份-两位期次" in result.stderr


def test_new_force_replaces_as_the_exists_message_suggests(tmp_path):
    site = make_site(tmp_path)
    args = ["new", "--title", "北京快讯", "--section", "地方动态", "--date", "2023-11-01"]
    assert run(*args, content=site.content).returncode == 0
    path = site.content / "news/beijing-kuaixun.md"
    path.write_text(path.read_text(encoding="utf-8") + "编辑写的正文\n", encoding="utf-8")
    again = run(*args, content=site.content)
    assert again.returncode == 1 and "确需替换请加 --force" in again.stderr and "编辑写的正文" in path.read_text(encoding="utf-8")
    forced = run(*args, "--author", "杜佳伟", "--force", content=site.content)
    assert forced.returncode == 0, forced.stderr
    text = path.read_text(encoding="utf-8")
    assert "编辑写的正文" not in text and "authors: [杜佳伟]" in text
    assert not list(path.parent.glob(".*.tmp"))


def test_new_person_and_org_are_checked_like_the_build(tmp_path):
    site = make_site(tmp_path)
    base = ["new", "--section", "创新达人", "--issue", "2023-02", "--page", "44"]
    # names, short names and slugs; repeated or separated by 、 or commas; each written once, by its registry name
    made = run(*base, "--title", "创新故事", "--person", "李卫荣", "--person", "li-weirong", "--org", "天津市科协、zhongguo-kexie,中国科学技术协会",
               content=site.content)
    assert made.returncode == 0, made.stderr
    text = (site.content / "issues/2023-02/chuangxin-gushi.md").read_text(encoding="utf-8")
    assert "person: [李卫荣]" in text and "org: [天津市科学技术协会, 中国科学技术协会]" in text
    assert run("check", content=site.content).returncode == 0
    wrong = run(*base, "--title", "另一篇", "--person", "李伟荣", "--org", "天津科协", content=site.content)
    assert wrong.returncode == 1 and "已创建" not in wrong.stdout
    # the words the build uses for the same mistake in front matter
    assert "选项 --person “李伟荣”不在 _data/people.yml 里；是否想写“李卫荣”？（请先在那里添加）" in wrong.stderr
    assert "选项 --org “天津科协”不在 _data/orgs.yml 里；是否想写" in wrong.stderr
    assert not (site.content / "issues/2023-02/ling-yi-pian.md").exists()


def test_new_spells_a_registered_name_in_the_file_name_as_its_slug(tmp_path):
    site = make_site(tmp_path)
    people = site.content / "_data/people.yml"
    people.write_text(people.read_text(encoding="utf-8") + "- {name: 王家泽, slug: wang-jiaze}\n- {name: 时宝琦}\n", encoding="utf-8")
    cases = [("李卫荣：争当医用镁合金技术开发与产业化的排头兵", "li-weirong-"),  # pinyin by words alone: liweirong-…
             ("王家泽：突破技术难题，助力企业发展", "wang-jiaze-"),  # … wangjia-ze-…
             ("天津能源集团科协副主席时宝琦谈创新", "-shi-baoqi-tan-"),  # … shibaoqitan (a name run into the next word)
             ("专访李卫荣", "zhuanfang-li-weirong")]
    for n, (title, part) in enumerate(cases):
        made = run("new", "--title", title, "--section", "创新达人", "--issue", "2023-02", "--page", str(60 + n), content=site.content)
        assert made.returncode == 0, made.stderr
        assert part in made.stdout.split("已创建：")[1], (title, made.stdout)


def test_help_is_chinese_and_the_readme_examples_run(tmp_path):
    for command in ([], ["check"], ["new"], ["new-issue"], ["import"], ["ids"], ["qr"], ["wechat"]):
        helped = run(*command, "-h")
        assert helped.returncode == 0 and helped.stdout.startswith("用法：kexie")
        for line in helped.stdout.splitlines()[1:]:
            words = re.sub(r"--?[a-z-]+|\{[a-z,]+\}|\b(?:kexie|content|github|gitlab|slug|issue|articles|title|section|page|start|end|"
                           r"people|orgs|yml|issues|issue\.yml|YAML|CI|JSON|error|id|check|new|new-issue|import|status|git|"
                           r"ids|wechat|link_id|SVG|PNG|JPEG|HTML|ZIP|dpi|px|li-weirong\.md|target|out)\b", "", line)
            assert not re.search(r"[A-Za-z]{3,}", words), (command, line)
    # the README's examples, as written there, on a copy of the real content
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"^\.venv/bin/python scripts/editor\.py (new .*?)\s*(?:#.*)?$", readme, re.M)
    assert len(examples) >= 3, examples
    for example in examples:
        args = [a.strip('"') for a in re.findall(r'"[^"]*"|\S+', example)]
        result = run(*args, content=content)
        assert result.returncode == 0, (example, result.stderr)
    assert (content / "issues/2023-02/li-weirong-tan-chuangxin.md").is_file()
    assert run("check", content=content).returncode == 0


def test_an_issue_id_written_short_is_named_not_sent_to_new_issue(tmp_path):
    """`--issue 2023-3`: say how an id is written, rather than advise a new-issue 2023-3 that is refused."""
    site = make_site(tmp_path)
    short = run("new", "--title", "测试", "--section", "创新达人", "--issue", "2023-3", "--page", "4", content=site.content)
    assert short.returncode == 1 and "应写作 年份-两位期次" in short.stderr and "new-issue" not in short.stderr
    missing = run("new", "--title", "测试", "--section", "创新达人", "--issue", "2031-04", "--page", "4", content=site.content)
    assert missing.returncode == 1 and "new-issue 2031-04" in missing.stderr
