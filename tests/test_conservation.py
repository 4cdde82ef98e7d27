"""Nothing is lost: every article file is one page, listed, searchable and in the feed;
and two builds of the same content are byte-identical."""

from __future__ import annotations

import json
import re

import feedparser

from kexie.core.catalog import load_catalog
from sitekit import CONTENT

SITE_URL = "https://qyqx.example.cn/"


def test_every_article_file_is_one_page_listed_searchable_and_in_the_feed(seed_site):
    catalog = load_catalog(CONTENT)
    files = [p.relative_to(CONTENT).as_posix() for p in (CONTENT / "issues").rglob("*.md")] + \
            [p.relative_to(CONTENT).as_posix() for p in (CONTENT / "news").rglob("*.md")]
    assert sorted(files) == sorted(catalog.by_path), "every article file is in the catalog"
    searched = {json.loads(p.read_text(encoding="utf-8"))["u"] for p in (seed_site / "search/d").glob("*.json")}
    feed_links = {e.link for e in feedparser.parse((seed_site / "feed.xml").read_bytes()).entries}
    news = (seed_site / "news/index.html").read_text(encoding="utf-8")
    pages = {p.parent.relative_to(seed_site).as_posix() + "/" for p in seed_site.rglob("index.html")}
    for path, a in catalog.by_path.items():
        assert a.url in pages, f"{path}: no page"
        assert a.url in searched, f"{path}: not in the search index"
        assert SITE_URL + a.url in feed_links, f"{path}: not in the site feed"
        if a.issue:
            listing = (seed_site / a.issue.url / "index.html").read_text(encoding="utf-8")
            href = a.url[len(a.issue.url):]
        else:
            listing, href = news, a.url[len("news/"):]
        assert len(re.findall(f'href="{re.escape(href)}"', listing)) == 1, f"{path}: not listed exactly once"


def test_two_builds_are_byte_identical(seed_site, seed_site_again):
    first = sorted(p.relative_to(seed_site) for p in seed_site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(seed_site_again) for p in seed_site_again.rglob("*") if p.is_file())
    assert first == second
    different = [str(p) for p in first if (seed_site / p).read_bytes() != (seed_site_again / p).read_bytes()]
    assert different == []


def test_sitemap_dates_come_from_content(seed_site):
    sitemap = (seed_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2023-04-30</lastmod>" in sitemap
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) <= {"2023-04-30", "2023-10-01"}
