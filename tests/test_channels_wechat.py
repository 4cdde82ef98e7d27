"""公众号 export: inline-styled HTML made only of the tags the 公众号 editor keeps, links as
numbered notes, 阅读原文 and source line, JPEG/PNG images ≤ 1080 px, two cover crops,
title and digest checked; from the command line (one article, a whole issue, a ZIP) and
from the preview's 复制到公众号 button, whose copy is pasted into a contenteditable in
Chromium and must render the same there without our stylesheets."""

from __future__ import annotations

import io
import zipfile

import lxml.html
import pytest
from PIL import Image

from browserkit import chromium_browser
from kexie.channels.wechat import paste_problems
from kexie.editor.cli import main as kexie
from sitekit import article, make_site
from test_images import photo
from test_serve import first_build_done, serving

LONG_TITLE = "李卫荣：争当医用镁合金技术开发与产业化的排头兵，" * 3
SUMMARY = "镁合金" * 50
BODY = """导语，见[科协网站](https://www.cast.org.cn/)和[另一篇](juan-shou-yu.md)。

<figure markdown="span">
  ![李卫荣在实验室](lab.jpg)
  <figcaption>李卫荣在实验室</figcaption>
</figure>

## 小标题

> 引文一段。

| 序号 | 技术需求 |
|:---:|---|
| 1 | 无人驾驶 |

![样品](sample.webp)

再见[科协网站](https://www.cast.org.cn/)。

（编者注：印刷版原文至此中断。）
{: .kx-editor-note }
"""


def webp(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(photo(width, height))).save(out, "WEBP")
    return out.getvalue()


@pytest.fixture(scope="module")
def mp_site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("mp"))
    site.write("issues/2023-02/lab.jpg", photo(2400, 1600))
    site.write("issues/2023-02/sample.webp", webp(1500, 1000))
    site.write("issues/2023-02/li-weirong.md", article(LONG_TITLE, "创新达人", 42, person=["李卫荣"], authors=["张婷"], summary=SUMMARY, body=BODY))
    return site


def test_command_line_export_of_an_article_and_an_issue(mp_site, tmp_path, capsys):
    out = tmp_path / "mp"
    assert kexie(["--content", str(mp_site.content), "wechat", "2023-02", "--out", str(out), "--zip"]) == 0
    said = capsys.readouterr().out
    assert f"标题 {len(LONG_TITLE)} 个字，公众号标题最多 64 个字" in said and "摘要 150 个字，公众号摘要最多 120 个字" in said
    folder = out / "2023-02" / "p042-li-weirong"
    page = (folder / "article.html").read_text(encoding="utf-8")
    body = page[page.index("<body"):]
    fragment = body[body.index(">") + 1: body.rindex("</body>")]
    assert paste_problems(fragment) == [] and "<style" not in page and "class=" not in page and "<a " not in page
    root = lxml.html.fromstring(fragment)
    text = root.text_content()
    assert "[1] https://www.cast.org.cn/" in text and "[2] https://qyqx.example.cn/issues/2023-02/juan-shou-yu/" in text
    assert text.count("[1]") == 3  # two links to one address share a note number, then the note itself
    assert "阅读原文：https://qyqx.example.cn/issues/2023-02/li-weirong/" in text
    assert "本文原载《企业科协》2023年第2期 第42页 / 来源：企业科协 · 融媒体" in text and "文 | 张婷" in text
    blocks = [el for el in root.iter() if el.tag in ("section", "p", "h2", "blockquote", "table", "th", "td", "img")]
    assert len(blocks) > 15 and all(el.get("style") for el in blocks)  # every block styled inline
    srcs = [img.get("src") for img in root.iter("img")]
    assert srcs == ["images/01.jpg", "images/02.jpg"]  # the WebP became a JPEG
    for src in srcs:
        with Image.open(folder / src) as im:
            assert im.format == "JPEG" and im.width <= 1080
    for name, size in (("cover-900x383.jpg", (900, 383)), ("cover-900x900.jpg", (900, 900))):
        with Image.open(folder / name) as im:
            assert im.size == size and im.format == "JPEG"
    assert "阅读原文：https://qyqx.example.cn/issues/2023-02/li-weirong/" in (folder / "说明.txt").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "2023-02.zip") as z:
        names = set(z.namelist())
    assert {"2023-02/p042-li-weirong/article.html", "2023-02/p042-li-weirong/images/01.jpg", "2023-02/p001-juan-shou-yu/article.html"} <= names
    # one article by its file
    assert kexie(["--content", str(mp_site.content), "wechat", str(mp_site.content / "news/tianjin.md"), "--out", str(out)]) == 0
    assert "来源：企业科协 · 融媒体（2023年10月1日）" in (out / "tianjin/article.html").read_text(encoding="utf-8")
    assert kexie(["--content", str(mp_site.content), "wechat", "2023-09", "--out", str(out)]) == 1
    assert "既不是期号" in capsys.readouterr().err


STYLES = ["fontSize", "fontWeight", "fontStyle", "color", "lineHeight", "textAlign", "marginTop", "marginBottom",
          "paddingLeft", "borderLeftWidth", "backgroundColor", "width"]
SNAPSHOT = """(root) => Array.from(root.querySelectorAll('*')).map(el => {
  const s = getComputedStyle(el);
  return [el.tagName, el.textContent.slice(0, 20), ...%s.map(k => s[k])];
})""" % STYLES


def test_preview_button_copies_rich_html_that_pastes_the_same(mp_site):
    assert mp_site.build("--strict").returncode == 0
    assert "kx-wechat" not in mp_site.page("issues/2023-02/li-weirong")  # never in the published site
    with serving(mp_site) as base, chromium_browser() as browser:
        first_build_done(base)
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1000, "height": 900})
        page = context.new_page()
        page.goto(base + "issues/2023-02/li-weirong/")
        page.get_by_role("button", name="复制到公众号").click()  # enabled once the export has come
        page.wait_for_function("document.querySelector('#kx-wechat [role=status]').textContent.includes('已复制')")
        panel = page.locator("#kx-wechat").inner_text()
        assert "图片 01.jpg" in panel and "图片 02.jpg" in panel and "公众号标题最多 64 个字" in panel
        exported = page.evaluate("fetch(document.getElementById('kx-wechat').dataset.export).then(r => r.json()).then(e => e.html)")
        # a page with no stylesheet of ours: paste into a contenteditable, render the export beside it
        page.goto(base + "robots.txt")
        page.set_content('<div id="ed" contenteditable="true" style="width:677px"></div><div id="ref" style="width:677px"></div>')
        page.evaluate("html => { document.getElementById('ref').innerHTML = html; document.querySelectorAll('#ref img').forEach(i => i.src = i.src); }", exported)
        page.focus("#ed")
        page.keyboard.press("Control+V")
        page.wait_for_function("document.querySelectorAll('#ed img').length === 2")
        page.wait_for_function("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        pasted, reference = page.eval_on_selector("#ed", SNAPSHOT), page.eval_on_selector("#ref", SNAPSHOT)
        assert len(pasted) > 20 and [p[:2] for p in pasted] == [r[:2] for r in reference]
        assert pasted == reference
        heights = page.evaluate("['ed', 'ref'].map(id => document.getElementById(id).getBoundingClientRect().height)")
        assert heights[0] == heights[1] > 600
        # our inline styles, not the browser's defaults: 16px text, the 科协 red subheading, bordered cells
        lead = "Array.from(document.querySelectorAll('#ed p')).find(p => p.textContent.startsWith('导语'))"
        assert page.evaluate(f"getComputedStyle({lead}).fontSize") == "16px"
        assert page.evaluate("getComputedStyle(document.querySelector('#ed h2')).color") == "rgb(183, 28, 28)"
        assert page.evaluate("getComputedStyle(document.querySelector('#ed td')).borderTopStyle") == "solid"
        context.close()


def test_export_follows_the_publishing_states_and_the_record(tmp_path, capsys):
    """A repost names its own source, a correction and the 责任编辑 travel with the text; a draft may be
    exported ahead (said so), a withdrawn piece is refused; an issue's export says what it left out,
    and the print codes include the pieces not yet on the web."""
    site = make_site(tmp_path / "s")
    site.write("issues/2023-02/zhuanzai.md", article("转载的文章", "工作简讯", 52, link_id="zz2345", editor="赵六", repost=True,
                                                     source="科技日报", original_author="王五", original_title="原来的题目",
                                                     corrections=[{"date": "2023-05-02", "note": "第二段的数字已改正。"}]))
    site.write("issues/2023-02/caogao.md", article("草稿文章", "工作简讯", 53, link_id="cg2345", draft=True))
    site.write("issues/2023-02/chegao.md", article("撤稿文章", "工作简讯", 54, link_id="cq2345",
                                                   withdrawn="2023-06-01", withdrawn_reason="数据有误"))
    content, out = str(site.content), tmp_path / "out"
    assert kexie(["--content", content, "wechat", str(site.content / "issues/2023-02/zhuanzai.md"), "--out", str(out)]) == 0
    html = (out / "zhuanzai" / "article.html").read_text(encoding="utf-8")
    assert "来源：科技日报 · 原作者：王五 · 原标题：《原来的题目》" in html and "本文原载" not in html
    assert "更正（2023年5月2日）：第二段的数字已改正。" in html and "责任编辑：赵六" in html
    assert paste_problems(html) == []
    assert kexie(["--content", content, "wechat", str(site.content / "issues/2023-02/caogao.md"), "--out", str(out)]) == 0
    assert "还没有在网站上发布" in capsys.readouterr().out and (out / "caogao" / "article.html").is_file()
    assert kexie(["--content", content, "wechat", str(site.content / "issues/2023-02/chegao.md"), "--out", str(out)]) == 1
    assert "已于2023年6月1日撤稿，不能导出到公众号" in capsys.readouterr().err and not (out / "chegao").exists()
    assert kexie(["--content", content, "wechat", "2023-02", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "未导出 issues/2023-02/caogao.md（草稿）" in said and "未导出 issues/2023-02/chegao.md（已撤稿）" in said
    assert kexie(["--content", content, "qr", "2023-02", "--out", str(tmp_path / "qr")]) == 0
    said = capsys.readouterr().out
    names = {p.name for p in (tmp_path / "qr").glob("*.svg")}
    assert "p053-caogao-cg2345.svg" in names and not any("chegao" in n for n in names), names
    assert "caogao.md（草稿）也生成了二维码" in said and "chegao.md 已撤稿，没有生成二维码" in said
