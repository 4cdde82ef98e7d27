"""创新达人 profiles, people and organisation pages on the seed content."""

from __future__ import annotations

import pytest

from conftest import page_text
from kexie.core.catalog import load_catalog
from kexie.core.problems import ContentError
from kexie.core.slugs import person_slug
from sitekit import make_site

INNOVATORS = {"li-weirong": ("李卫荣", "广东", "issues/2023-02/li-weirong/"), "wang-jiaze": ("王家泽", "吉林", "issues/2023-02/wang-jiaze/"),
              "he-tao": ("何涛", "湖北", "issues/2023-02/he-tao/")}


def test_pinyin_slugs_by_word():
    assert person_slug("李卫荣") == "li-weirong"
    assert person_slug("欧阳修") == "ouyang-xiu"
    assert person_slug("曾国藩") == "zeng-guofan"


@pytest.mark.parametrize("slug", INNOVATORS)
def test_innovator_page(seed_site, slug):
    name, region, article_url = INNOVATORS[slug]
    html = (seed_site / "people" / slug / "index.html").read_text(encoding="utf-8")
    text = page_text(seed_site, f"people/{slug}")
    assert name in text and region in text and "2022" in text and "创新达人" in text
    assert "单位" in text  # the org is shown
    assert f'href="../../{article_url}"' in html
    assert 'href="feed.xml"' in html  # subscribe to this person


def test_gallery_lists_innovators_with_year_and_region(seed_site):
    text = page_text(seed_site, "people")
    for name, region, _ in INNOVATORS.values():
        assert name in text and region in text
    assert "2022年度" in text
    assert text.index("创新达人") < text.index("其他人物") < text.index("时宝琦")


@pytest.mark.parametrize("slug,hub,magazine", [
    ("tianjin-kexie", "news/tianjin-minying-qiye/", "天津市科协：开展民企专业技术人才职称评定"),
    ("guangxi-kexie", "news/guangxi-kejiguan/", "广西科协赴百色市开展赋能企业创新发展工作对接活动"),
])
def test_org_pages_list_articles_from_both_seeds(seed_site, slug, hub, magazine):
    html = (seed_site / "orgs" / slug / "index.html").read_text(encoding="utf-8")
    assert f'href="../../{hub}"' in html
    assert magazine in html
    text = page_text(seed_site, f"orgs/{slug}")
    assert "省级科协" in text and "中国科学技术协会" in text  # kind and parent


def test_orgs_index_groups_by_kind_and_region(seed_site):
    text = page_text(seed_site, "orgs")
    assert text.index("全国科协") < text.index("省级科协") < text.index("企业科协")
    assert "天津市科协" in text


def test_articles_link_their_people_and_orgs(seed_site):
    html = (seed_site / "news/tianjin-minying-qiye/index.html").read_text(encoding="utf-8")
    assert 'href="../../orgs/tianjin-kexie/"' in html and 'href="../../people/luo-jinfei/"' in html


def test_people_with_the_same_pinyin_collide(tmp_path):
    site = make_site(tmp_path)
    site.write("_data/people.yml", "- name: 李卫荣\n- name: 王冰\n- name: 王兵\n")
    with pytest.raises(ContentError) as e:
        load_catalog(site.content)
    assert "_data/people.yml 第3行 slug（网址名）：“wang-bing”已被“王冰”使用（第2行）" in e.value.report()


def test_unknown_person_suggests_closest_names(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-02/x.md", "---\ntitle: 文\nsection: 卷首语\npage: 2\nperson: [李伟荣]\n---\n")
    with pytest.raises(ContentError) as e:
        load_catalog(site.content)
    assert "issues/2023-02/x.md 第5行 person（人物）：“李伟荣”不在 _data/people.yml 里；是否想写“李卫荣”？" in e.value.report()
