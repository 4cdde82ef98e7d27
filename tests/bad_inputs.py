"""The bad-input corpus: each case writes files into a small valid site and
names the message an editor must get (file, field, words)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitekit import article, issue_yml

GOOD = "issues/2023-02/li-weirong.md"


@dataclass
class Case:
    name: str
    files: dict[str, str | bytes]
    path: str  # the file the message must name
    words: list[str] = field(default_factory=list)  # all must appear in that file's message


A = "issues/2023-02/bad.md"
N = "news/bad.md"

CASES = [
    Case("broken yaml", {A: "---\ntitle: \"未闭合\nsection: 卷首语\n---\n正文\n"}, A, ["YAML cannot be read"]),
    Case("tab indentation", {A: "---\ntitle: 文章\nsection: 卷首语\nauthors:\n\t- 张婷\npage: 3\n---\n"}, A, ["tab", ":5"]),
    Case("page in words", {A: article(page="四十二")}, A, ["page", "四十二", "positive whole number"]),
    Case("page zero", {A: article(page=0)}, A, ["page", "positive whole number"]),
    Case("page negative", {A: article(page=-3)}, A, ["page", "positive whole number"]),
    Case("page as time", {A: "---\ntitle: 文章\nsection: 卷首语\npage: 12:15\n---\n"}, A, ["page"]),
    Case("missing page", {A: article(page=None)}, A, ["page: is missing"]),
    Case("unknown section", {A: article(section="创新达人x")}, A, ["section", "创新达人x", "创新达人"]),
    Case("unknown issue", {N: article(page=None, issue="2099-01", date="2023-01-01")}, N, ["issue", "2099-01", "not a known issue"]),
    Case("issue mismatch", {A: article(issue="2023-03")}, A, ["issue", "2023-03", "issues/2023-02/"]),
    Case("unknown person", {A: article(person=["李卫容"])}, A, ["person", "李卫容", "李卫荣"]),
    Case("unknown org", {A: article(org=["天津科协"])}, A, ["org", "天津科协", "天津市科协"]),
    Case("missing title", {A: "---\nsection: 卷首语\npage: 2\n---\n正文\n"}, A, ["title: is missing"]),
    Case("missing section", {A: "---\ntitle: 文章\npage: 2\n---\n正文\n"}, A, ["section: is missing"]),
    Case("hub item without date", {N: article(page=None)}, N, ["date: is missing"]),
    Case("bad date", {N: article(page=None, date="2023年10月1日")}, N, ["date", "YYYY-MM-DD"]),
    Case("empty file", {A: ""}, A, ["no front matter"]),
    Case("no closing front matter", {A: "---\ntitle: 文章\nsection: 卷首语\n"}, A, ["no closing"]),
    Case("front matter is a list", {A: "---\n- a\n- b\n---\n"}, A, ["no front matter"]),
    Case("non-utf8 bytes", {A: "---\ntitle: 文章\nsection: 卷首语\npage: 2\n---\n".encode("utf-8") + "正文".encode("gbk")}, A, ["not UTF-8"]),
    Case("gbk file", {A: article().encode("gbk")}, A, ["not UTF-8"]),
    Case("control character in title", {A: article(title="文章\x07标题")}, A, ["title", "U+0007"]),
    Case("control character in text", {A: article(body="第一段\n\n第二段\x0b结束\n")}, A, ["text", "U+000B"]),
    Case("title too long", {A: article(title="长" * 5000)}, A, ["title", "5000 characters"]),
    Case("slug with ../", {A: article(slug="../../etc")}, A, ["slug", "../../etc", "lowercase ASCII"]),
    Case("slug with capitals", {A: article(slug="Li Weirong")}, A, ["slug", "lowercase ASCII"]),
    Case("chinese file name", {"issues/2023-02/李卫荣.md": article()}, "issues/2023-02/李卫荣.md", ["slug", "not a web address word"]),
    Case("duplicate slug", {A: article(slug="juan-shou-yu")}, A, ["slug", "already used by issues/2023-02/juan-shou-yu.md"]),
    Case("yaml alias bomb", {A: "---\ntitle: 文章\nsection: 卷首语\npage: 2\na: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n"}, A, ["aliases"]),
    Case("10 MB article", {A: article(body="科" * (3_500_000))}, A, ["MB", "at most"]),
    Case("missing image", {A: article(body="![图](nope.png)\n")}, A, ["image", "nope.png", "does not exist"]),
    Case("unknown field", {A: article(sectoin="卷首语")}, A, ["sectoin", "not a field we know", "section"]),
    Case("authors wrong type", {A: article(authors={"a": 1})}, A, ["authors", "expected a list"]),
    Case("issue id as number", {A: article(issue=8)}, A, ["issue", "8 (a number)", "quotes"]),
    Case("two issues with one id", {"issues/2023-2/issue.yml": issue_yml("2023-02")}, "issues/2023-2/issue.yml", ["id", "2023-02", "issues/2023-2/"]),
    Case("issue folder without issue.yml", {"issues/2023-05/a.md": article()}, "issues/2023-05/issue.yml", ["is missing"]),
    Case("issue bad print date", {"issues/2023-03/issue.yml": issue_yml("2023-03", number=3, print_date="明天")}, "issues/2023-03/issue.yml", ["print_date", "YYYY-MM-DD"]),
    Case("generated page written by hand", {"people/li-weirong/index.md": article()}, "people/li-weirong/index.md", ["generated"]),
    Case("person slug collision", {"_data/people.yml": "- name: 李卫荣\n- name: 王冰\n- name: 王兵\n"}, "_data/people.yml", ["wang-bing", "already used by '王冰'", "explicit slug"]),
    Case("unknown section kind", {"_data/sections.yml": "- name: 卷首语\n  kind: 杂志\n- name: 创新达人\n- name: 工作简讯\n- name: 封面\n  kind: cover\n- name: 地方动态\n  kind: hub\n"},
         "_data/sections.yml", ["kind", "杂志", "magazine"]),
]
