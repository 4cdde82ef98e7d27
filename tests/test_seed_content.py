"""The seed texts are in content/, verbatim: every paragraph, nothing dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import page_text
from kexie.core.catalog import load_catalog
from sitekit import CONTENT

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"  # copies of ../shared/seeds
SEED_ISSUE = "004_b73080eb99c481ac.txt"
SEED_HUB = "000_6ffef0cc49687897.txt"
STRUCTURAL = ("# CONTENTS 目录", "# 学习贯彻党的二十大精神 推动航天科协事业蓬勃发展")  # the CONTENTS + masthead pages


def norm(text: str) -> str:
    # Markdown marks (headings, tables: | and :-:) do not count, only the words
    return re.sub(r"[\s#*>\-|:]", "", text)


# Print artefacts corrected in content (issue 15); the seed keeps them as printed.
CORRECTIONS = (("天天津市科协", "天津市科协"), ("展示银银川市", "展示银川市"), ("行业科协 and 区域", "行业科协和区域"))


def corrected(text: str) -> str:
    for wrong, right in CORRECTIONS:
        text = text.replace(wrong, right)
    return text


def blocks(text: str) -> list[str]:
    return [b for b in (norm(b) for b in re.split(r"\n\s*\n", text)) if b]


def content_corpus() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(CONTENT.rglob("*")) if p.suffix in (".md", ".yml", ".svg")]
    return norm("\n".join(parts))


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed texts not present at {SEEDS}")
    return path.read_text(encoding="utf-8")


def test_every_hub_paragraph_is_in_content():
    corpus = content_corpus()
    missing = [b[:40] for b in blocks(seed(SEED_HUB)) if b not in corpus]
    assert missing == []


def test_every_issue_paragraph_is_in_content_or_on_the_issue_page(seed_site):
    text = corrected(seed(SEED_ISSUE))
    start, end = text.index(STRUCTURAL[0]), text.index(STRUCTURAL[1])
    articles, contents = text[:start] + text[end:], text[start:end]
    corpus = content_corpus()
    missing = [b[:40] for b in blocks(articles) if b not in corpus]
    assert missing == []
    # The CONTENTS and masthead are rendered from issue.yml and the articles: check line by line.
    issue_page = norm(page_text(seed_site, "issues/2023-02"))
    missing = [line for line in (norm(x) for x in contents.splitlines()) if line and line not in issue_page and line not in corpus]
    assert missing == []


def test_seed_catalog_shape():
    catalog = load_catalog(CONTENT)
    issue = catalog.latest_issue
    assert (issue.id, issue.total, issue.print_date.isoformat()) == ("2023-02", 315, "2023-04-30")
    assert len(catalog.by_issue["2023-02"]) == 28  # 25 CONTENTS entries + 封面, 封二, 封三
    assert len(catalog.hub_articles) == 4
    regions = {a.title.split("：")[0] for a in catalog.hub_articles}
    assert regions == {"北京", "天津", "浙江", "广西"}
