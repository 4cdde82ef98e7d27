"""公众号 export: an article as HTML that survives a paste into the 公众号 editor.

The editor keeps inline ``style`` only: it drops ``<style>``, ``<link>``, scripts, ids
and event handlers, and treats ``class`` as inert; position, transform, flex and grid
are unreliable there.  So every style is inline, only the tags it keeps are used
(``section p span strong em img table … h1–h6 ul ol li blockquote br``), links become
numbered notes at the end (the 公众号 allows no links out of an article), the web
address goes to 阅读原文, and a source line names the print issue and page.  Images:
JPEG or PNG, at most 1080 px wide (never WebP), to be uploaded by the editor.  Titles
over 64 and digests over 120 characters are warned about (the editor cuts them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from ..core.dates import zh_date
from ..core.images import target_path
from ..core.messages import Msg

TITLE_MAX, DIGEST_MAX = 64, 120
MAX_IMAGE_WIDTH = 1080
COVER_WIDE, COVER_SQUARE = (900, 383), (900, 900)  # 2.35:1 for the message list, 1:1 for shares
ALLOWED = {"section", "p", "span", "strong", "em", "img", "table", "thead", "tbody", "tr", "th", "td", "blockquote",
           "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "br"}
RENAMED = {"b": "strong", "i": "em", "figure": "section", "div": "section", "figcaption": "p", "caption": "p",
           "code": "span", "kbd": "span", "sup": "span", "sub": "span", "mark": "strong", "u": "span", "s": "span",
           "dl": "section", "dt": "p", "dd": "p", "pre": "p", "hr": "section", "small": "span", "abbr": "span", "cite": "em"}
DROPPED = {"script", "style", "link", "meta", "iframe", "object", "embed", "form", "input", "button", "source", "svg", "noscript"}
TEXT = "color:#333333;font-size:16px;line-height:1.75;"
CAPTION = "margin:4px 0 16px;font-size:14px;line-height:1.6;color:#888888;text-align:center;"
STYLE = {
    "section": "margin:0 0 16px;",
    "p": f"margin:0 0 16px;{TEXT}text-align:justify;",
    "h1": "margin:24px 0 12px;font-size:22px;font-weight:bold;line-height:1.4;color:#222222;",
    "h2": "margin:24px 0 12px;font-size:19px;font-weight:bold;line-height:1.4;color:#b71c1c;",
    "h3": "margin:20px 0 10px;font-size:17px;font-weight:bold;line-height:1.4;color:#333333;",
    "h4": "margin:16px 0 8px;font-size:16px;font-weight:bold;line-height:1.5;color:#333333;",
    "h5": "margin:16px 0 8px;font-size:16px;font-weight:bold;line-height:1.5;color:#555555;",
    "h6": "margin:16px 0 8px;font-size:15px;font-weight:bold;line-height:1.5;color:#555555;",
    "blockquote": "margin:0 0 16px;padding:8px 12px;border-left:3px solid #b71c1c;background-color:#f7f7f7;color:#555555;",
    "ul": "margin:0 0 16px;padding-left:24px;", "ol": "margin:0 0 16px;padding-left:24px;",
    "li": f"margin:0 0 6px;{TEXT}",
    "table": "width:100%;border-collapse:collapse;margin:0 0 16px;font-size:14px;line-height:1.6;color:#333333;",
    "th": "border:1px solid #cccccc;padding:6px 8px;background-color:#f2f2f2;font-weight:bold;text-align:left;",
    "td": "border:1px solid #cccccc;padding:6px 8px;",
    "img": "display:block;max-width:100%;height:auto;margin:0 auto;",
    "strong": "font-weight:bold;", "em": "font-style:italic;", "span": "",
}
CLASS_STYLE = {  # our Markdown classes (README: photos, tables, notes) as the inline styles they stand for
    "kx-caption-note": CAPTION, "kx-table-caption": f"margin:0 0 8px;{TEXT}font-weight:bold;text-align:center;",
    "kx-editor-note": "margin:0 0 16px;font-size:14px;line-height:1.6;color:#888888;",
    "admonition-title": f"margin:0 0 8px;{TEXT}font-weight:bold;",
}
BYLINE = "margin:0 0 16px;font-size:14px;line-height:1.6;color:#888888;"
NOTE_MARK = "font-size:12px;color:#888888;vertical-align:super;"
UNRELIABLE = re.compile(r"(?:^|;)\s*(?:position|transform|display\s*:\s*(?:flex|grid|inline-flex|inline-grid)|flex|grid|float)\b", re.I)

Image = Callable[[str], "tuple[str, int, int] | None"]  # site path of a photo → (src to write, width, height)


@dataclass
class Export:
    title: str
    digest: str
    author: str
    source_url: str  # 阅读原文
    source_line: str
    html: str  # the body fragment to paste
    images: list[str] = field(default_factory=list)  # site paths of the photos used, in order
    notes: list[str] = field(default_factory=list)  # the links, numbered from 1
    warnings: list[Msg] = field(default_factory=list)


def source_line(article, site_name: str) -> str:
    """《企业科协》2023年第2期 第42页 / 来源：企业科协 · 融媒体; a repost names its own source, as the page does."""
    record = getattr(article, "record", None)
    if record is not None and record.repost:
        r = record.repost
        return f"来源：{r.source} · 原作者：{r.original_author} · 原标题：《{r.original_title}》"
    if article.issue:
        where = f"《{article.issue.publication}》{article.issue.label}" + (f" 第{article.page}页" if article.page else "")
        return f"本文原载{where} / 来源：{site_name}"
    return f"来源：{site_name}（{article.date_label}）"


def _corrections(article) -> list[str]:
    """更正 notes at the top, as on the page (corrected in the open)."""
    record = getattr(article, "record", None)
    return [f'<p style="margin:0 0 16px;padding:8px 12px;font-size:14px;line-height:1.6;color:#7a4f01;background-color:#fff8e1;">'
            f"更正（{zh_date(c.date)}）：{_e(c.note)}</p>" for c in (record.corrections if record else [])]


def export(article, body_html: str, site_url: str, site_name: str, image_for: Image, urls: dict[str, str] | None = None) -> Export:
    """The article's body HTML (rendered and sanitised as for the site) made paste-safe.
    ``urls``: content file → site URL (the catalog's articles), for links written to a file."""
    page_url = site_url.rstrip("/") + "/" + article.url
    root = lxml.html.fragment_fromstring(body_html or "<p></p>", create_parent="section")
    notes: list[str] = []
    images: list[str] = []
    _links_to_notes(root, site_url.rstrip("/") + "/", article.path, urls or {}, notes)
    _images(root, article.path, image_for, images)
    _clean(root)
    author = "、".join(article.authors)
    parts = _corrections(article)
    if author:
        parts.append(f'<p style="{BYLINE}">文 | {_e(author)}</p>')
    parts.append(_inner(root))
    if notes:
        parts.append(f'<p style="margin:24px 0 8px;{TEXT}font-weight:bold;">注释</p>')
        parts += [f'<p style="margin:0 0 4px;font-size:13px;line-height:1.6;color:#888888;word-break:break-all;">[{n}] {_e(u)}</p>'
                  for n, u in enumerate(notes, 1)]
    if (record := getattr(article, "record", None)) is not None and record.editor:
        parts.append(f'<p style="margin:24px 0 4px;font-size:13px;line-height:1.6;color:#888888;">责任编辑：{_e(record.editor)}</p>')
    line = source_line(article, site_name)
    parts.append(f'<p style="margin:24px 0 4px;font-size:13px;line-height:1.6;color:#888888;">{_e(line)}</p>')
    parts.append(f'<p style="margin:0 0 16px;font-size:13px;line-height:1.6;color:#888888;word-break:break-all;">阅读原文：{_e(page_url)}</p>')
    html = f'<section style="{TEXT}">' + "".join(parts) + "</section>"
    ex = Export(article.title, article.summary, author, page_url, line, html, images, notes)
    ex.warnings = warnings(ex, article.path)
    if problems := paste_problems(html):
        raise AssertionError(problems)  # a bug here, never an editor's doing
    return ex


def warnings(ex: Export, path: str) -> list[Msg]:
    out = []
    if len(ex.title) > TITLE_MAX:
        out.append(Msg("wechat.title_long", path=path, n=len(ex.title), limit=TITLE_MAX))
    if len(ex.digest) > DIGEST_MAX:
        out.append(Msg("wechat.digest_long", path=path, n=len(ex.digest), limit=DIGEST_MAX))
    if not ex.digest:
        out.append(Msg("wechat.digest_missing", path=path))
    return out


def _links_to_notes(root, base: str, path: str, urls: dict[str, str], notes: list[str]) -> None:
    """Every link's text kept, followed by [n]; the addresses listed at the end."""
    for a in list(root.iter("a")):
        href = (a.get("href") or "").strip()
        if href and not href.startswith("#"):
            url = urljoin(base + path, href)  # written relative to the article's file, as Markdown links are
            if url.startswith(base):  # one of ours: a file's page, a folder's index
                rel = target_path(url[len(base):].split("#")[0])
                rel = urls.get(rel) or (rel[:-len("index.md")] if rel.endswith("index.md") else rel[:-3] + "/" if rel.endswith(".md") else rel)
                url = base + rel
            if url not in notes:
                notes.append(url)
            mark = etree.Element("span", style=NOTE_MARK)
            mark.text = f"[{notes.index(url) + 1}]"
            mark.tail, a.tail = a.tail, None
            a.addnext(mark)
        a.drop_tag()  # the text stays, the link goes


def _images(root, article_path: str, image_for: Image, used: list[str]) -> None:
    """Photos as written in the Markdown: relative to the article's file."""
    for img in list(root.iter("img")):
        src = (img.get("src") or "").strip()
        found = None
        if src and not re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I):
            site_path = target_path(urljoin("/" + article_path, src).lstrip("/"))
            found = image_for(site_path)
            if found:
                used.append(site_path)
        if not found:
            img.drop_tree()  # another host's or a missing image: the 公众号 would show a broken one
            continue
        new_src, width, _ = found
        img.attrib.clear()
        img.set("src", new_src)
        img.set("alt", "")
        img.set("style", STYLE["img"] + (f"width:{min(width, MAX_IMAGE_WIDTH)}px;" if width else ""))


def _clean(root) -> None:
    """Only kept tags, only inline styles (and what tables and images need)."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            el.drop_tree()
            continue
        tag = el.tag.lower()
        if tag in DROPPED:
            el.drop_tree()
            continue
        if tag == "picture":
            el.drop_tag()
            continue
        classes = (el.get("class") or "").split()
        tag = RENAMED.get(tag, tag)
        if tag not in ALLOWED:
            el.drop_tag()
            continue
        style = STYLE.get(tag, "")
        if el.tag in ("figcaption", "caption"):
            style = CAPTION
        if el.tag == "code":
            style = "font-family:Menlo,Consolas,monospace;font-size:14px;background-color:#f5f5f5;"
        if el.tag in ("sup", "sub"):
            style = f"font-size:12px;vertical-align:{'super' if el.tag == 'sup' else 'sub'};"
        if el.tag == "hr":
            style = "margin:16px 0;border-top:1px solid #dddddd;height:0;"
        for c in classes:
            style = CLASS_STYLE.get(c, style)
        keep = {k: el.get(k) for k in ("src", "alt", "colspan", "rowspan") if el.get(k) is not None and tag in ("img", "td", "th")}
        if el.tag in ("img", "span") and el.get("style"):  # set here already (sizes, note marks)
            style = el.get("style")
        align = re.search(r"text-align:\s*(left|right|center)", el.get("style") or "")  # Markdown table alignment
        if tag == "span" and not style:
            el.drop_tag()  # a plain span says nothing (and pasting drops it)
            continue
        el.attrib.clear()
        el.tag = tag
        el.attrib.update(keep)
        if align and tag in ("td", "th"):
            style += f"text-align:{align.group(1)};"
        if style:
            el.set("style", style)


def paste_problems(html: str) -> list[str]:
    """What the 公众号 editor would drop or garble: tags it does not keep, classes, ids,
    <style>, and positioning or flex/grid in a style."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    out = []
    for el in root.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        if el.tag not in ALLOWED:
            out.append(f"tag <{el.tag}>")
        for attr in el.attrib:
            if attr not in ("style", "src", "alt", "colspan", "rowspan"):
                out.append(f"<{el.tag} {attr}=…>")
        if UNRELIABLE.search(el.get("style") or ""):
            out.append(f"<{el.tag} style={el.get('style')!r}>")
    return out


def plain_text(html: str) -> str:
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content()


def _inner(root) -> str:
    return (root.text and _e(root.text) or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)


def _e(text: str) -> str:
    import html

    return html.escape(text, quote=True)
