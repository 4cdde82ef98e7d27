"""The bad-input corpus: what careless and hostile editors write.

Each case changes a small valid site (``sitekit.make_site``) and says what
must happen, by class (issue 13):

- a problem: ``path`` names the file the message must name, ``words`` must
  all appear in one of its messages (Chinese, file 第N行 field（label）…);
- a safe acceptance (``path`` None): the build succeeds and ``safe`` checks
  the built site (nothing live published, nothing dropped).

``setup`` makes what plain file text cannot: symbolic links, folders named
like articles, pipes.  ``outside`` is a folder next to content/ holding
files an editor's link could point at.
"""

from __future__ import annotations

import html
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sitekit import ORGS, article, issue_yml

GOOD = "issues/2023-02/li-weirong.md"
A = "issues/2023-02/bad.md"
N = "news/bad.md"
ISSUE = "issues/2023-02/issue.yml"
NEXT = "issues/2023-03/issue.yml"
PEOPLE, ORGS_YML = "_data/people.yml", "_data/orgs.yml"
EVIL = "kxevil"  # in every hostile payload; must never be live in the built site
# a whole 1×1 PNG (a cut-short one would now warn: its page would show it full size)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082")


@dataclass
class Case:
    name: str
    kind: str  # the class of issue 13 this case belongs to
    files: dict[str, str | bytes | None]  # None deletes the file
    path: str | None = None  # the file the message must name; None = safe acceptance
    words: list[str] = field(default_factory=list)
    setup: Callable[[Path, Path], None] | None = None  # (content, outside) → None
    safe: Callable[[Path], None] | None = None  # checks the built site of an accepted case


def photo(width: int, height: int, fmt: str = "JPEG", orientation: int | None = None) -> bytes:
    """A real image file of this size (EXIF orientation 6 turns it a quarter)."""
    from PIL import Image
    out = io.BytesIO()
    extra = {}
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        extra["exif"] = exif.tobytes()
    Image.new("RGB", (width, height), (183, 28, 28)).save(out, fmt, **extra)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims this size: its header, and almost no pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def published_as_is(rel: str, data: bytes) -> Callable:
    def check(site: Path) -> None:
        assert (site / rel).read_bytes() == data, f"{rel} not published as it is"
    return check


# -- setups ----------------------------------------------------------------
def symlink(rel: str, target: str) -> Callable:
    """A link at content/rel to ``target``: 'outside/…' (next to content/), or absolute."""
    def make(content: Path, outside: Path) -> None:
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        to = outside / target.removeprefix("outside/") if target.startswith("outside/") else Path(target)
        os.symlink(to, path)
    return make


def folder(rel: str, with_file: bool = False) -> Callable:
    def make(content: Path, outside: Path) -> None:
        (content / rel).mkdir(parents=True)
        if with_file:
            (content / rel / "note.txt").write_text("说明", encoding="utf-8")
    return make


def fifo(rel: str) -> Callable:
    def make(content: Path, outside: Path) -> None:
        os.mkfifo(content / rel)
    return make


# -- checks of accepted cases ------------------------------------------------
def nothing_live(*kept: str, url: str = "issues/2023-02/bad") -> Callable:
    """No EVIL payload is live anywhere (pages, feeds, search); the words in ``kept`` survive on ``url`` and in the feed."""
    def check(site: Path) -> None:
        from safety import live_payloads
        assert live_payloads(site, EVIL) == [], live_payloads(site, EVIL)
        page = (site / url / "index.html").read_text(encoding="utf-8")
        feed = html.unescape((site / "feed.xml").read_text(encoding="utf-8"))  # the HTML a feed reader renders
        for word in kept:
            assert word in page, f"{word!r} dropped from /{url}/"
            if url.startswith(("issues/2023-02/bad", "news/bad")):
                assert word in feed, f"{word!r} dropped from feed.xml"
    return check


def page_has(url: str, *words: str) -> Callable:
    def check(site: Path) -> None:
        page = (site / url / "index.html").read_text(encoding="utf-8")
        for word in words:
            assert word in page, f"{word!r} missing from /{url}/"
    return check


def all_of(*checks: Callable) -> Callable:
    def check(site: Path) -> None:
        for c in checks:
            c(site)
    return check


def body(text: str, **extra) -> str:
    return article("坏文章", "卷首语", 3, body=text, **extra)


def news(**extra) -> str:
    return article("快讯", "地方动态", None, **extra)


def orgs(*extra: dict) -> str:
    import yaml
    return yaml.safe_dump(ORGS + list(extra), allow_unicode=True, sort_keys=False)


def next_issue(**kw) -> str:
    return issue_yml(**{"issue_id": "2023-03", "number": 3, "total": 316, "print_date": "2023-06-30", **kw})


DEEP_LIST = "".join("  " * n + "- 层\n" for n in range(600))
DEEP_QUOTE = ">" * 600 + " 引用\n"
DEEP_YAML = "---\ntitle: 文章\nsection: 卷首语\npage: 2\ntags: " + "[" * 600 + "]" * 600 + "\n---\n"

CASES = [
    # == 1. live markup: sanitised, the rest of the text kept ====================
    Case("script in body", "markup", {A: body(f"保留的正文一。\n\n<script>{EVIL}()</script>\n")}, safe=nothing_live("保留的正文一")),
    Case("iframe in body", "markup", {A: body(f'保留的正文二。\n\n<iframe src="https://evil.example/{EVIL}"></iframe>\n')}, safe=nothing_live("保留的正文二")),
    Case("onerror through attr_list", "markup", {"issues/2023-02/pic.png": PNG, A: body(f'保留的正文三。\n\n![图](pic.png){{: onerror="{EVIL}()" }}\n')},
         safe=nothing_live("保留的正文三", "pic-1w.jpg")),  # the photo kept, as its phone version
    Case("javascript link", "markup", {A: body(f"保留的正文四：[点我](javascript:{EVIL}())\n")}, safe=nothing_live("保留的正文四", "点我")),
    Case("onclick in raw html", "markup", {A: body(f'<p onclick="{EVIL}()">保留的正文五</p>\n')}, safe=nothing_live("保留的正文五")),
    Case("handler on a paragraph via attr_list", "markup", {A: body(f'保留的正文六\n{{: onmouseover="{EVIL}()" }}\n')}, safe=nothing_live("保留的正文六")),
    Case("mixed-case javascript scheme", "markup", {A: body(f'<a href="JaVaScRiPt:{EVIL}()">保留的链接</a>\n')}, safe=nothing_live("保留的链接")),
    Case("svg onload", "markup", {A: body(f'保留的正文七\n\n<svg onload="{EVIL}()"><circle r="4"/></svg>\n')}, safe=nothing_live("保留的正文七")),
    Case("object embed form", "markup", {A: body(f'保留的正文八\n\n<object data="{EVIL}.swf"></object><embed src="{EVIL}.swf">'
                                                 f'<form action="https://evil.example/{EVIL}"><input name="a"></form>\n')}, safe=nothing_live("保留的正文八")),
    Case("data url image", "markup", {A: body(f'保留的正文九 <img src="data:text/html;base64,{EVIL}">\n')}, safe=nothing_live("保留的正文九")),
    Case("meta refresh", "markup", {A: body(f'<meta http-equiv="refresh" content="0;url=https://evil.example/{EVIL}">\n\n保留的正文十\n')}, safe=nothing_live("保留的正文十")),
    Case("script in a heading", "markup", {A: body(f"## 小标题<script>{EVIL}()</script>\n\n保留的正文十一\n")}, safe=nothing_live("保留的正文十一", "小标题")),
    Case("data url link", "markup", {A: body(f"保留的正文十二 [看](data:text/html,{EVIL})\n")}, safe=nothing_live("保留的正文十二")),
    Case("script in a person's bio", "markup", {PEOPLE: f"- name: 李卫荣\n  roles: [创新达人]\n  bio: \"保留的简介 <script>{EVIL}()</script>\"\n"},
         safe=nothing_live("保留的简介", url="people/li-weirong")),
    Case("img onerror in an org description", "markup",
         {ORGS_YML: orgs({"name": "坏机构", "slug": "huai", "description": f'保留的机构简介 <img src="x.png" onerror="{EVIL}()">'})},
         safe=nothing_live("保留的机构简介", url="orgs/huai")),
    Case("script in a summary", "markup", {N: news(date="2023-10-02", summary=f"<script>{EVIL}()</script>保留的摘要")},
         safe=nothing_live("保留的摘要", url="news/bad")),
    Case("html file beside the articles", "markup", {"issues/2023-02/x.html": f"<script>{EVIL}()</script>"}, "issues/2023-02/x.html", [".html 文件", "脚本"]),
    Case("script file in news", "markup", {"news/x.js": f"{EVIL}()"}, "news/x.js", [".js"]),
    Case("svg with a script", "markup", {"issues/2023-02/logo.svg": f'<svg xmlns="http://www.w3.org/2000/svg"><script>{EVIL}()</script></svg>'}, "issues/2023-02/logo.svg", ["SVG", "脚本"]),
    Case("svg with onload", "markup", {"news/logo.svg": f'<svg xmlns="http://www.w3.org/2000/svg" onload="{EVIL}()"/>'}, "news/logo.svg", ["SVG"]),
    Case("image with spaces and escapes", "check-build", {"issues/2023-02/a b.png": PNG, A: body("图一 ![图](<a b.png>) 图二 ![图](a%20b.png)\n")},
         safe=page_has("issues/2023-02/bad", "图一", "图二")),
    Case("date in year 9999", "traceback", {N: news(date="9999-12-31")}, N, ["date（日期）", "9999-12-31", "1900"]),
    Case("date in year 23", "traceback", {N: news(date="0023-10-01")}, N, ["date（日期）", "0023-10-01"]),
    Case("script in an org's region", "markup", {ORGS_YML: orgs({"name": "坏机构", "slug": "huai", "region": f"<script>{EVIL}()</script>"})}, ORGS_YML,
         ["region（地区）", "网页标记", "<script>"]),
    Case("tag in a title, shown as text", "markup", {A: article(title=f'标题<img src=x onerror="{EVIL}()">', authors=[f"<b onclick='{EVIL}()'>张婷</b>"])},
         safe=all_of(nothing_live("标题"), page_has("issues/2023-02/bad", "标题&lt;img src=x", "&lt;b onclick"))),
    Case("tag in an issue theme", "markup", {ISSUE: issue_yml().replace("测试主题", f"<script>{EVIL}()</script>")}, ISSUE, ["theme（本期关注）", "网页标记"]),
    Case("tag in a person's title", "markup", {PEOPLE: f"- name: 李卫荣\n  roles: [创新达人]\n  title: '<img src=x onerror={EVIL}()>'\n"}, PEOPLE, ["title（标题）", "网页标记"]),
    Case("quote-breaking photo path", "markup", {PEOPLE: f'- name: 李卫荣\n  roles: [创新达人]\n  photo: \'x.png" onerror="{EVIL}()\'\n'}, PEOPLE, ["photo（照片）", "不存在"]),
    Case("angle brackets as plain text", "markup", {A: article(title="A&B “引号” 1 < 2 > 0")}, safe=page_has("issues/2023-02/bad", "A&amp;B “引号” 1 &lt; 2 &gt; 0")),
    Case("figures and tables kept", "markup", {"issues/2023-02/pic.png": PNG, A: body(
        '<figure><img src="pic.png" alt="图一"><figcaption>保留的图注</figcaption></figure>\n\n| 左 | 右 |\n|:--|--:|\n| 保留的表格 | 2 |\n\n'
        "[邮件](mailto:a@example.cn) [站内](../li-weirong/) [外站](https://www.cast.org.cn/)\n")},
         safe=nothing_live("保留的图注", "<figcaption>", "<table>", "保留的表格", 'href="mailto:a@example.cn"', 'href="https://www.cast.org.cn/"', "text-align")),

    # == 2. files skipped or half-published =================================================
    Case("article saved as .MD", "skipped", {"issues/2023-02/wang.MD": article()}, "issues/2023-02/wang.MD", ["“.MD”", "wang.md"]),
    Case("article saved as .markdown", "skipped", {"issues/2023-02/wang.markdown": article()}, "issues/2023-02/wang.markdown", [".markdown", "wang.md"]),
    Case("news saved as .Markdown", "skipped", {"news/kuaixun.Markdown": news(date="2023-10-02")}, "news/kuaixun.Markdown", ["kuaixun.md"]),
    Case("article saved as .mdown", "skipped", {"issues/2023-02/a.mdown": article()}, "issues/2023-02/a.mdown", ["a.md"]),
    Case("article saved as .mkd", "skipped", {"news/b.mkd": news(date="2023-10-02")}, "news/b.mkd", ["b.md"]),
    Case("hidden article", "skipped", {"issues/2023-02/.secret.md": article()}, "issues/2023-02/.secret.md", ["隐藏文件"]),
    Case("article in a hidden folder", "skipped", {"news/.drafts/c.md": news(date="2023-10-02")}, "news/.drafts/c.md", ["隐藏文件"]),
    Case("title of full-width spaces", "skipped", {A: article(title="\u3000\u3000")}, A, ["title（标题）", "只有空白", "U+3000"]),
    Case("title of plain spaces", "skipped", {A: article(title="   ")}, A, ["title（标题）", "只有空白"]),
    Case("section of full-width spaces", "skipped", {A: article(section="\u3000")}, A, ["section（栏目）", "只有空白"]),
    Case("title of a zero-width space", "skipped", {A: article(title="\u200b")}, A, ["title（标题）", "U+200B"]),

    # == 3. generated pages overwrite content =============================================
    Case("news page 2 by hand", "generated", {"news/page/2.md": news(date="2023-10-02")}, "news/page/2.md", ["自动生成"]),
    Case("news page 3 index by hand", "generated", {"news/page/3/index.md": news(date="2023-10-02")}, "news/page/3/index.md", ["自动生成"]),
    Case("feed.xml by hand", "generated", {"feed.xml": "<rss/>"}, "feed.xml", ["/feed.xml", "覆盖"]),
    Case("atom.xml by hand", "generated", {"atom.xml": "<feed/>"}, "atom.xml", ["/atom.xml"]),
    Case("news.md by hand", "generated", {"news.md": "# 新闻\n"}, "news.md", ["/news/", "覆盖"]),
    Case("issues.md by hand", "generated", {"issues.md": "# 期刊\n"}, "issues.md", ["/issues/"]),
    Case("section feed by hand", "generated", {"sections/juan-shou-yu/feed.xml": "<rss/>"}, "sections/juan-shou-yu/feed.xml", ["feed.xml", "覆盖"]),
    Case("person atom by hand", "generated", {"people/li-weirong/atom.xml": "<feed/>"}, "people/li-weirong/atom.xml", ["atom.xml"]),
    Case("sitemap by hand", "generated", {"sitemap.xml": "<urlset/>"}, "sitemap.xml", ["sitemap.xml"]),
    Case("search index by hand", "generated", {"search/manifest.json": "{}"}, "search/manifest.json", ["/search/"]),
    Case("search page by hand", "generated", {"search.md": "# 搜索\n"}, "search.md", ["/search/"]),
    Case("404 page by hand", "generated", {"404.html": "<p>找不到</p>"}, "404.html", ["404.html"]),
    Case("issue page by hand", "generated", {"issues/2023-02/index.md": "# 本期\n"}, "issues/2023-02/index.md", ["自动生成"]),
    Case("person page by hand", "generated", {"people/li-weirong/index.md": article()}, "people/li-weirong/index.md", ["自动生成"]),
    Case("page and folder index on one address", "generated", {"about.md": "# 关于\n", "about/index.md": "# 关于二\n"}, "about.md", ["/about/", "about/index.md"]),

    # == 4. files from outside content/ ===============================================
    Case("article symlinked from outside", "outside", {}, "issues/2023-02/leak.md", ["content/ 以外"], setup=symlink("issues/2023-02/leak.md", "outside/secret.md")),
    Case("image symlinked from outside", "outside", {}, "issues/2023-02/leak.png", ["content/ 以外"], setup=symlink("issues/2023-02/leak.png", "outside/secret.txt")),
    Case("folder symlinked from outside", "outside", {}, "news/more", ["符号链接"], setup=symlink("news/more", "outside")),
    Case("system file symlinked", "outside", {}, "assets/hostname.txt", ["content/ 以外"], setup=symlink("assets/hostname.txt", "/etc/hostname")),
    Case("image path escaping content", "outside", {A: body("![图](../../../outside/secret.png)\n")}, A, ["image（图片）", "content/ 以外"]),
    Case("site-absolute image escaping content", "outside", {A: body("![图](/../../etc/hostname)\n")}, A, ["image（图片）", "content/ 以外"]),
    Case("link escaping content", "outside", {A: body("[密](../../../../outside/secret.md)\n")}, A, ["link（链接）", "content/ 以外"]),
    Case("cover symlinked from outside", "outside", {ISSUE: issue_yml() + "cover: c.png\n"}, ISSUE, ["cover（封面图）", "c.png"],
         setup=symlink("issues/2023-02/c.png", "outside/secret.txt")),
    Case("image symlinked inside content", "outside", {A: body("图片保留 ![图](alias.png)\n"), "issues/2023-02/pic.png": PNG}, safe=page_has("issues/2023-02/bad", "alias-1w.jpg", "图片保留"),
         setup=symlink("issues/2023-02/alias.png", str(Path("pic.png")))),

    # == 5. what used to end in a traceback ===============================================
    Case("impossible news date", "traceback", {N: news(date="2023-02-30")}, N, ["date（日期）", "2023-02-30", "不是真实存在的日期"]),
    Case("impossible print date", "traceback", {ISSUE: issue_yml(print_date="2023-02-30")}, ISSUE, ["print_date（印刷日期）", "2023-02-30"]),
    Case("29 February of a common year", "traceback", {N: news(date="2023-02-29")}, N, ["date（日期）", "2023-02-29"]),
    Case("month 13", "traceback", {N: news(date="2023-13-01")}, N, ["date（日期）", "2023-13-01"]),
    Case("impossible time", "traceback", {N: "---\ntitle: 快讯\nsection: 地方动态\ndate: 2023-10-01 25:61:00\n---\n"}, N, ["date（日期）", "不是真实存在的日期"]),
    Case("list nested 600 deep", "traceback", {A: body(DEEP_LIST)}, A, ["text（正文）", "嵌套"]),
    Case("quote nested 600 deep", "traceback", {A: body(DEEP_QUOTE)}, A, ["text（正文）", "嵌套"]),
    Case("markers nested on one line", "traceback", {A: body("- " * 600 + "深\n")}, A, ["text（正文）", "嵌套"]),
    Case("YAML nested 600 deep", "traceback", {A: DEEP_YAML}, A, ["嵌套超过"]),
    Case("YAML nested in the home page", "traceback", {"index.md": DEEP_YAML + "首页\n"}, "index.md", ["嵌套超过"]),
    Case("python tag in front matter", "traceback", {A: "---\ntitle: !!python/object:os.system x\nsection: 卷首语\npage: 2\n---\n"}, A, ["值无法读取"]),
    Case("folder named like an article", "traceback", {}, "issues/2023-02/x.md", ["文件夹"], setup=folder("issues/2023-02/x.md")),
    Case("folder named like news, with a file", "traceback", {}, "news/y.md", ["文件夹"], setup=folder("news/y.md", with_file=True)),
    Case("named pipe as an article", "traceback", {}, "news/pipe.md", ["不是普通文件"], setup=fifo("news/pipe.md")),
    Case("dangling symlink article", "traceback", {}, "issues/2023-02/gone.md", ["失效的符号链接"], setup=symlink("issues/2023-02/gone.md", "/nonexistent/gone.md")),
    Case("dangling symlink image", "traceback", {}, "news/gone.png", ["失效的符号链接"], setup=symlink("news/gone.png", "outside/none.png")),
    Case("page written as a huge float", "traceback", {A: article(page="1e400")}, A, ["page（页码）", "正整数"]),

    # == 6. contradictions ====================================================================
    Case("person written twice", "contradiction", {A: "---\ntitle: 文章\nsection: 卷首语\npage: 2\nperson: [李卫荣]\nperson: [王冰]\n---\n"}, A, ["第6行", "person（人物）", "写了两次", "第5行"]),
    Case("title written twice", "contradiction", {A: "---\ntitle: 一\ntitle: 二\nsection: 卷首语\npage: 2\n---\n"}, A, ["title（标题）", "写了两次"]),
    Case("issue number written twice", "contradiction", {ISSUE: issue_yml() + "number: 3\n"}, ISSUE, ["number（期次）", "写了两次"]),
    Case("person entry with two bios", "contradiction", {PEOPLE: "- name: 李卫荣\n  bio: 甲\n  bio: 乙\n"}, PEOPLE, ["第3行", "bio（人物简介）", "写了两次"]),
    Case("two orgs, one short name", "contradiction", {ORGS_YML: orgs({"name": "天津市科学技术馆", "short": "天津市科协", "slug": "tj-kjg"})}, ORGS_YML,
         ["short（简称）", "天津市科协", "天津市科学技术协会"]),
    Case("short name equal to another org's name", "contradiction", {ORGS_YML: orgs({"name": "某协会", "short": "中国科学技术协会", "slug": "mou"})}, ORGS_YML,
         ["short（简称）", "中国科学技术协会"]),
    Case("two orgs, one slug", "contradiction", {ORGS_YML: orgs({"name": "天津科技馆", "slug": "tianjin-kexie"})}, ORGS_YML, ["slug（网址名）", "tianjin-kexie"]),
    Case("parent cycle of two", "contradiction", {ORGS_YML: orgs({"name": "甲会", "slug": "jia", "parent": "乙会"}, {"name": "乙会", "slug": "yi", "parent": "甲会"})}, ORGS_YML,
         ["parent（上级机构）", "绕成了一个圈", "甲会"]),
    Case("org its own parent", "contradiction", {ORGS_YML: orgs({"name": "甲会", "slug": "jia", "parent": "jia"})}, ORGS_YML, ["parent（上级机构）", "绕成了一个圈"]),
    Case("parent cycle of three", "contradiction", {ORGS_YML: orgs({"name": "甲会", "slug": "jia", "parent": "乙会"}, {"name": "乙会", "slug": "yi", "parent": "丙会"},
                                                               {"name": "丙会", "slug": "bing", "parent": "甲会"})}, ORGS_YML, ["绕成了一个圈", "丙会"]),
    Case("number disagrees with the folder", "contradiction", {NEXT: next_issue(number=13)}, NEXT, ["number（期次）", "第13期", "number: 3"]),
    Case("year disagrees with the folder", "contradiction", {NEXT: next_issue(year=2022)}, NEXT, ["year（年份）", "2022", "year: 2023"]),
    Case("total goes backwards", "contradiction", {NEXT: next_issue(total=300)}, NEXT, ["total（总期号）", "总第300期", "总第315期"]),
    Case("total repeated", "contradiction", {NEXT: next_issue(total=315)}, NEXT, ["total（总期号）", "总第315期"]),
    Case("two folders for one issue", "contradiction", {"issues/2023-2/issue.yml": issue_yml("2023-2")}, "issues/2023-2/issue.yml", ["2023-2", "2023-02"]),
    Case("issue folder not year-number", "contradiction", {"issues/spring/issue.yml": issue_yml("spring", number=5, total=320, print_date="2023-12-30")}, "issues/spring/issue.yml", ["spring", "2023-05"]),
    Case("id disagrees with the folder", "contradiction", {"issues/2023-04/issue.yml": issue_yml("2023-02", number=4, total=317, print_date="2023-08-30")}, "issues/2023-04/issue.yml",
         ["id（期号）", "2023-04"]),
    Case("cover image missing", "contradiction", {ISSUE: issue_yml() + "cover: cover.jpg\n"}, ISSUE, ["cover（封面图）", "cover.jpg", "不存在"]),
    Case("cover escaping content", "contradiction", {ISSUE: issue_yml() + "cover: ../../../outside/secret.png\n"}, ISSUE, ["cover（封面图）"]),
    Case("issue printed before the one it follows", "contradiction", {NEXT: next_issue(print_date="2023-01-15")}, NEXT, ["print_date（印刷日期）", "2023-01-15", "早于前一期"]),
    Case("bidi override in a title", "contradiction", {A: article(title="文章\u202e标题")}, A, ["title（标题）", "U+202E"]),
    Case("zero-width space in a title", "contradiction", {A: article(title="李卫\u200b荣")}, A, ["title（标题）", "U+200B"]),
    Case("zero-width joiner in a person's name", "contradiction", {PEOPLE: "- name: 李卫荣\n- name: 王\u200d冰\n"}, PEOPLE, ["name（名称）", "U+200D"]),
    Case("bidi override in the text", "contradiction", {A: body("第一段\n\n第二段\u202e反向\n")}, A, ["text（正文）", "U+202E"]),
    Case("byte order mark inside a section", "contradiction", {A: article(section="卷首\ufeff语")}, A, ["section（栏目）", "U+FEFF"]),
    Case("NUL byte in a title", "contradiction", {A: "---\ntitle: 标题\x00坏\nsection: 卷首语\npage: 2\n---\n"}, A, ["第2行", "title（标题）", "U+0000"]),
    Case("NUL byte in issue.yml", "contradiction", {ISSUE: issue_yml().replace("测试主题", "测试\x00主题")}, ISSUE, ["第6行", "theme（本期关注）", "U+0000"]),
    Case("NUL byte in the text", "contradiction", {A: body("第一段\n\n第二\x00段\n")}, A, ["第9行", "text（正文）", "U+0000"]),

    # == 7. check = build: links and images the build would refuse =============================
    Case("link to a missing article", "check-build", {A: body("见[上期](../2023-01/nope.md)\n")}, A, ["link（链接）", "../2023-01/nope.md"]),
    Case("news link to a missing article", "check-build", {N: news(date="2023-10-02", body="见[原文](../issues/2023-02/nope.md)\n")}, N, ["link（链接）", "nope.md"]),
    Case("reference link to a missing article", "check-build", {A: body("见[上期][1]\n\n[1]: other.md\n")}, A, ["link（链接）", "other.md"]),
    Case("link to a missing pdf", "check-build", {A: body("下载[全文](files/full.pdf)\n")}, A, ["link（链接）", "files/full.pdf"]),
    Case("link to a registry file", "check-build", {A: body("见[名单](../../_data/people.yml)\n")}, A, ["link（链接）", "people.yml"]),
    Case("image escaping content", "check-build", {A: body("![图](../../../etc/x.png)\n")}, A, ["image（图片）", "content/ 以外"]),
    Case("home page link to a missing file", "check-build", {"index.md": "# 首页\n\n[关于](about.md)\n"}, "index.md", ["link（链接）", "about.md"]),
    Case("person photo missing", "check-build", {PEOPLE: "- name: 李卫荣\n  roles: [创新达人]\n  photo: assets/people/li.jpg\n"}, PEOPLE, ["第3行", "photo（照片）", "assets/people/li.jpg"]),
    Case("bio linking a missing article", "check-build", {PEOPLE: "- name: 李卫荣\n  roles: [创新达人]\n  bio: 见[报道](../../issues/2023-02/nope.md)\n"}, PEOPLE,
         ["第3行", "bio（人物简介）", "nope.md"]),
    Case("org description with a missing image", "check-build", {ORGS_YML: orgs({"name": "图机构", "slug": "tu", "description": "![标志](logo.png)"})}, ORGS_YML,
         ["description（简介）", "logo.png"]),
    Case("bio linking an existing article", "check-build", {PEOPLE: "- name: 李卫荣\n  roles: [创新达人]\n  bio: 见[报道](../../issues/2023-02/li-weirong.md)\n"},
         safe=page_has("people/li-weirong", 'href="../../issues/2023-02/li-weirong/"')),
    Case("home page deleted", "check-build", {"index.md": None}, "index.md", ["首页文件不存在"]),
    Case("page in an underscore folder with a bad link", "check-build", {"_drafts/a.md": "# 草稿\n\n[x](nope.md)\n"}, "_drafts/a.md", ["link（链接）", "nope.md"]),
    Case("link to an existing article", "check-build", {A: body("见[李卫荣](li-weirong.md#zheng-wen)与[人物](../../people/li-weirong/index.md)\n")},
         safe=page_has("issues/2023-02/bad", 'href="../li-weirong/#zheng-wen"', 'href="../../../people/li-weirong/"')),
    Case("link shown as code", "check-build", {A: body("写法：`[上期](nope.md)`\n\n```\n[x](nope2.md)\n```\n")}, safe=page_has("issues/2023-02/bad", "nope.md")),
    Case("folder-like link", "check-build", {A: body("见[本期](../2023-02/)\n")}, safe=page_has("issues/2023-02/bad", 'href="../2023-02/"')),

    # == field checks that were there before ================================================
    Case("broken yaml", "fields", {A: "---\ntitle: \"未闭合\nsection: 卷首语\n---\n正文\n"}, A, ["YAML 无法读取"]),
    Case("tab indentation", "fields", {A: "---\ntitle: 文章\nsection: 卷首语\nauthors:\n\t- 张婷\npage: 3\n---\n"}, A, ["Tab", "第5行"]),
    Case("page in words", "fields", {A: article(page="四十二")}, A, ["page（页码）", "四十二", "正整数"]),
    Case("page zero", "fields", {A: article(page=0)}, A, ["page（页码）", "正整数"]),
    Case("page negative", "fields", {A: article(page=-3)}, A, ["page（页码）", "正整数"]),
    Case("page as time", "fields", {A: "---\ntitle: 文章\nsection: 卷首语\npage: 12:15\n---\n"}, A, ["page（页码）"]),
    Case("missing page", "fields", {A: article(page=None)}, A, ["page（页码）", "缺少此项"]),
    Case("unknown section", "fields", {A: article(section="创新达人x")}, A, ["第3行 section（栏目）：“创新达人x”不是已有栏目；是否想写“创新达人”"]),
    Case("unknown issue", "fields", {N: article(page=None, issue="2099-01", date="2023-01-01")}, N, ["issue（期号）", "2099-01", "不是已有的一期"]),
    Case("issue mismatch", "fields", {A: article(issue="2023-03")}, A, ["issue（期号）", "2023-03", "issues/2023-02/"]),
    Case("unknown person", "fields", {A: article(person=["李卫容"])}, A, ["person（人物）", "李卫容", "李卫荣"]),
    Case("unknown org", "fields", {A: article(org=["天津科协"])}, A, ["org（机构）", "天津科协", "天津市科协"]),
    Case("missing title", "fields", {A: "---\nsection: 卷首语\npage: 2\n---\n正文\n"}, A, ["title（标题）", "缺少此项"]),
    Case("missing section", "fields", {A: "---\ntitle: 文章\npage: 2\n---\n正文\n"}, A, ["section（栏目）", "缺少此项"]),
    Case("hub item without date", "fields", {N: article(page=None)}, N, ["date（日期）", "缺少此项"]),
    Case("bad date", "fields", {N: article(page=None, date="2023年10月1日")}, N, ["date（日期）", "YYYY-MM-DD"]),
    Case("empty file", "fields", {A: ""}, A, ["没有字段区"]),
    Case("no closing front matter", "fields", {A: "---\ntitle: 文章\nsection: 卷首语\n"}, A, ["没有结束"]),
    Case("front matter is a list", "fields", {A: "---\n- a\n- b\n---\n"}, A, ["没有字段区"]),
    Case("non-utf8 bytes", "fields", {A: "---\ntitle: 文章\nsection: 卷首语\npage: 2\n---\n".encode("utf-8") + "正文".encode("gbk")}, A, ["不是 UTF-8", "第6行"]),
    Case("gbk file", "fields", {A: article().encode("gbk")}, A, ["不是 UTF-8"]),
    Case("control character in title", "fields", {A: article(title="文章\x07标题")}, A, ["title（标题）", "U+0007"]),
    Case("control character in text", "fields", {A: article(body="第一段\n\n第二段\x0b结束\n")}, A, ["text（正文）", "U+000B"]),
    Case("title too long", "fields", {A: article(title="长" * 5000)}, A, ["title（标题）", "5000 个字符"]),
    Case("slug with ../", "fields", {A: article(slug="../../etc")}, A, ["slug（网址名）", "../../etc", "小写英文字母"]),
    Case("slug with capitals", "fields", {A: article(slug="Li Weirong")}, A, ["slug（网址名）", "小写英文字母"]),
    Case("chinese file name", "fields", {"issues/2023-02/李卫荣.md": article()}, "issues/2023-02/李卫荣.md", ["slug（网址名）", "不能用作网址"]),
    Case("duplicate slug", "fields", {A: article(slug="juan-shou-yu")}, A, ["slug（网址名）", "issues/2023-02/juan-shou-yu.md"]),
    Case("yaml alias bomb", "fields", {A: "---\ntitle: 文章\nsection: 卷首语\npage: 2\na: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n"},
         A, ["别名"]),
    Case("10 MB article", "fields", {A: article(body="科" * (3_500_000))}, A, ["MB", "最多"]),
    Case("missing image", "fields", {A: article(body="![图](nope.png)\n")}, A, ["image（图片）", "nope.png", "不存在"]),
    Case("unknown field", "fields", {A: article(sectoin="卷首语")}, A, ["sectoin", "不是已知字段", "section"]),
    Case("authors wrong type", "fields", {A: article(authors={"a": 1})}, A, ["authors（作者）", "应为列表"]),
    Case("issue id as number", "fields", {A: article(issue=8)}, A, ["issue（期号）", "数字 8", "引号"]),
    Case("issue folder without issue.yml", "fields", {"issues/2023-05/a.md": article()}, "issues/2023-05/issue.yml", ["不存在"]),
    Case("issue bad print date", "fields", {NEXT: next_issue(print_date="明天")}, NEXT, ["print_date（印刷日期）", "YYYY-MM-DD"]),
    Case("person slug collision", "fields", {PEOPLE: "- name: 李卫荣\n- name: 王冰\n- name: 王兵\n"}, PEOPLE, ["wang-bing", "已被“王冰”使用", "slug"]),
    Case("unknown section kind", "fields", {"_data/sections.yml": "- name: 卷首语\n  kind: 杂志\n- name: 创新达人\n- name: 工作简讯\n- name: 封面\n  kind: cover\n- name: 地方动态\n  kind: hub\n"},
         "_data/sections.yml", ["kind（类型）", "杂志", "magazine"]),
]

CASES += [
    # == issue 13 follow-up: photos the build cannot use are content problems, found by check too =========
    Case("text file named as a photo", "check-build", {"news/x.png": b"not an image"}, "news/x.png", ["无法识别这张图片", "JPEG、PNG 或 WebP"]),
    Case("pdf renamed to jpg in an article", "check-build", {"issues/2023-02/pic.jpg": b"%PDF-1.4\n%kx\n", A: body("![图](pic.jpg)\n")},
         "issues/2023-02/pic.jpg", ["无法识别这张图片"]),
    Case("empty photo file", "check-build", {"issues/2023-02/cover.webp": b""}, "issues/2023-02/cover.webp", ["无法识别这张图片"]),
    Case("photo claiming 200 million pixels", "check-build", {"news/huge.png": png_header(20000, 10000)}, "news/huge.png", ["像素太多"]),
    Case("file named like a phone version", "check-build", {"issues/2023-02/photo.jpg": photo(1600, 900), "issues/2023-02/photo-800w.webp": photo(40, 30, "WEBP")},
         "issues/2023-02/photo-800w.webp", ["“photo.jpg”", "手机版本", "改名"]),
    Case("version name of a turned photo", "check-build", {"issues/2023-02/photo.jpg": photo(900, 600, orientation=6), "issues/2023-02/photo-600w.jpg": photo(40, 30)},
         "issues/2023-02/photo-600w.jpg", ["“photo.jpg”", "手机版本"]),
    Case("two photos differing only in extension", "check-build", {"issues/2023-02/photo.jpg": photo(900, 600), "issues/2023-02/photo.png": photo(500, 300, "PNG")},
         "issues/2023-02/photo.png", ["“photo.jpg”", "同名的手机版本", "photo-480w.webp"]),
    Case("version-like name the photo does not make", "check-build", {"issues/2023-02/photo.jpg": photo(600, 400), "issues/2023-02/photo-800w.webp": photo(40, 30, "WEBP")},
         safe=published_as_is("issues/2023-02/photo-800w.webp", photo(40, 30, "WEBP"))),
    # cut short: no phone version can be made, so a page would show it full size (and half grey)
    Case("damaged photo refused", "check-build", {"issues/2023-02/cut.jpg": photo(900, 600)[:400], A: body("图片 ![图](cut.jpg)\n")},
         "issues/2023-02/cut.jpg", ["数据不完整", "重新上传"]),
    # == nothing silently lost ===================================================================
    Case("empty issue.yml", "skipped", {ISSUE: ""}, ISSUE, ["是空的", "id: \"2023-02\""]),
    Case("issue.yml of comments only", "skipped", {NEXT: "# 待填写\n# id: \"2023-03\"\n"}, NEXT, ["是空的（或只有注释）", "期刊列表"]),
    Case("article saved as .md.txt", "skipped", {"issues/2023-02/wang.md.txt": article()}, "issues/2023-02/wang.md.txt", ["“.txt”", "wang.md", "原样公开"]),
    Case("editor backup of an article", "skipped", {"issues/2023-02/li-weirong.md~": article()}, "issues/2023-02/li-weirong.md~", ["“~”", "备份", "删除"]),
    Case("article saved as .md.bak", "skipped", {"news/kuaixun.md.bak": news(date="2023-10-02")}, "news/kuaixun.md.bak", ["kuaixun.md"]),
    Case("article saved as .txt", "skipped", {"news/kuaixun.txt": news(date="2023-10-02")}, "news/kuaixun.txt", ["“.txt”", "kuaixun.md"]),
    Case("plain text file kept", "skipped", {"news/readme.txt": "说明文字\n---\n"}, safe=published_as_is("news/readme.txt", "说明文字\n---\n".encode())),
    Case("hand-written web editor config", "generated", {"admin/config.yml": "backend:\n  name: test-repo\n"}, "admin/config.yml", ["/admin/", "覆盖"]),
    Case("page at the web editor's address", "generated", {"admin.md": "# 管理\n"}, "admin.md", ["/admin/"]),
    Case("web editor script by hand", "generated", {"admin/kexie-cms.css": "body{}"}, "admin/kexie-cms.css", ["/admin/"]),
    # == YAML values that are no text ==================================================================
    Case("binary title", "fields", {A: "---\ntitle: !!binary 5paH\nsection: 卷首语\npage: 2\n---\n"}, A, ["第2行", "title（标题）", "二进制数据（!!binary）"]),
    Case("binary person name", "fields", {PEOPLE: "- name: !!binary 5paH\n  roles: [创新达人]\n"}, PEOPLE, ["name（名称）", "!!binary"]),
    Case("binary author", "fields", {A: "---\ntitle: 文\nsection: 卷首语\npage: 2\nauthors: [张婷, !!binary 5paH]\n---\n"}, A, ["authors（作者）", "二进制数据"]),
    Case("binary key", "fields", {A: "---\ntitle: 文\nsection: 卷首语\npage: 2\n!!binary 5paH: x\n---\n"}, A, ["第5行", "字段名"]),
    # == PyYAML's problems explained in Chinese, with line and column =====================================
    Case("colon in an unquoted title", "fields", {A: "---\ntitle: 主题: 创新\nsection: 卷首语\npage: 2\n---\n"}, A, ["第2行", "第10列", "冒号+空格", "加英文引号"]),
    Case("unclosed quote explained", "fields", {A: "---\ntitle: \"未闭合\nsection: 卷首语\npage: 2\n---\n"}, A, ["第2行", "第8列", "引号没有成对"]),
    Case("value starting with @", "fields", {A: "---\ntitle: @创新\nsection: 卷首语\npage: 2\n---\n"}, A, ["第2行", "“@”开头"]),
    Case("unclosed list", "fields", {A: "---\ntitle: 文\nsection: 卷首语\npage: 2\nauthors: [张婷, 王冰\n---\n"}, A, ["方括号列表"]),
    Case("uneven indentation", "fields", {ISSUE: issue_yml() + "masthead:\n  - role: 主编\n    names: [甲]\n - role: 编辑\n"}, ISSUE, ["缩进不齐"]),
    Case("line without a colon", "fields", {A: "---\ntitle: 文\n正文没有冒号\nsection: 卷首语\npage: 2\n---\n"}, A, ["第3行", "找不到字段名后面的冒号"]),
    Case("unknown python tag explained", "fields", {A: "---\ntitle: !!python/name:os.system\nsection: 卷首语\npage: 2\n---\n"}, A,
         ["值无法读取", "!!python/name:os.system", "删掉它"]),
]

KINDS = sorted({c.kind for c in CASES})


def apply(case: Case, content: Path, outside: Path) -> None:
    """Write the case into a site's content/ (and its outside/ folder)."""
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(article("外部文件", "卷首语", 2), encoding="utf-8")
    (outside / "secret.txt").write_text("机密", encoding="utf-8")
    for rel, text in case.files.items():
        path = content / rel
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    if case.setup:
        case.setup(content, outside)
