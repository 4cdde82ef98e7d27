"""Reader-facing markup of the built seed site, checked in the HTML files."""

from __future__ import annotations

import lxml.html
import yaml

from sitekit import REPO


def doc(site, rel: str):
    return lxml.html.fromstring((site / rel).read_text(encoding="utf-8"))


def test_footer_is_chinese_with_beian_from_mkdocs_yml(seed_site):
    extra = yaml.unsafe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
    for rel in ("index.html", "issues/2023-02/li-weirong/index.html", "people/index.html", "404.html"):
        footer = doc(seed_site, rel).find_class("md-footer")[0]
        text = footer.text_content()
        assert "Made with" not in text and "Material for MkDocs" not in text, rel
        assert extra["publisher"] in text and "版权所有" in text, rel
        links = {a.text_content().strip(): a.get("href") for a in footer.iter("a")}
        assert links[extra["beian"]["icp"]] == "https://beian.miit.gov.cn/", rel
        assert links[extra["beian"]["police"]].startswith("https://beian.mps.gov.cn/"), rel
        assert extra["beian"]["police_code"] in links[extra["beian"]["police"]], rel


def test_404_page_in_chinese(seed_site):
    page = doc(seed_site, "404.html")
    assert [h.text_content() for h in page.iter("h1")] == ["页面未找到"]
    assert "Not found" not in page.text_content()
    assert any(a.text_content() == "返回首页" for a in page.iter("a"))


def texts(page, cls: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in page.find_class(cls)]


def test_front_page_is_built_from_content(seed_site):
    from kexie.core.catalog import load_catalog

    catalog = load_catalog(REPO / "content")
    home = doc(seed_site, "index.html")
    assert [h.text_content() for h in home.iter("h1")] == ["企业科协 · 融媒体"]
    issue = catalog.latest_issue
    assert issue.theme in home.find_class("kx-home__issue")[0].text_content()
    assert home.find_class("kx-cover")  # no cover photo in the seed: the typographic cover
    leads = texts(home, "kx-home__leads")[0]
    for a in catalog.by_section["benqi-guanzhu"]:
        assert a.title in leads
    news = home.find_class("kx-home__news-list")[0]
    for a in catalog.hub_articles:
        assert a.title in news.text_content()
    assert [t.text_content() for t in news.iter("time")] == ["约2023年10月"] * 4
    spotlight = texts(home, "kx-spotlight")[0]
    assert all(p.name in spotlight for p in catalog.innovators)
    hrefs = {a.get("href") for a in home.iter("a")}
    assert {"issues/", "news/", "people/", "feed.xml", "atom.xml", "issues/feed.xml"} <= hrefs
    assert all(s.url in hrefs for s in catalog.sections if catalog.by_section.get(s.slug))


def test_magazine_articles_turn_in_print_order(seed_site):
    page = doc(seed_site, "issues/2023-02/li-weirong/index.html")
    turn = page.find_class("kx-article__turn")[0]
    links = {a.get("rel"): (a.get("href"), a.text_content()) for a in turn.iter("a")}
    assert links["prev"][0] == "../jiebang-guashuai/" and "揭榜挂帅" in links["prev"][1]
    assert links["next"][0] == "../wang-jiaze/"
    first = doc(seed_site, "issues/2023-02/dian-xiao-er/index.html").find_class("kx-article__turn")[0]
    assert [a.get("rel") for a in first.iter("a")] == ["next"]
    assert not doc(seed_site, "news/tianjin-minying-qiye/index.html").find_class("kx-article__turn")


def test_each_article_is_described_by_its_own_summary(seed_site):
    from kexie.core.catalog import load_catalog

    seen = set()
    for a in load_catalog(REPO / "content").articles:
        head = doc(seed_site, a.url + "index.html").find("head")
        meta = head.find(".//meta[@name='description']").get("content")
        og = head.find(".//meta[@property='og:description']").get("content")
        assert meta == og == a.summary, a.path
        seen.add(meta)
    assert len(seen) > 25
    issue = doc(seed_site, "issues/2023-02/index.html").find(".//meta[@name='description']").get("content")
    assert "创新提振发展信心" in issue


def test_print_artefacts_are_corrected(seed_site):
    for url, wrong, right in [("issues/2023-02/tianjin-kexie-zhicheng/", "天天津市科协", "天津市科协认为"),
                              ("issues/2023-02/yinchuan-kexie/", "展示银银川市", "展示银川市"),
                              ("issues/2023-02/guangzhou-kexie/", "行业科协 and", "行业科协和区域企业科协")]:
        text = doc(seed_site, url + "index.html").find_class("kx-article")[0].text_content()
        assert wrong not in text and right in text, url
    cut = doc(seed_site, "issues/2023-02/zhongtongfu-kexie/index.html")
    assert "编者注" in texts(cut, "kx-editor-note")[0]


def test_table_is_a_real_table_with_the_seed_rows(seed_site):
    from sitekit import REPO as repo

    seed = (repo / "tests/fixtures/seeds/004_b73080eb99c481ac.txt").read_text(encoding="utf-8").splitlines()
    start = seed.index("序号\t技术需求\t需解决的难题")
    rows = [line.split("\t") for line in seed[start: start + 11]]
    table = doc(seed_site, "issues/2023-02/jiebang-guashuai/index.html").find(".//article//table")
    cells = [[" ".join(c.text_content().split()) for c in tr] for tr in table.iter("tr")]
    assert cells == [[" ".join(c.split()) for c in row] for row in rows]
    assert "<pre>" not in (seed_site / "issues/2023-02/jiebang-guashuai/index.html").read_text(encoding="utf-8")
