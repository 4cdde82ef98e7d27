"""Feeds read by a real client (feedparser): valid, absolute, +08:00, stable."""

from __future__ import annotations

from pathlib import Path

import feedparser
import lxml.html
import pytest

from sitekit import article, make_site

SITE_URL = "https://qyqx.example.cn/"


def feeds(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.xml") if p.name in ("feed.xml", "atom.xml"))


def test_every_feed_parses_cleanly(seed_site):
    found = feeds(seed_site)
    # site + issues + every section, person and org, each as RSS and Atom
    assert len(found) >= 2 * (2 + 15 + 17 + 30)
    for path in found:
        d = feedparser.parse(path.read_bytes())
        assert d.bozo == 0, (path, d.get("bozo_exception"))
        assert d.feed.language == "zh-CN"
        for e in d.entries:
            assert e.link.startswith(SITE_URL)
            assert e.id.startswith("tag:qyqx.example.cn,")
            assert e.published.endswith(("+0800", "+08:00"))


def test_site_feed_has_every_article_with_full_content(seed_site):
    rss = feedparser.parse((seed_site / "feed.xml").read_bytes())
    atom = feedparser.parse((seed_site / "atom.xml").read_bytes())
    assert len(rss.entries) == len(atom.entries) == 32
    by_link = {e.link: e for e in atom.entries}
    li = by_link[SITE_URL + "issues/2023-02/li-weirong/"]
    assert li.published == "2023-04-30T00:00:00+08:00"
    assert li.author == "张婷"
    assert {t.term for t in li.tags} >= {"创新达人", "李卫荣"}
    html = li.content[0].value
    assert "镁合金" in html and "〔图略〕" in html and "<img" not in html  # print photos we lack: captions as notes
    assert 'src="../' not in html and 'href="../' not in html
    assert rss.feed.updated == "Sun, 01 Oct 2023 00:00:00 +0800"  # newest content, not the build clock


def test_issue_feed_has_one_item_per_issue_with_contents(seed_site):
    d = feedparser.parse((seed_site / "issues/feed.xml").read_bytes())
    assert len(d.entries) == 1
    entry = d.entries[0]
    assert entry.title == "《企业科协》2023年第2期（总第315期）"
    assert "李卫荣：争当医用镁合金技术开发与产业化的排头兵" in entry.content[0].value
    assert entry.link == SITE_URL + "issues/2023-02/"


def feed_autodiscovery(html: str) -> list[tuple[str, str]]:
    """(type, href) of the <link>s a feed reader discovers: the rel token "alternate" and a feed type."""
    head = lxml.html.fromstring(html).find("head")
    return [(link.get("type"), link.get("href")) for link in head.iter("link")
            if "alternate" in (link.get("rel") or "").lower().split()
            and link.get("type") in ("application/rss+xml", "application/atom+xml")]


def test_pages_link_their_feeds(seed_site):
    person = feed_autodiscovery((seed_site / "people/li-weirong/index.html").read_text(encoding="utf-8"))
    assert ("application/rss+xml", "feed.xml") in person and ("application/atom+xml", "atom.xml") in person
    home = feed_autodiscovery((seed_site / "index.html").read_text(encoding="utf-8"))
    assert ("application/rss+xml", "feed.xml") in home and ("application/atom+xml", "atom.xml") in home


def test_two_builds_give_identical_feeds(seed_site, seed_site_again):
    for path in feeds(seed_site):
        assert (seed_site_again / path.relative_to(seed_site)).read_bytes() == path.read_bytes(), path


def test_missing_site_url_is_a_clear_error(tmp_path):
    site = make_site(tmp_path)
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(config.replace("site_url: https://qyqx.example.cn/", "site_url: ''"), encoding="utf-8")
    result = site.build()
    assert result.returncode != 0
    assert "mkdocs.yml 的 site_url 没有填写" in result.stderr and "Traceback" not in result.stderr


def test_xml_breaking_text_never_breaks_a_feed(tmp_path):
    site = make_site(tmp_path)
    site.write("news/amp.md", '---\ntitle: "研发 & 应用 <b>粗体</b> ]]>"\nsection: 地方动态\ndate: 2023-11-01\n---\n\nA & B <i>斜体</i> ]]> 结束\n')
    assert site.build("--strict").returncode == 0
    for path in feeds(site.out):
        assert feedparser.parse(path.read_bytes()).bozo == 0, path
    d = feedparser.parse((site.out / "atom.xml").read_bytes())
    assert d.entries[0].title == "研发 & 应用 <b>粗体</b> ]]>"


def full_items(site: Path) -> dict[str, str]:
    """link → content of every item the site feed and the 栏目 feeds carry (in full)."""
    found = {}
    for path in [site / "atom.xml", *sorted((site / "sections").glob("*/atom.xml"))]:
        found.update({e.link: e.content[0].value for e in feedparser.parse(path.read_bytes()).entries})
    return found


def test_person_and_org_feeds_carry_briefs_of_articles_the_full_feeds_carry_whole(seed_site):
    """Full text in the site and 栏目 feeds; a named feed lists the same articles as its page, each as a brief."""
    full = full_items(seed_site)
    named = sorted([*(seed_site / "people").glob("*/atom.xml"), *(seed_site / "orgs").glob("*/atom.xml")])
    briefs = 0
    for path in named:
        for e in feedparser.parse(path.read_bytes()).entries:
            brief, whole = e.content[0].value, full[e.link]  # every article of a named feed is whole in another feed
            assert "阅读全文" in brief and f'href="{e.link}"' in brief, path
            assert len(brief) < 1000 and "<h2" not in brief, path  # a summary, not the article (seed articles: 2–9 KB)
            briefs += 1
    assert briefs >= 30
    li = {e.link: e for e in feedparser.parse((seed_site / "people/li-weirong/atom.xml").read_bytes()).entries}
    item = li[SITE_URL + "issues/2023-02/li-weirong/"]
    assert "借着路灯读书的人" in item.content[0].value and "镁合金" in full[item.link]
    # the items stay: the person's feed lists every article about them (the site feed has all 32, tagged)
    site = feedparser.parse((seed_site / "atom.xml").read_bytes()).entries
    assert set(li) == {e.link for e in site if "李卫荣" in {t.term for t in e.tags}}


def test_a_brief_without_summary_opens_with_the_text_and_keeps_corrections(tmp_path):
    site = make_site(tmp_path)
    body = "这是正文的第一句，讲镁合金。" * 30 + "\n\n## 小标题\n\n第二段。\n"
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["李卫荣"], authors=["张婷"], body=body,
                                                      corrections=[{"date": "2023-09-15", "note": "第一段有误"}]))
    assert site.build("--strict").returncode == 0
    person = feedparser.parse((site.out / "people/li-weirong/atom.xml").read_bytes()).entries[0]
    brief = person.content[0].value
    assert brief.count("这是正文的第一句") < 30 and "…" in brief and "小标题" not in brief
    assert "更正" in brief and "第一段有误" in brief
    whole = next(e for e in feedparser.parse((site.out / "atom.xml").read_bytes()).entries if e.title == "李卫荣：镁合金")
    assert whole.content[0].value.count("这是正文的第一句") == 30 and "小标题" in whole.content[0].value
