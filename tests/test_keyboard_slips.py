"""Slips a Chinese keyboard makes in front matter, issue.yml and the registries.

Each slip is reported at the line where it is typed, with the field and advice
that name what was typed and how to write it; values YAML would retype
(title: 3.10 → 3.1) are kept as the editor wrote them where a text is expected.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest

from kexie.core.catalog import load_catalog
from kexie.core.checks import check_site
from kexie.core.problems import ContentError
from sitekit import REPO, build_in_process, issue_yml, make_site

A = "issues/2023-02/bad.md"
N = "news/bad.md"
ISSUE = "issues/2023-02/issue.yml"
PEOPLE, ORGS, SECTIONS = "_data/people.yml", "_data/orgs.yml", "_data/sections.yml"


def fm(*rows: str) -> str:
    """An article whose front matter rows are ``rows``: rows[0] is on line 2."""
    return "---\n" + "\n".join(rows) + "\n---\n\n正文。\n"


def masthead(*rows: str) -> str:
    """issue.yml with ``rows`` as its masthead; rows[0] is on line 9."""
    return issue_yml().split("masthead:")[0] + "masthead:\n" + "\n".join(rows) + "\n"


PERSON_ROWS = "- name: 李卫荣\n  org: 天津市科学技术协会\n  roles: [创新达人]\n"  # lines 1-3 of people.yml


@dataclass
class Slip:
    name: str
    files: dict[str, str]
    path: str
    line: int
    field: str | None
    words: tuple[str, ...]  # phrases of the message: what was typed, the advice


SLIPS = [
    # -- full-width colon after a field name ------------------------------------------------------
    Slip("colon glued to the value", {A: fm("title：李卫荣", "section: 卷首语", "page: 2")}, A, 2, "title", ("中文冒号“：”", "title：李卫荣", "请改成：title: 李卫荣")),
    Slip("colon then a space", {A: fm("title: 文", "section: 卷首语", "page： 42")}, A, 4, "page", ("中文冒号", "page： 42", "page: 42")),
    Slip("colon on the last row", {A: fm("title: 文", "section: 卷首语", "page：42")}, A, 4, "page", ("中文冒号", "page: 42")),
    Slip("colon after a space", {A: fm("title ：李卫荣", "section: 卷首语", "page: 2")}, A, 2, "title", ("中文冒号", "title: 李卫荣")),
    Slip("colon before an English one", {A: fm("title：创新: 发展", "section: 卷首语", "page: 2")}, A, 2, "title", ("中文冒号", "title: 创新: 发展")),
    Slip("colon in a one-row front matter", {A: fm("title：李卫荣")}, A, 2, "title", ("中文冒号",)),
    Slip("colon ending a list's key", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors：", "  - 张婷")}, A, 5, "authors", ("中文冒号", "authors:")),
    Slip("colon in a registry entry", {PEOPLE: "- name：李卫荣\n  org: 天津市科学技术协会\n"}, PEOPLE, 1, "name", ("中文冒号", "- name: 李卫荣")),
    Slip("colon in a later registry entry", {PEOPLE: PERSON_ROWS + "- name：王冰\n"}, PEOPLE, 4, "name", ("中文冒号", "- name: 王冰")),
    Slip("colon in a masthead entry", {ISSUE: masthead("  - role：主编", "    names: [陈 剑]")}, ISSUE, 9, "role", ("中文冒号", "- role: 主编")),
    Slip("colon in a masthead { } entry", {ISSUE: masthead("  - {role：主编, names: [陈 剑]}")}, ISSUE, 9, "role", ("中文冒号", "role: 主编")),
    Slip("colon in a section kind", {SECTIONS: "- name: 卷首语\n  kind：magazine\n- name: 创新达人\n- name: 工作简讯\n- name: 封面\n  kind: cover\n- name: 地方动态\n  kind: hub\n"},
         SECTIONS, 2, "kind", ("中文冒号", "kind: magazine")),
    Slip("colon in a hub item's date", {N: fm("title: 快讯", "section: 地方动态", "date：2023-10-01")}, N, 4, "date", ("中文冒号", "date: 2023-10-01")),
    # -- full-width space: as indentation, beside the colon -------------------------------------------
    Slip("space after the colon", {A: fm("title:　李卫荣", "section: 卷首语", "page: 2")}, A, 2, "title", ("全角空格", "title:　李卫荣", "title: 李卫荣")),
    Slip("space after the colon, one row", {A: fm("title:　李卫荣")}, A, 2, "title", ("全角空格",)),
    Slip("space before the colon", {A: fm("title: 文", "section　: 卷首语", "page: 2")}, A, 3, "section", ("全角空格", "section: 卷首语")),
    Slip("key indented full-width", {A: fm("title: 文", "　section: 卷首语", "page: 2")}, A, 3, "section", ("1 个全角空格", "缩进", "半角空格")),
    Slip("list item indented full-width", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors:", "　- 张婷")}, A, 6, "authors", ("全角空格", "缩进")),
    Slip("list item indented half and full", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors:", "  　- 张婷", "  　- 李四")}, A, 6, "authors", ("全角空格",)),
    Slip("masthead key indented full-width", {ISSUE: masthead("  - role: 主编", "　　names: [陈 剑]")}, ISSUE, 10, "names", ("2 个全角空格",)),
    Slip("space after a registry colon", {ORGS: "- name:　天津市科学技术协会\n  slug: tianjin-kexie\n"}, ORGS, 1, "name", ("全角空格", "- name: 天津市科学技术协会")),
    # -- ASCII colon with no space after it (the same class: the key is read as text) ---------------------
    Slip("no space after the colon", {A: fm("title: 文", "section:卷首语", "page: 2")}, A, 3, "section", ("少了空格", "section: 卷首语")),
    # -- Chinese quotes where a quote can never be part of the value -----------------------------------
    Slip("quoted section", {A: fm("title: 文", "section: “卷首语”", "page: 2")}, A, 3, "section", ("中文引号", "section: 卷首语")),
    Slip("quoted page", {A: fm("title: 文", "section: 卷首语", "page: “42”")}, A, 4, "page", ("中文引号", "page: 42")),
    Slip("quoted issue id", {A: fm("title: 文", "section: 卷首语", "page: 2", "issue: ‘2023-02’")}, A, 5, "issue", ("中文引号", "issue: 2023-02")),
    Slip("full-width quoted author", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors: [＂张婷＂]")}, A, 5, "authors", ("中文引号", "＂张婷＂")),
    Slip("quoted person in a block list", {A: fm("title: 文", "section: 卷首语", "page: 2", "person:", "  - 李卫荣", "  - “王冰”")}, A, 7, "person", ("中文引号",)),
    Slip("quoted print date", {ISSUE: issue_yml(print_date="“2023-04-30”")}, ISSUE, 7, "print_date", ("中文引号", "print_date: 2023-04-30")),
    Slip("quoted region", {ORGS: "- name: 天津市科学技术协会\n  slug: tianjin-kexie\n  region: 「天津」\n"}, ORGS, 3, "region", ("中文引号", "region: 天津")),
    Slip("Chinese quotes hiding a colon", {A: fm("title: “创新: 发展”", "section: 卷首语", "page: 2")}, A, 2, "title", ("中文引号", 'title: "创新: 发展"')),
    # -- Chinese commas in a [ ] list -------------------------------------------------------------------
    Slip("comma in a list", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors: [张婷，李四]")}, A, 5, "authors", ("中文“，”", "英文逗号", "authors: [张婷, 李四]")),
    Slip("dunhao in a list", {A: fm("title: 文", "section: 卷首语", "page: 2", "person: [李卫荣、王冰]")}, A, 5, "person", ("中文“、”", "person: [李卫荣, 王冰]")),
    Slip("comma after a good one", {A: fm("title: 文", "section: 卷首语", "page: 2", "org: [天津市科协, 中国科协，天津科协]")}, A, 5, "org",
         ("中文“，”", "org: [天津市科协, 中国科协, 天津科协]")),
    Slip("comma in masthead names", {ISSUE: masthead("  - role: 主编", "    names: [陈 剑，李 明]")}, ISSUE, 10, "names", ("中文“，”", "names: [陈 剑, 李 明]")),
    Slip("comma in a { } entry", {ISSUE: masthead("  - {role: 主编，names: [陈 剑]}")}, ISSUE, 9, "masthead", ("中文“，”", "{role: 主编, names: [陈 剑]}")),
    Slip("comma in registry roles", {PEOPLE: "- name: 李卫荣\n  roles: [创新达人，科技工作者]\n"}, PEOPLE, 2, "roles", ("中文“，”", "roles: [创新达人, 科技工作者]")),
    Slip("names joined in a block list", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors:", "  - 王冰", "  - 张婷、李四")}, A, 7, "authors",
         ("张婷、李四", "每个名字单独一项", "authors: [王冰, 张婷, 李四]")),
    Slip("names joined without a list", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors: 张婷，李四")}, A, 5, "authors", ("张婷，李四", "authors: [张婷, 李四]")),
    # -- full-width brackets for a list -----------------------------------------------------------------
    Slip("lenticular brackets", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors: 【张婷, 李四】")}, A, 5, "authors", ("全角括号 【】", "authors: [张婷, 李四]")),
    Slip("full-width square brackets", {A: fm("title: 文", "section: 卷首语", "page: 2", "person: ［李卫荣，王冰］")}, A, 5, "person", ("全角括号 ［］", "person: [李卫荣, 王冰]")),
    Slip("one name in brackets", {A: fm("title: 文", "section: 卷首语", "page: 2", "org: 【天津市科协】")}, A, 5, "org", ("全角括号", "org: [天津市科协]")),
    Slip("closing bracket full-width", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors: [张婷, 李四】")}, A, 5, "authors", ("全角括号 】", "authors: [张婷, 李四]")),
    Slip("opening bracket full-width", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors: 【张婷, 李四]")}, A, 5, "authors", ("全角括号 【", "authors: [张婷, 李四]")),
    Slip("brackets in masthead names", {ISSUE: masthead("  - role: 主编", "    names: 【陈 剑, 李 明】")}, ISSUE, 10, "names", ("全角括号", "names: [陈 剑, 李 明]")),
    # -- full-width dash or a dash for a list item ---------------------------------------------------------
    Slip("full-width hyphen items", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors:", "  － 张婷", "  － 李四")}, A, 6, "authors", ("全角的“－”", "- 张婷")),
    Slip("em dash item", {A: fm("title: 文", "section: 卷首语", "page: 2", "person:", "  — 李卫荣")}, A, 6, "person", ("“—”", "- 李卫荣")),
    Slip("dash items at the margin", {A: fm("title: 文", "section: 卷首语", "page: 2", "authors:", "－ 张婷", "－ 李四")}, A, 6, "authors", ("“－”", "- 张婷")),
    Slip("dash starting a registry entry", {PEOPLE: PERSON_ROWS + "－ name: 王冰\n  org: 天津市科学技术协会\n"}, PEOPLE, 4, "name", ("“－”", "- name: 王冰")),
    Slip("dash starting the first entry", {PEOPLE: "－ name: 李卫荣\n  org: 天津市科学技术协会\n"}, PEOPLE, 1, "name", ("“－”", "- name: 李卫荣")),
    Slip("en dash masthead entry", {ISSUE: masthead("  – role: 主编", "    names: [陈 剑]")}, ISSUE, 9, "role", ("“–”", "- role: 主编")),
    # -- full-width digits and letters (the input method's full-width mode) --------------------------------
    Slip("full-width page", {A: fm("title: 文", "section: 卷首语", "page: ４２")}, A, 4, "page", ("“４２”是全角字符", "page: 42")),
    Slip("full-width date", {N: fm("title: 快讯", "section: 地方动态", "date: ２０２３-１０-０１")}, N, 4, "date", ("全角", "date: 2023-10-01")),
    Slip("full-width issue id", {A: fm("title: 文", "section: 卷首语", "page: 2", "issue: \"２０２３-０２\"")}, A, 5, "issue", ("全角", "issue: 2023-02")),
    Slip("full-width year", {ISSUE: issue_yml(year="２０２３")}, ISSUE, 3, "year", ("全角", "year: 2023")),
    Slip("full-width key", {A: fm("ｐａｇｅ: 2", "title: 文", "section: 卷首语")}, A, 2, "ｐａｇｅ", ("全角", "page")),
    Slip("full-width section kind", {SECTIONS: "- name: 卷首语\n  kind: ｍａｇａｚｉｎｅ\n- name: 创新达人\n- name: 工作简讯\n- name: 封面\n  kind: cover\n- name: 地方动态\n  kind: hub\n"},
         SECTIONS, 2, "kind", ("全角", "kind: magazine")),
    # -- full-width ＃ for a comment ------------------------------------------------------------------------
    Slip("comment row", {A: fm("title: 文", "＃ 待核对", "section: 卷首语", "page: 2")}, A, 3, None, ("全角的“＃”", "# 待核对")),
    Slip("comment on the last row", {A: fm("title: 文", "section: 卷首语", "page: 2", "＃ 待核对")}, A, 5, None, ("“＃”",)),
    Slip("comment after a value", {A: fm("title: 李卫荣 ＃ 待核对", "section: 卷首语", "page: 2")}, A, 2, "title", ("“＃”", "title: 李卫荣  # 待核对", "加英文引号")),
    Slip("comment in a registry", {PEOPLE: "＃ 创新达人\n" + PERSON_ROWS}, PEOPLE, 1, None, ("“＃”", "# 创新达人")),
    # -- the form's Chinese label typed as the field's name ----------------------------------------------
    Slip("a label for a name", {A: fm("title: 文", "section: 卷首语", "page: 2", "摘要: 一句话")}, A, 5, "摘要", ("“摘要”在文件里要写成英文字段名 summary",)),
    Slip("a label for a list", {A: fm("title: 文", "section: 卷首语", "page: 2", "更正:", "  - {date: 2023-05-02, note: 改正}")}, A, 5, "更正",
         ("“更正”在文件里要写成英文字段名 corrections", "corrections: …")),
    Slip("comment in issue.yml", {ISSUE: issue_yml().replace("theme: 测试主题", "theme: 测试主题　＃ 待定")}, ISSUE, 6, "theme", ("“＃”", "theme: 测试主题  # 待定")),
]

# An unquoted value YAML would read as another type stays the text the editor wrote.
AS_WRITTEN = ["3.10", "yes", "No", "on", "2023-10-01", "2023-10-01 12:00:00", "1e3", "1.5e3", "0x10", "0o17", "010", "12:15", "1_000", "+12", ".inf", "-.inf", ".nan", "42", "true"]


def problems_of(site) -> list:
    try:
        check_site(site.content)
    except ContentError as e:
        return e.problems
    return []


@pytest.mark.parametrize("case", SLIPS, ids=lambda c: c.name)
def test_slip_is_named_at_its_line(tmp_path, case: Slip):
    site = make_site(tmp_path)
    for rel, text in case.files.items():
        site.write(rel, text)
    mine = [p for p in problems_of(site) if p.path == case.path]
    here = [p for p in mine if (p.line, p.field) == (case.line, case.field)]
    assert here, [str(p) for p in mine]
    for words in case.words:
        assert words in str(here[0].message), (words, str(here[0]))
    assert not any("YAML 无法读取" in str(p) for p in mine)  # PyYAML's own complaint is replaced, not added


def test_every_slip_of_a_file_is_named():
    """Slips YAML reads without complaint are all listed at once, each at its line."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp))
        site.write(A, fm("title: 文 ＃ 待核对", "section: 卷首语", "page: 2", "authors: [张婷，李四]", "person:", "  － 李卫荣", "org: 天津市科协、中国科协"))
        mine = [(p.line, p.field) for p in problems_of(site) if p.path == A]
    assert mine == [(2, "title"), (5, "authors"), (7, "person"), (8, "org")]


@pytest.mark.parametrize("value", AS_WRITTEN)
def test_text_fields_keep_what_was_written(tmp_path, value):
    site = make_site(tmp_path)
    site.write(A, fm(f"title: {value}", "section: 卷首语", "page: 2", f"summary: {value}", f"authors: [{value}, 张婷]"))
    site.write(PEOPLE, f"- name: 李卫荣\n  region: {value}\n  title: {value}\n")
    site.write(ISSUE, issue_yml().replace("theme: 测试主题", f"theme: {value}"))
    catalog = load_catalog(site.content)
    article = next(a for a in catalog.articles if a.path == A)
    assert (article.title, article.summary, article.authors) == (value, value, [value, "张婷"])
    person = catalog.people[0]
    assert (person.region, person.title) == (value, value)
    assert catalog.issues[0].theme == value


@pytest.mark.parametrize("value", ["~", "null", "Null", ""])
def test_nothing_is_missing_not_the_word(tmp_path, value):
    site = make_site(tmp_path)
    site.write(A, fm(f"title: {value}", "section: 卷首语", "page: 2"))
    mine = [str(p) for p in problems_of(site) if p.path == A]
    assert mine == [f"{A} 第2行 title（标题）：缺少此项；应填写文字，例如 title: \"李卫荣：争当医用镁合金技术开发与产业化的排头兵\""]


@pytest.mark.parametrize("value, words", [
    ("0x10", "“0x10”"), ("1_000", "“1_000”"), ("+5", "“+5”"), ("4.0", "“4.0”"), ("12:15", "“12:15”"), ("yes", "“yes”"), ("2023-10-01", "“2023-10-01”"),
])
def test_numbers_are_digits_as_written(tmp_path, value, words):
    """page, order, year: YAML's other ways of writing a number are not a page number."""
    site = make_site(tmp_path)
    site.write(A, fm("title: 文", "section: 卷首语", f"page: {value}"))
    mine = [str(p) for p in problems_of(site) if p.path == A]
    assert len(mine) == 1 and "第4行 page（页码）" in mine[0] and words in mine[0] and "正整数" in mine[0], mine


@pytest.mark.parametrize("value, words", [("010", "“010”"), ("0x10", "“0x10”"), ("8", "数字 8"), ("8.0", "数字 8.0"), ("2023-02-01", "日期 2023-02-01")])
def test_ids_are_not_taken_as_written(tmp_path, value, words):
    """issue: an id YAML would retype is never quietly accepted (010 and 0x10 stay text and match no issue)."""
    site = make_site(tmp_path)
    site.write(A, fm("title: 文", "section: 卷首语", "page: 2", f"issue: {value}"))
    mine = [str(p) for p in problems_of(site) if p.path == A]
    assert mine and all("第5行 issue（期号）" in p for p in mine) and any(words in p for p in mine), mine


@pytest.mark.parametrize("title", ["“创新”", "‘创新’", "＂创新＂", "「创新」", "他说“创新”", "“双碳”行动", "【专题】创新", "【卷首语】", "第＃期", "＃科技强国＃ 话题",
                                   "创新：发展", "AI：赋能制造业", "甲，乙、丙；丁", "——摘自《企业科协》", "title：不是字段"])
def test_chinese_punctuation_in_text_is_kept(tmp_path, title):
    """Where the full-width mark is the editor's text, not a slip: nothing to report, the text as written."""
    site = make_site(tmp_path)
    written = f'"{title}"' if title.startswith("title") else title  # a key-like text needs quotes, as YAML always wanted
    site.write(A, fm(f"title: {written}", "section: 卷首语", "page: 2", f"summary: {written}", 'authors: ["张婷，李四"]'))
    assert [str(p) for p in problems_of(site)] == []
    article = next(a for a in load_catalog(site.content).articles if a.path == A)
    assert (article.title, article.summary, article.authors) == (title, title, ["张婷，李四"])


def test_block_text_is_not_structure(tmp_path):
    """Rows of a | text block are the editor's words even when they look like slips."""
    site = make_site(tmp_path)
    site.write(PEOPLE, "- name: 李卫荣\n  bio: |\n    　　title：李卫荣\n    — 摘自本刊\n    ＃ 不是注释\n  org: 天津市科学技术协会\n")
    assert [str(p) for p in problems_of(site)] == []
    assert "title：李卫荣\n— 摘自本刊\n＃ 不是注释" in load_catalog(site.content).people[0].bio


def test_check_command_and_build_agree(tmp_path):
    """The editor's `check` command names the slips; the real build publishes 3.10 as 3.10."""
    site = make_site(tmp_path)
    site.write("issues/2023-02/version.md", fm("title: 3.10", "section: 卷首语", "page: 3", "summary: yes"))
    site.write("issues/2023-02/quoted.md", fm("title: “创新”", "section: 卷首语", "page: 4"))
    ok, errors = build_in_process(site)
    assert ok, errors
    page = site.page("issues/2023-02/version")
    assert "<h1>3.10</h1>" in page and "<title>3.10 - " in page and '<meta property="og:title" content="3.10">' in page, page[:3000]
    assert 'content="yes"' in page and "True" not in page
    assert '<a href="version/">3.10</a>' in site.page("issues/2023-02")
    assert "<h1>“创新”</h1>" in site.page("issues/2023-02/quoted")

    site.write(A, fm("title：李卫荣", "section: 卷首语", "page: 2"))
    site.write(PEOPLE, PERSON_ROWS + "- name: 王冰\n  roles: [创新达人，科技工作者]\n")
    checked = subprocess.run([sys.executable, str(REPO / "scripts/editor.py"), "--content", str(site.content), "check"],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr
    assert f"{A} 第2行 title（标题）：字段名后面用了中文冒号“：”" in checked.stderr, checked.stderr
    assert f"{PEOPLE} 第5行 roles（身份）：列表的方括号（或花括号）里用中文“，”分隔" in checked.stderr, checked.stderr
