"""Which pages are searchable, and what of each page the index holds.

Articles (magazine and hub) and the pages of a person, org, 栏目 and issue
are searchable; lists that only repeat them (archive, news pages, page 2 of
a 栏目) are not. A page's names (its 栏目, issue, people, orgs, authors) are
indexed apart from its text so that they rank it, and so that the name of a
person finds their page.
"""

from __future__ import annotations

import html
import re

from ..core.dates import zh_date
from ..core.model import Article
from ..core.views import View
from .index import Doc

_DROP = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_BLOCK = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|table|tr|td|th|thead|tbody|figure|figcaption|blockquote|pre|section|article|br|hr)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
# Zero-width and direction marks: invisible, yet they would split words and end up in copied snippets.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SOFT_BREAK = re.compile(f"(?<=[{_HAN}，。、；：！？“”（）])[ \t\r\n]+(?=[{_HAN}，。、；：！？“”（）])")
_SPACES = re.compile(r"[ \t\r\f\v\u3000]+")
_PARAGRAPHS = re.compile(r"\s*\n\s*")


def plain_text(page_html: str) -> str:
    """The words of a page body: paragraphs on their own lines, no markup."""
    text = _DROP.sub(" ", page_html)
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    text = _INVISIBLE.sub("", text)
    text = _SOFT_BREAK.sub("", text)  # a line break inside Chinese text is not a space
    text = _SPACES.sub(" ", text)
    return _PARAGRAPHS.sub("\n", text).strip()


def article_doc(article: Article, page_html: str) -> Doc:
    where = article.locator if article.issue else f"{zh_date(article.date)} · {article.locator}"
    names = [article.section.name, *article.authors]
    if article.issue:
        names += [article.issue.label, article.issue.full_label, article.issue.publication]
    names += [p.name for p in article.people]
    names += [n for o in article.orgs for n in (o.name, o.short) if n]
    return Doc(article.url, _clean(article.title), plain_text(page_html), where, " ".join(names),
               rank=(1, -article.date.toordinal(), article.page or 0, article.order or 0))


def view_doc(view: View, page_html: str) -> Doc | None:
    """The page of a person, org, 栏目 (its first page) or issue; None for lists."""
    data = view.data
    if view.template == "person.html":
        p = data["person"]
        return Doc(view.url, p.name, plain_text(page_html), "人物", " ".join([p.org, p.region, p.title, *p.roles, *p.honours]), rank=(0, 0))
    if view.template == "org.html":
        o = data["org"]
        return Doc(view.url, o.name, plain_text(page_html), "机构", " ".join([o.short, o.kind, o.region]), rank=(0, 1), names=(o.short,))
    if view.template == "section.html" and data["pager"].number == 1:
        s = data["section"]
        return Doc(view.url, s.name, plain_text(page_html) or s.description, "栏目", s.description, rank=(0, 2))
    if view.template == "issue.html":
        i = data["issue"]
        return Doc(view.url, view.title, plain_text(page_html), "期刊", " ".join([i.label, i.theme]), rank=(0, 3, -i.year, -i.number),
                   names=(i.label, i.full_label))
    return None


def page_doc(url: str, title: str, page_html: str) -> Doc:
    """Any other hand-written page of the site."""
    return Doc(url, _clean(title), plain_text(page_html), "", "", rank=(2,))


def _clean(text: str) -> str:
    return _INVISIBLE.sub("", html.unescape(text))
