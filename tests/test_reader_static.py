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
