"""Share cards: every page of a built site carries og: and itemprop title, description,
image (absolute, JPEG/PNG with its true width and height) and canonical URL; an article
shares its first photo, an issue page its cover, other pages the site image."""

from __future__ import annotations

import io

import lxml.html
import yaml
from PIL import Image

from sitekit import PEOPLE, article, issue_yml, make_site
from test_images import photo

SITE_URL = "https://qyqx.example.cn/"


def card(page_html: str) -> dict[str, str]:
    head = lxml.html.fromstring(page_html).head
    out = {m.get("property") or "itemprop:" + m.get("itemprop"): m.get("content")
           for m in head.iter("meta") if m.get("property") or m.get("itemprop")}
    out["canonical"] = head.xpath("string(link[@rel='canonical']/@href)")
    out["wechat"] = head.xpath("string(meta[@name='kexie:wechat-signature-endpoint']/@content)")
    return out


def test_every_page_has_a_card_with_its_own_image(tmp_path):
    site = make_site(tmp_path)
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(config.replace("extra:\n", "extra:\n  wechat:\n    signature_endpoint: https://api.example.cn/wx-sign\n    app_id: wx123\n", 1), encoding="utf-8")
    site.write("issues/2023-02/issue.yml", issue_yml() + "cover: cover.jpg\n")
    site.write("issues/2023-02/cover.jpg", photo(1500, 2000))
    site.write("issues/2023-02/lab.jpg", photo(2400, 1600))
    site.write("issues/2023-02/second.jpg", photo(900, 600))
    body = "导语。\n\n![李卫荣在实验室](lab.jpg)\n\n![第二张](second.jpg)\n"
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["李卫荣"], summary="<b>镁合金</b>的故事", body=body))
    site.write("people/photos/li-weirong.jpg", photo(800, 1000))
    site.write("_data/people.yml", yaml.safe_dump([{**PEOPLE[0], "photo": "people/photos/li-weirong.jpg"}], allow_unicode=True, sort_keys=False))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    pages = [p for p in site.out.rglob("index.html") if p.relative_to(site.out).parts[0] not in ("a", "admin")]
    assert len(pages) >= 10
    for path in pages:
        c = card(path.read_text(encoding="utf-8"))
        where = path.relative_to(site.out).as_posix()
        for key in ("og:title", "og:description", "og:image", "og:url", "itemprop:name", "itemprop:description", "itemprop:image"):
            assert c.get(key), (where, key)
        assert c["og:url"] == c["canonical"] and c["og:url"].startswith(SITE_URL), where
        assert c["og:image"] == c["itemprop:image"] and c["og:image"].startswith(SITE_URL), where
        assert c["og:image"].endswith((".jpg", ".png")), where  # never WebP
        with Image.open(site.out / c["og:image"][len(SITE_URL):]) as img:  # the file is there, at the size said
            assert img.size == (int(c["og:image:width"]), int(c["og:image:height"])), where
        assert c["wechat"] == "https://api.example.cn/wx-sign"
    art = card(site.page("issues/2023-02/li-weirong"))
    assert art["og:image"] == SITE_URL + "issues/2023-02/lab-1200w.jpg" and art["og:type"] == "article"
    assert art["og:description"] == "镁合金的故事" and art["og:title"] == "李卫荣：镁合金"
    assert card(site.page("issues/2023-02"))["og:image"] == SITE_URL + "issues/2023-02/cover-1200w.jpg"
    assert card(site.page("people/li-weirong"))["og:image"] == SITE_URL + "people/photos/li-weirong-800w.jpg"
    home = card(site.page(""))
    assert home["og:image"] == SITE_URL + "assets/kexie/share.png" and home["og:title"] == "企业科协 · 融媒体"
    assert (home["og:image:width"], home["og:image:height"]) == ("1200", "630")
    no_photo = card(site.page("issues/2023-02/juan-shou-yu"))
    assert no_photo["og:image"] == SITE_URL + "assets/kexie/share.png" and no_photo["og:title"] == "卷首语文章"
