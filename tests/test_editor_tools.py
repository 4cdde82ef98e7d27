"""scripts/editor.py: check, new, new-issue and import, run as an editor runs them."""

from __future__ import annotations

import subprocess
import sys

from sitekit import REPO, make_site
from test_seed_content import SEED_ISSUE, norm, seed

TOOL = [sys.executable, str(REPO / "scripts" / "editor.py")]


def run(*args: str, content=None) -> subprocess.CompletedProcess:
    extra = ["--content", str(content)] if content else []
    return subprocess.run([*TOOL, *extra, *args], capture_output=True, text=True, cwd=REPO, timeout=120)


def test_check_passes_on_the_seed_content():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "32 篇文章" in result.stdout


def test_check_lists_every_problem_and_exits_1(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-02/a.md", "---\ntitle: 文\nsection: 无此栏目\npage: 2\n---\n")
    site.write("issues/2023-02/b.md", "---\ntitle: 文\nsection: 卷首语\npage: 四十二\n---\n")
    result = run("check", content=site.content)
    assert result.returncode == 1
    assert "issues/2023-02/a.md:3: section: '无此栏目' is not a known section" in result.stderr
    assert "issues/2023-02/b.md:4: page: found '四十二'" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_article_and_issue_validate(tmp_path):
    site = make_site(tmp_path)
    assert run("new-issue", "2023-03", "--total", "316", "--print-date", "2023-06-30", "--theme", "新主题", content=site.content).returncode == 0
    made = run("new", "--title", "新的创新达人", "--section", "创新达人", "--issue", "2023-03", "--page", "42", "--author", "张婷", content=site.content)
    assert made.returncode == 0, made.stderr
    created = made.stdout.split("(created): ")[1].strip()
    assert created.startswith(str(site.content / "issues/2023-03/")) and created.endswith(".md")
    assert "section: 创新达人" in open(created, encoding="utf-8").read()
    hub = run("new", "--title", "北京快讯", "--section", "地方动态", "--date", "2023-11-01", content=site.content)
    assert hub.returncode == 0, hub.stderr
    assert run("check", content=site.content).returncode == 0
    again = run("new", "--title", "北京快讯", "--section", "地方动态", "--date", "2023-11-01", content=site.content)
    assert again.returncode == 1 and "not overwritten" in again.stderr
    wrong = run("new", "--title", "文", "--section", "创新达人x", "--issue", "2023-03", content=site.content)
    assert wrong.returncode == 1 and "创新达人" in wrong.stderr


MANIFEST = """\
issue: "2023-02"
articles:
  - {title: "李卫荣：争当医用镁合金技术开发与产业化的排头兵", section: 创新达人, page: 42, slug: li-weirong, person: [李卫荣]}
  - {title: "王家泽：突破技术难题，助力企业发展", section: 创新达人, page: 44, slug: wang-jiaze}
  - {title: "中交科协女科技工作者之家成立", section: 工作简讯, page: 52, order: 1, slug: zhongjiao}
  - {title: "山东省地方标准《企业科学技术协会工作指南》发布", section: 工作简讯, page: 52, order: 2, slug: shandong}
"""


def test_import_a_raw_issue(tmp_path):
    site = make_site(tmp_path)
    (site.content / "issues/2023-02/li-weirong.md").unlink()
    raw = tmp_path / "raw.txt"
    raw.write_text(seed(SEED_ISSUE), encoding="utf-8")
    manifest = tmp_path / "manifest.yml"
    manifest.write_text(MANIFEST, encoding="utf-8")
    result = run("import", str(raw), str(manifest), content=site.content)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("已创建") == 4
    li = (site.content / "issues/2023-02/li-weirong.md").read_text(encoding="utf-8")
    assert "authors: [张婷]" in li and "page: 42" in li
    # a paragraph the print layout broke across columns comes out joined
    assert norm("被评为 2022 年广东省企业“创新达人”后，李卫荣在自豪之余也充满感慨") in norm(li)
    assert "王家泽" not in li.split("---")[-1][-200:]  # stops where the next article starts
    assert run("check", content=site.content).returncode == 0
    again = run("import", str(raw), str(manifest), content=site.content)
    assert again.returncode == 1 and "not overwritten" in again.stderr
    assert run("import", str(raw), str(manifest), "--force", content=site.content).returncode == 0
