"""RSS 2.0 and Atom feeds from the catalog, with feedgen.

Dates and ids come from content only (never the clock or git), so the
same content always gives byte-identical feeds.

Full text only where a reader follows the publication: the site feed and
every 栏目 feed carry each item's whole article (the issue feed carries each
issue's contents).  A person's or an org's feed lists the same items, each
as its summary (or the opening of its text), its corrections and a link to
the full article: the site's feeds then grow with its articles, not with
articles × the names in them (at 5,000 articles the named feeds were ~3/4 of
~190 MB of feeds).  ``named_full`` items at the top of a named feed may
still be full.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit

import lxml.html
from feedgen.feed import FeedGenerator

from .catalog import Catalog
from .dates import publication_time, zh_date
from .fields import ILLEGAL_CHARS
from .model import Article, Issue

MAX_ITEMS = 50
NAMED_FULL = 0  # full-text items at the top of a person's or org's feed; the rest are briefs
BRIEF_CHARS = 160  # an article without a summary: this much of its text stands in
# content/assets/feed.xsl: a feed opened in a browser reads as a Chinese subscribe page
STYLESHEET = "assets/feed.xsl"
EPOCH = dt.date(2000, 1, 1)


@dataclass
class Channel:
    """One feed pair (feed.xml + atom.xml) in ``folder`` ("" = site root)."""

    folder: str
    title: str
    description: str
    page_url: str  # the HTML page the feed belongs to
    full: bool = True  # False: a person's or org's feed (briefs after the first ``named_full`` items)


def xml_text(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (validation reports them too)."""
    return ILLEGAL_CHARS.sub("", text)


def absolute_html(fragment: str, base: str) -> str:
    """Every href/src made absolute so the item reads right in any feed reader."""
    if not fragment.strip():
        return ""
    wrapper = lxml.html.fragment_fromstring(xml_text(fragment), create_parent="div")
    plain_images(wrapper)
    wrapper.make_links_absolute(base, resolve_base_href=False)
    return lxml.html.tostring(wrapper, encoding="unicode")[len("<div>"): -len("</div>")]


def with_stylesheet(xml: bytes, href: str) -> bytes:
    """``xml`` with an ``<?xml-stylesheet?>`` after its declaration: browsers apply it, feed readers ignore it."""
    declaration, end, rest = xml.partition(b"?>")
    pi = f'\n<?xml-stylesheet type="text/xsl" href="{html.escape(href)}"?>'.encode()
    return declaration + end + pi + rest if xml.startswith(b"<?xml") else pi.lstrip() + xml


def plain_images(tree) -> None:
    """``<picture>`` → its ``<img>`` with one ``src``: feed readers drop srcset and sources."""
    for picture in list(tree.iter("picture")):
        img = picture.find(".//img")  # libxml2 does not know <source> is empty: img may sit inside it
        if img is None:
            picture.drop_tree()
            continue
        for attr in ("srcset", "sizes", "loading", "decoding", "fetchpriority"):
            img.attrib.pop(attr, None)
        img.tail = picture.tail
        picture.getparent().replace(picture, img)


def opening(fragment: str, chars: int = BRIEF_CHARS) -> str:
    """The first ``chars`` characters of an HTML fragment's text, "…" when cut."""
    if not fragment.strip():
        return ""
    text = " ".join(lxml.html.fragment_fromstring(xml_text(fragment), create_parent="div").text_content().split())
    return text if len(text) <= chars else text[:chars].rstrip() + "…"


def corrections_html(a: Article) -> str:
    """更正 notes, newest last, at the top of a feed item (the page shows them there too)."""
    if not a.record.corrections:
        return ""
    items = "".join(f"<li>{zh_date(c.date)}：{html.escape(xml_text(c.note))}</li>" for c in a.record.corrections)
    return f"<p><strong>更正</strong></p><ul>{items}</ul>"


class FeedWriter:
    def __init__(self, catalog: Catalog, site_url: str, site_name: str, content_of: Callable[[Article], str],
                 max_items: int = MAX_ITEMS, memo: dict | None = None, named_full: int = NAMED_FULL,
                 opening_of: Callable[[Article], str] | None = None):
        self.catalog, self.site_url, self.site_name = catalog, site_url.rstrip("/") + "/", site_name
        self.content_of, self.max_items, self.named_full = content_of, max_items, named_full
        # a brief's text when the article has no summary: its opening (plain text), by default cut from its HTML
        self.opening_of = opening_of or (lambda a: opening(self.content_of(a)))
        # folder → (what the feed was made from, its files); kept by the caller
        # between `mkdocs serve` rebuilds so only feeds whose items changed are remade (None: none kept)
        self.memo = memo
        self.host = urlsplit(self.site_url).hostname or "localhost"
        # site-absolute path: the same stylesheet for feeds in every folder, from our own origin
        self.stylesheet = (urlsplit(self.site_url).path or "/") + STYLESHEET
        self._absolute: dict[str, str] = {}  # article path → absolute HTML; an article sits in many feeds

    def _content(self, a: Article) -> str:
        if a.path not in self._absolute:
            self._absolute[a.path] = corrections_html(a) + absolute_html(self.content_of(a), self.site_url + a.url)
        return self._absolute[a.path]

    def channels(self) -> list[tuple[Channel, list[Article]]]:
        c = self.catalog
        out = [(Channel("", self.site_name, f"{self.site_name}：全部文章", ""), c.articles)]
        out += [(Channel(s.url, f"{s.name} - {self.site_name}", f"栏目「{s.name}」的文章", s.url), c.by_section.get(s.slug, [])) for s in c.sections]
        out += [(Channel(p.url, f"{p.name} - {self.site_name}", f"关于{p.name}的文章", p.url, full=False), c.by_person.get(p.slug, []))
                for p in c.people]
        out += [(Channel(o.url, f"{o.name} - {self.site_name}", f"关于{o.name}的文章", o.url, full=False), c.by_org.get(o.slug, []))
                for o in c.orgs]
        return out

    def _full_count(self, channel: Channel) -> int:
        """How many items at the top of ``channel`` carry the whole article."""
        return self.max_items if channel.full else min(self.named_full, self.max_items)

    def full_paths(self) -> set[str]:
        """The articles some feed carries in full: the only ones whose HTML the feeds need."""
        return {a.path for channel, articles in self.channels() for a in articles[: self._full_count(channel)]}

    def all_feeds(self) -> dict[str, bytes]:
        """{'feed.xml': b'…', 'sections/x/atom.xml': b'…', …}"""
        return dict(self.each_feed())

    def each_feed(self) -> Iterator[tuple[str, bytes]]:
        """(file, bytes), feed after feed: a build writes each as made and holds none."""
        for channel, articles in self.channels():
            yield from self._channel_files(channel, articles[: self.max_items]).items()
        issues_channel = Channel("issues/", f"期刊 - {self.site_name}", "每期一条：新一期的目录", "issues/")
        yield from self._serialise(issues_channel, self._issue_feed(issues_channel)).items()

    def _channel_files(self, channel: Channel, articles: list[Article]) -> dict[str, bytes]:
        full = self._full_count(channel)
        if self.memo is None:
            return self._serialise(channel, self._feed(channel, articles))
        made_from = (self.site_url, channel, [self._entry_key(a, n < full) for n, a in enumerate(articles)])
        known = self.memo.get(channel.folder)
        if known is None or known[0] != made_from:
            known = self.memo[channel.folder] = (made_from, self._serialise(channel, self._feed(channel, articles)))
        return known[1]

    def _entry_key(self, a: Article, full: bool) -> tuple:
        """Everything ``_entry`` reads from an article."""
        return (a.path, a.url, a.date, a.title, a.summary, tuple(a.authors), tuple(self._terms(a)), tuple(a.record.corrections),
                self.content_of(a) if full else (a.summary or self.opening_of(a)))

    # -- building ----------------------------------------------------------
    def _new_feed(self, channel: Channel, updated: dt.date) -> FeedGenerator:
        fg = FeedGenerator()
        fg.load_extension("dc")
        fg.id(self._tag(EPOCH, f"feed/{channel.folder}"))
        fg.title(xml_text(channel.title))
        fg.description(xml_text(channel.description))
        fg.subtitle(xml_text(channel.description))
        fg.language("zh-CN")
        fg.generator("kexie-site")
        stamp = publication_time(updated)
        fg.updated(stamp)
        fg.lastBuildDate(stamp)
        return fg

    def _feed(self, channel: Channel, articles: list[Article]) -> FeedGenerator:
        fg = self._new_feed(channel, max((a.updated for a in articles), default=EPOCH))
        full = self._full_count(channel)
        for n, a in enumerate(articles):
            self._entry(fg, a, n < full)
        return fg

    def _brief(self, a: Article) -> str:
        """A named feed's item: corrections, the summary (or the text's opening) and a link to the whole article."""
        text = html.escape(xml_text(a.summary or self.opening_of(a)))
        link = html.escape(self.site_url + a.url)
        return corrections_html(a) + (f"<p>{text}</p>" if text else "") + f'<p><a href="{link}">阅读全文</a></p>'

    def _entry(self, fg: FeedGenerator, a: Article, full: bool = True) -> None:
        fe = fg.add_entry(order="append")
        link = self.site_url + a.url
        fe.id(self._tag(a.date, a.path.rsplit(".", 1)[0]))
        fe.guid(self._tag(a.date, a.path.rsplit(".", 1)[0]), permalink=False)
        fe.title(xml_text(a.title))
        fe.link(href=link)
        fe.published(publication_time(a.date))
        fe.updated(publication_time(a.updated))  # a correction makes readers' feed readers show it again
        if a.summary:
            fe.summary(html.escape(xml_text(a.summary)), type="html")  # plain text: readers render it as HTML
        fe.content(self._content(a) if full else self._brief(a), type="html")
        for name in a.authors:
            fe.dc.dc_creator(xml_text(name))
        if a.authors:
            fe.author([{"name": xml_text(n)} for n in a.authors])
        fe.category([{"term": xml_text(t), "label": xml_text(t)} for t in self._terms(a)])

    @staticmethod
    def _terms(a: Article) -> list[str]:
        terms = [a.section.name] + [p.name for p in a.people] + [o.label for o in a.orgs]
        return list(dict.fromkeys(terms))

    def _issue_feed(self, channel: Channel) -> FeedGenerator:
        issues = self.catalog.issues[: self.max_items]
        fg = self._new_feed(channel, max((i.print_date for i in issues), default=EPOCH))
        for issue in issues:
            fe = fg.add_entry(order="append")
            link = self.site_url + issue.url
            fe.id(self._tag(issue.print_date, f"issue/{issue.id}"))
            fe.guid(self._tag(issue.print_date, f"issue/{issue.id}"), permalink=False)
            fe.title(xml_text(f"《{issue.publication}》{issue.full_label}"))
            fe.link(href=link)
            fe.published(publication_time(issue.print_date))
            fe.updated(publication_time(issue.print_date))
            if issue.theme:
                fe.summary(html.escape(xml_text(f"本期关注：{issue.theme}")), type="html")
            fe.content(self._contents_html(issue), type="html")
        return fg

    def _contents_html(self, issue: Issue) -> str:
        parts = []
        for section, articles in self.catalog.contents(issue):
            items = "".join(
                f'<li>{"" if a.page is None else f"{a.page:02d} "}<a href="{html.escape(self.site_url + a.url)}">{html.escape(a.title)}</a></li>'
                for a in articles)
            parts.append(f"<h3>{html.escape(section.name)}</h3><ul>{items}</ul>")
        return xml_text("".join(parts))

    def _tag(self, date: dt.date, key: str) -> str:
        """RFC 4151 tag URI: stable across themes, rebuilds and slug changes."""
        return f"tag:{self.host},{date.isoformat()}:{key}"

    def _serialise(self, channel: Channel, fg: FeedGenerator) -> dict[str, bytes]:
        out = {}
        for name, render in (("feed.xml", fg.rss_str), ("atom.xml", fg.atom_str)):
            # each file names itself as rel=self, then the HTML page it mirrors
            fg.link(href=self.site_url + channel.folder + name, rel="self", replace=True)
            fg.link(href=self.site_url + channel.page_url, rel="alternate")
            out[channel.folder + name] = with_stylesheet(render(pretty=True), self.stylesheet)
        return out
