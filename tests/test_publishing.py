"""Publishing states (draft, scheduled, withdrawn, corrected), sign-off and reposts:
through the real build, its feeds, search index and sitemap, and the real preview."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time

import feedparser
import pytest

from kexie.core.checks import check_site
from kexie.core.problems import ContentError
from kexie.core.publishing import DRAFT, PUBLISHED, SCHEDULED, SHANGHAI, WITHDRAWN, Record, parse_when
from sitekit import REPO, article, issue_yml, make_site
from test_serve import fetch, first_build_done, serving

NOW = "2023-10-01 08:00"  # KEXIE_NOW: the build's clock for scheduled articles

DRAFT_TITLE, LATER_TITLE, DUE_TITLE = "草稿里的文章", "明天才公开的新闻", "今早公开的新闻"
GONE_TITLE, GONE_TEXT = "已撤下的文章", "撤稿前的正文一二三"
CORRECTED_NOTE = "第二段“2021年”应为“2022年”，已改正。"


def newsroom(root):
    site = make_site(root)
    site.write("issues/2023-02/caogao.md", article(DRAFT_TITLE, "工作简讯", 5, draft=True, body="草稿正文甲乙丙。\n"))
    site.write("issues/2023-02/chegao.md", article(GONE_TITLE, "工作简讯", 6, withdrawn="2023-09-01",
                                                    withdrawn_reason="文中数据有误，正在核实", body=GONE_TEXT + "\n"))
    site.write("news/mingtian.md", article(LATER_TITLE, "地方动态", None, date="2023-10-02", publish_at="2023-10-02 09:00",
                                           body="定时正文丁戊己。\n"))
    site.write("news/jinzao.md", article(DUE_TITLE, "地方动态", None, date="2023-10-01", publish_at="2023-10-01 07:59"))
    site.write("news/zhuanzai.md", article("转载的新闻", "地方动态", None, date="2023-09-20", repost=True, source="科技日报",
                                           original_author="王五", original_title="原来的标题"))
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["李卫荣"], authors=["张婷"],
                                                       editor="赵六", corrections=[{"date": "2023-09-15", "note": CORRECTED_NOTE}]))
    return site


def build(site, now: str = NOW):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KEXIE_NOW": now}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site.out)], cwd=site.root,
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = newsroom(tmp_path_factory.mktemp("newsroom"))
    result = build(site)
    assert result.returncode == 0, result.stderr
    return site


def site_text(site, *globs) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for g in globs for p in site.out.glob(g) if p.is_file())


def feed_titles(site, rel="feed.xml") -> list[str]:
    return [e.title for e in feedparser.parse((site.out / rel).read_bytes()).entries]


# -- the states, read ------------------------------------------------------------
@pytest.mark.parametrize("written, expected", [
    ("2023-10-01 08:00", (2023, 10, 1, 8, 0)), ("2023-10-01T08:00:30", (2023, 10, 1, 8, 0)),
    ("2023/10/1 8:05", (2023, 10, 1, 8, 5)), ("2023年10月1日 8时", (2023, 10, 1, 8, 0)), ("2023年10月1日 8点30分", (2023, 10, 1, 8, 30)),
    ("2023-10-01 08：00", (2023, 10, 1, 8, 0)), ("2023-10-01", (2023, 10, 1, 0, 0)), ("2023-10-01T00:00:00Z", (2023, 10, 1, 8, 0)),
    (dt.date(2023, 10, 1), (2023, 10, 1, 0, 0)), (dt.datetime(2023, 10, 1, 8, 0), (2023, 10, 1, 8, 0)),
])
def test_publish_times_are_read_as_beijing_time(written, expected):
    when = parse_when(written)
    assert (when.year, when.month, when.day, when.hour, when.minute) == expected and when.utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize("written", ["明天早上", "2023-13-01 08:00", "2023-02-30", "10/01/2023", "2023-10-01 25:00"])
def test_impossible_publish_times_are_refused(written):
    assert parse_when(written) is None


def test_state_at_a_time():
    now = dt.datetime(2023, 10, 1, 8, 0, tzinfo=SHANGHAI)
    assert Record().state(now) == PUBLISHED
    assert Record(draft=True).state(now) == DRAFT
    assert Record(publish_at=now + dt.timedelta(minutes=1)).state(now) == SCHEDULED
    assert Record(publish_at=now).state(now) == PUBLISHED
    assert Record(draft=True, withdrawn=dt.date(2023, 9, 1)).state(now) == WITHDRAWN


# -- the published site ---------------------------------------------------------
def test_drafts_and_articles_not_yet_due_are_nowhere_in_the_published_site(built):
    for rel in ("issues/2023-02/caogao", "news/mingtian"):
        assert not (built.out / rel / "index.html").exists()
    assert not (built.out / "status").exists()  # the newsroom's report is the preview's only
    everything = site_text(built, "**/*.html", "**/*.xml", "search/**/*")
    for hidden in (DRAFT_TITLE, "草稿正文甲乙丙", LATER_TITLE, "定时正文丁戊己", "caogao", "mingtian"):
        assert hidden not in everything, hidden


def test_an_article_whose_time_has_come_is_published_everywhere(built):
    assert DUE_TITLE in built.page("news/jinzao")
    assert DUE_TITLE in feed_titles(built) and DUE_TITLE in built.page("news")
    assert "news/jinzao/" in (built.out / "sitemap.xml").read_text(encoding="utf-8")
    assert "今早" in site_text(built, "search/**/*") or "jinzao" in site_text(built, "search/**/*")


def test_a_withdrawn_article_keeps_its_address_with_a_notice_and_leaves_every_list(built):
    page = built.page("issues/2023-02/chegao")
    assert "本文已于2023年9月1日撤稿" in page and "文中数据有误，正在核实" in page
    assert GONE_TEXT not in page and '<meta name="robots" content="noindex">' in page
    assert GONE_TITLE not in built.page("issues/2023-02") and GONE_TITLE not in built.page("sections/gongzuo-jianxun")
    for rel in ("feed.xml", "atom.xml", "sections/gongzuo-jianxun/feed.xml", "issues/feed.xml"):
        assert GONE_TITLE not in (built.out / rel).read_text(encoding="utf-8"), rel
    assert "chegao" not in (built.out / "sitemap.xml").read_text(encoding="utf-8")
    assert GONE_TEXT not in site_text(built, "search/**/*") and "chegao" not in site_text(built, "search/**/*")


def test_a_correction_is_shown_on_the_page_and_dates_the_feed_item(built):
    page = built.page("issues/2023-02/li-weirong")
    assert "更正" in page and "2023年9月15日" in page and "第二段“2021年”应为“2022年”" in page
    assert "责任编辑：赵六" in page
    for rel in ("feed.xml", "atom.xml", "people/li-weirong/atom.xml", "people/li-weirong/feed.xml"):
        item = next(e for e in feedparser.parse((built.out / rel).read_bytes()).entries if e.title == "李卫荣：镁合金")
        assert "2021年”应为“2022年" in (item.content[0].value if "content" in item else item.description), rel
        if rel.endswith("atom.xml"):  # RSS 2.0 items have no updated date
            assert item.updated.startswith("2023-09-15") and item.published.startswith("2023-04-30"), rel
    sitemap = (built.out / "sitemap.xml").read_text(encoding="utf-8")
    assert re.search(r"issues/2023-02/li-weirong/</loc>\s*<lastmod>2023-09-15</lastmod>", sitemap)


def test_a_repost_shows_its_source_author_and_original_title(built):
    page = built.page("news/zhuanzai")
    assert "来源：科技日报" in page and "原作者：王五" in page and "原标题：《原来的标题》" in page


def test_the_first_build_after_the_time_publishes_a_scheduled_article(tmp_path):
    site = newsroom(tmp_path)
    assert build(site, "2023-10-02 08:59").returncode == 0
    assert not (site.out / "news/mingtian").exists()
    assert build(site, "2023-10-02 09:00").returncode == 0
    assert LATER_TITLE in site.page("news/mingtian") and LATER_TITLE in feed_titles(site)


# -- problems -----------------------------------------------------------------
def problems(site) -> list[str]:
    with pytest.raises(ContentError) as e:
        check_site(site.content)
    return [str(p) for p in e.value.problems]


def test_state_field_mistakes_are_named_in_chinese(tmp_path):
    site = make_site(tmp_path)
    site.write("news/a.md", article("甲", "地方动态", None, date="2023-10-01", withdrawn="2023-09-01"))
    site.write("news/b.md", article("乙", "地方动态", None, date="2023-10-01", publish_at="下周一早上"))
    site.write("news/c.md", article("丙", "地方动态", None, date="2023-10-01", repost=True, source="科技日报"))
    site.write("news/d.md", article("丁", "地方动态", None, date="2023-10-01", original_title="别处的标题"))
    site.write("news/e.md", article("戊", "地方动态", None, date="2023-10-01", draft="也许"))
    site.write("news/f.md", article("己", "地方动态", None, date="2023-10-01", corrections="改了一个字"))
    site.write("news/g.md", article("庚", "地方动态", None, date="2023-10-01", corrections=[{"date": "2099-01-01", "note": "将来"}]))
    found = "\n".join(problems(site))
    assert "news/a.md" in found and "没有写撤稿原因" in found
    assert "news/b.md" in found and "“下周一早上”" in found and "publish_at: 2023-10-01 08:00" in found
    assert found.count("转载的文章要写") == 2 and "原作者（original_author）" in found and "原标题（original_title）" in found
    assert "news/d.md" in found and "repost: true" in found
    assert "news/e.md" in found and "“也许”" in found
    assert "news/f.md" in found and "- date: 2023-11-02" in found
    assert "news/g.md" in found and "还没到" in found
    assert "Traceback" not in found


def test_a_published_article_may_not_link_to_a_draft(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-02/caogao.md", article("草稿", "工作简讯", 5, draft=True))
    site.write("news/link.md", article("链接", "地方动态", None, date="2023-10-01", body="见[草稿](../issues/2023-02/caogao.md)。\n"))
    found = "\n".join(problems(site))
    assert "news/link.md" in found and "草稿" in found and "发布的网站里没有这一页" in found
    check_site(site.content, preview=True)  # the preview shows the draft: the link works there


HOUSE = """signoff:
  required: true
  levels: [初审, 复审, 终审]
  kinds: [magazine]
"""


def test_the_house_can_require_an_editor_and_every_review_level(tmp_path):
    site = make_site(tmp_path)
    site.write("_data/house.yml", HOUSE)
    signed = {"editor": "赵六", "signoff": {"初审": "甲", "复审": "乙", "终审": "丙"}}
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, **signed))
    site.write("issues/2023-02/juan-shou-yu.md", article("卷首语文章", "卷首语", 1, signoff={"初审": "甲", "二审": "乙"}))
    site.write("issues/2023-02/caogao.md", article("草稿", "工作简讯", 5, draft=True))  # drafts need no sign-off yet
    site.write("issues/2023-02/later.md", article("定时", "工作简讯", 6, publish_at="2099-01-01 08:00"))  # but scheduled ones do
    found = problems(site)
    text = "\n".join(found)
    assert "li-weirong" not in text and "caogao" not in text and "news/" not in text  # hub items: not in kinds
    assert any("juan-shou-yu.md" in p and "责任编辑" in p for p in found)
    assert any("juan-shou-yu.md" in p and "“二审”不是本刊的审签级别" in p for p in found)
    assert any("juan-shou-yu.md" in p and "复审" in p and "终审" in p and "house.yml" in p for p in found)
    assert any("later.md" in p and "初审" in p for p in found)
    for rel in ("issues/2023-02/juan-shou-yu.md", "issues/2023-02/later.md"):
        site.write(rel, article("补全", "卷首语" if "juan" in rel else "工作简讯", 1 if "juan" in rel else 6, **signed))
    check_site(site.content)


def test_house_rule_mistakes_are_named(tmp_path):
    site = make_site(tmp_path)
    site.write("_data/house.yml", "signoff:\n  required: 是的\n  sections: [不存在的栏目]\n  kinds: [paper]\n")
    found = "\n".join(problems(site))
    assert "_data/house.yml" in found and "“是的”" in found and "“不存在的栏目”不是已有栏目" in found and "paper" in found


# -- the preview --------------------------------------------------------------
def test_the_preview_shows_drafts_and_scheduled_articles_marked(tmp_path, monkeypatch):
    """The editors' preview (`serve --dirty`): drafts and scheduled articles shown and marked, the status page;
    a state changed in a save reaches the CONTENTS at once."""
    site = newsroom(tmp_path)
    monkeypatch.setenv("KEXIE_NOW", NOW)
    with serving(site) as base:
        first_build_done(base)
        page = fetch(base + "issues/2023-02/caogao/")
        assert DRAFT_TITLE in page and "只在预览中可见，不会发布" in page
        later = fetch(base + "news/mingtian/")
        assert "2023年10月2日 09:00（北京时间）起公开" in later
        contents = fetch(base + "issues/2023-02/")
        assert re.search(DRAFT_TITLE + r'</a>\s*<span class="kx-mark kx-mark--draft">草稿</span>', contents)
        assert GONE_TITLE not in contents and "本文已于2023年9月1日撤稿" in fetch(base + "issues/2023-02/chegao/")
        report = fetch(base + "status/")
        for expected in ("草稿（不发布）", DRAFT_TITLE, "定时发布", "2023年10月2日 09:00 公开", "已撤稿", "文中数据有误",
                         "有更正的文章", CORRECTED_NOTE):
            assert expected in report, expected
        site.write("issues/2023-02/caogao.md", article(DRAFT_TITLE, "工作简讯", 5, body="定稿了。\n"))  # draft: true taken out
        site.write("issues/2023-02/juan-shou-yu.md", article("卷首语文章", "卷首语", 1, withdrawn="2023-09-30", withdrawn_reason="重复刊登"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ("kx-mark--draft" in contents or "卷首语文章" in contents):
            time.sleep(0.3)
            contents = fetch(base + "issues/2023-02/") or contents
        assert DRAFT_TITLE in contents and "kx-mark--draft" not in contents and "卷首语文章" not in contents
        assert "重复刊登" in fetch(base + "issues/2023-02/juan-shou-yu/")


def test_the_status_command_lists_every_article_not_simply_published(tmp_path):
    site = newsroom(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=site.root, check=True)
    subprocess.run(["git", "-c", "user.name=编辑", "-c", "user.email=e@example.org", "add", "-A"], cwd=site.root, check=True)
    subprocess.run(["git", "-c", "user.name=编辑", "-c", "user.email=e@example.org", "commit", "-qm", "撤下一篇"], cwd=site.root, check=True)
    env = {**os.environ, "KEXIE_NOW": NOW}
    run = subprocess.run([sys.executable, str(REPO / "scripts/editor.py"), "--content", str(site.content), "status"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "草稿 1 篇" in out and "定时发布 1 篇" in out and "已撤稿 1 篇" in out
    assert "issues/2023-02/caogao.md" in out and "news/mingtian.md" in out and "2023年10月2日 09:00 公开" in out
    assert "2023年9月1日撤稿：文中数据有误，正在核实" in out and CORRECTED_NOTE in out
    assert "撤下一篇" in out  # each with its last change in git
    assert "news/jinzao.md" not in out  # published on time: nothing to report
    assert not (site.out / "status").exists() and "Traceback" not in run.stderr


def test_an_issue_whose_articles_are_all_drafts_waits_for_its_first_published_article(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-03/issue.yml", issue_yml("2023-03", number=3, total=316, print_date="2023-06-30"))
    site.write("issues/2023-03/juan-shou-yu.md", article("下一期的卷首语", "卷首语", 1, draft=True))
    site.write("issues/2023-03/kuaixun.md", article("下一期的快讯", "工作简讯", 2, publish_at="2099-01-01 08:00"))
    assert build(site).returncode == 0
    assert not (site.out / "issues/2023-03").exists()
    assert "2023年第3期" not in site.page("") and "2023年第3期" not in site.page("issues")
    assert "2023年第2期" in site.page("")  # the home page still leads with the last published issue
    site.write("issues/2023-03/juan-shou-yu.md", article("下一期的卷首语", "卷首语", 1))
    assert build(site).returncode == 0
    assert "下一期的卷首语" in site.page("issues/2023-03") and "下一期的快讯" not in site.page("issues/2023-03")
