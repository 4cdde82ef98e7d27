"""Issue pages read like the printed CONTENTS; archive, prev/next, section pages."""

from __future__ import annotations

import re

from conftest import page_text
from sitekit import article, issue_yml, make_site
from test_seed_content import SEED_ISSUE, norm, seed


def printed_contents() -> list[tuple[str, int, str]]:
    """(栏目, page, title) for every entry of the seed's CONTENTS page, in print order."""
    text = seed(SEED_ISSUE)
    text = text[text.index("# CONTENTS 目录"): text.index("编 印")]
    entries, section = [], None
    for line in text.splitlines():
        line = line.strip()
        if m := re.match(r"^#+ (\d+) / (.+)$", line):
            section = m.group(2).strip()
        elif m := re.match(r"^(\d+) (.+?)\s*$", line):
            entries.append((section, int(m.group(1)), m.group(2)))
        elif m := re.match(r"^(封面|封二|封三) (.+)$", line):
            entries.append((m.group(1), None, m.group(2)))
    return entries


def test_issue_page_has_every_contents_entry_in_order(seed_site):
    html = (seed_site / "issues/2023-02/index.html").read_text(encoding="utf-8")
    entries = printed_contents()
    assert len(entries) == 28
    text = norm(re.sub(r"<[^>]+>", "", html))
    position = 0
    for section, page, title in entries:
        wanted = norm(f"{page:02d}{title}" if page else f"{section}{title}")
        found = text.find(wanted, position)
        assert found >= 0, f"{section} {page} {title} missing or out of order"
        # the entry sits under its 栏目 heading
        assert section in re.sub(r"<[^>]+>", "", html)
        position = found
    for words in ("《企业科协》", "2023年第2期", "总第315期", "创新提振发展信心 科技激发产业活力", "2023年4月30日", "编委会", "执行主编", "魏晓文"):
        assert words in html


def test_article_links_back_to_its_issue(seed_site):
    text = page_text(seed_site, "issues/2023-02/li-weirong")
    assert re.search(r"2023年第2期\s*·\s*创新达人\s*·\s*第42页", text)
    html = (seed_site / "issues/2023-02/li-weirong/index.html").read_text(encoding="utf-8")
    assert 'href="../"' in html and 'href="../../../people/li-weirong/"' in html


def test_nav_stays_small(seed_site):
    html = (seed_site / "sections/index.html").read_text(encoding="utf-8")
    nav = html[html.find('<nav class="md-tabs"'):]
    nav = nav[: nav.find("</nav>")]
    assert "li-weirong" not in nav
    for label in ("期刊", "栏目", "人物", "机构", "新闻"):
        assert label in nav


def test_second_issue_joins_archive_with_prev_next(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-03/issue.yml", issue_yml("2023-03", number=3, total=316, print_date="2023-06-30"))
    site.write("issues/2023-03/juan-shou-yu.md", article("第三期卷首语", "卷首语", 1))
    site.write("issues/2022-06/issue.yml", issue_yml("2022-06", year=2022, number=6, total=313, print_date="2022-12-30"))
    site.write("issues/2022-06/juan-shou-yu.md", article("去年卷首语", "卷首语", 1))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    archive = site.page("issues")
    assert archive.index("2023年第3期") < archive.index("2023年第2期") < archive.index("2022年第6期")
    assert archive.index("2023年") < archive.index("2022年")
    middle = site.page("issues/2023-02")
    assert 'rel="prev" href="../2022-06/"' in middle and 'rel="next" href="../2023-03/"' in middle
    assert "第三期卷首语" in site.page("")  # the home page shows the latest issue


def test_section_pages_paginate_newest_first(tmp_path):
    site = make_site(tmp_path)
    for n in range(45):
        site.write(f"news/item-{n:02d}.md", article(f"简讯{n:02d}", "地方动态", None, date=f"2023-01-{1 + n % 28:02d}"))
    assert site.build("--strict").returncode == 0
    first, third = site.page("sections/difang-dongtai"), site.page("sections/difang-dongtai/page/3")
    assert 'rel="next" href="page/2/"' in first and "第 1 / 3 页" in first
    assert "第 3 / 3 页" in third
    assert first.index("简讯27") < first.index("简讯26")  # 2023-01-28 before 2023-01-27


def test_two_articles_may_share_a_page(seed_site):
    text = page_text(seed_site, "issues/2023-02")
    assert text.count("52") >= 4
