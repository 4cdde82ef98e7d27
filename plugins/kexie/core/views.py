"""The generated pages: which exist, their addresses, titles and data.

Plain Python over the catalog; the plugin turns each ``View`` into a
virtual MkDocs file and hands the view to its template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog
from .model import Article
from .status import groups

PER_PAGE = 20
STATUS_PAGE = "status/"  # drafts, scheduled, withdrawn, corrected: in the preview only


@dataclass
class View:
    src_uri: str  # e.g. "issues/2023-02/index.md"
    title: str
    template: str  # under theme_overrides/kexie/
    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""  # Markdown rendered as page.content (bios, descriptions)
    feeds: str = ""  # folder whose feed.xml/atom.xml belong to this page, "" = site feeds
    description: str = ""  # meta/og description: what a shared link previews

    @property
    def url(self) -> str:
        return self.src_uri[: -len("index.md")]

    def markdown(self) -> str:
        # json.dumps gives a valid YAML scalar for any title, quotes and all.
        meta = f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\ntemplate: kexie/{self.template}\n---\n\n"
        return meta + self.body


@dataclass
class Pager:
    number: int
    count: int
    base: str  # url of page 1

    def url(self, n: int) -> str:
        return self.base if n == 1 else f"{self.base}page/{n}/"

    @property
    def previous(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None


def paginate(base: str, title: str, template: str, articles: list[Article], data: dict, per_page: int = PER_PAGE, feeds: str = "") -> list[View]:
    chunks = [articles[i: i + per_page] for i in range(0, len(articles), per_page)] or [[]]
    views = []
    for n, chunk in enumerate(chunks, 1):
        pager = Pager(n, len(chunks), base)
        suffix = f"（第{n}页）" if n > 1 else ""
        views.append(View(f"{pager.url(n)}index.md", title + suffix, template, {**data, "articles": chunk, "pager": pager}, feeds=feeds))
    return views


def generate(catalog: Catalog, per_page: int = PER_PAGE) -> list[View]:
    views = [View("issues/index.md", "期刊", "archive.html", {"years": catalog.issues_by_year()}, feeds="issues/")]
    for issue in catalog.issues:
        older, newer = catalog.neighbours(issue)
        views.append(View(f"{issue.url}index.md", f"《{issue.publication}》{issue.full_label}", "issue.html",
                          {"issue": issue, "contents": catalog.contents(issue), "older": older, "newer": newer}, feeds="issues/",
                          description=f"《{issue.publication}》{issue.full_label}" + (f"，本期关注：{issue.theme}" if issue.theme else "")))
    views.append(View("sections/index.md", "栏目", "sections.html", {"sections": [(s, len(catalog.by_section.get(s.slug, []))) for s in catalog.sections]}))
    for s in catalog.sections:
        pages = paginate(s.url, s.name, "section.html", catalog.by_section.get(s.slug, []), {"section": s}, per_page, feeds=s.url)
        for v in pages:
            v.description = s.description or f"栏目「{s.name}」的文章"
        views += pages
    innovators = catalog.innovators
    views.append(View("people/index.md", "人物", "people.html", {"by_year": _group(innovators, lambda p: p.honour_year or 0, reverse=True),
                      "by_region": _group(innovators, lambda p: p.region or "其他"),
                      "others": [p for p in catalog.people if not p.is_innovator]}))
    for person in catalog.people:
        views.append(View(f"{person.url}index.md", person.name, "person.html", {"person": person, "org": catalog.org_named(person.org),
                          "articles": catalog.by_person.get(person.slug, [])}, body=person.bio, feeds=person.url,
                          description="，".join(x for x in (person.name, person.title or person.org, *person.honours[:1]) if x)))
    views.append(View("orgs/index.md", "机构", "orgs.html", {"groups": _orgs_by_kind(catalog)}))
    for org in catalog.orgs:
        views.append(View(f"{org.url}index.md", org.name, "org.html", {"org": org, "parent": catalog.org_named(org.parent),
                          "children": [o for o in catalog.orgs if o.parent in (org.name, org.short, org.slug)],
                          "articles": catalog.by_org.get(org.slug, [])}, body=org.description, feeds=org.url,
                          description=_first_sentence(org.description) or f"{org.name}：相关文章"))
    views += paginate("news/", "新闻", "news.html", catalog.hub_articles, {}, per_page)
    if catalog.preview:  # the newsroom's report: never part of a published site
        views.append(View(f"{STATUS_PAGE}index.md", "发布状态（仅预览）", "status.html", {"groups": groups(catalog)}))
    return views


def _first_sentence(text: str) -> str:
    plain = " ".join(text.replace("#", " ").split())
    return plain[: plain.find("。") + 1] if "。" in plain[:200] else plain[:120]


def print_neighbours(catalog: Catalog, article: Article) -> tuple[Article | None, Article | None]:
    """(previous, next) article of the same issue in print order, as a reader turns the pages."""
    printed = catalog.by_issue.get(article.issue.id, []) if article.issue else []
    n = next((i for i, a in enumerate(printed) if a is article), None)
    if n is None:
        return None, None
    return (printed[n - 1] if n > 0 else None, printed[n + 1] if n + 1 < len(printed) else None)


def _group(items: list, key, reverse: bool = False) -> list[tuple]:
    """[(key, [items…]), …] sorted by key, items keeping their order."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return sorted(groups.items(), key=lambda kv: kv[0], reverse=reverse)


def _orgs_by_kind(catalog: Catalog) -> list[tuple[str, list]]:
    from .model import ORG_KINDS

    order = {k: n for n, k in enumerate(ORG_KINDS)}
    groups: dict[str, list] = {}
    for org in sorted(catalog.orgs, key=lambda o: (order.get(o.kind, 99), o.region, o.slug)):
        groups.setdefault(org.kind, []).append(org)
    return list(groups.items())


@dataclass
class FrontPage:
    """What the home page shows, all from content: the latest issue and its lead stories,
    the newest hub items, a 创新达人 spotlight, the 栏目 and the archive by year."""

    issue: Any  # Issue | None
    leads: list[Article]
    news: list[Article]
    spotlight: list[tuple[Any, Article | None]]  # (Person, their newest article)
    sections: list[tuple[Any, int]]  # (Section, article count), editorial order
    years: list[tuple[int, int]]  # (year, issue count), newest first


LEAD_SECTION = "本期关注"


def front_page(catalog: Catalog, news: int = 6, leads: int = 4, people: int = 4) -> FrontPage:
    issue = catalog.latest_issue
    return FrontPage(issue=issue, leads=_leads(catalog, issue, leads), news=catalog.hub_articles[:news],
                     spotlight=_spotlight(catalog, people),
                     sections=[(s, n) for s in catalog.sections if (n := len(catalog.by_section.get(s.slug, [])))],
                     years=[(year, len(issues)) for year, issues in catalog.issues_by_year()])


def _leads(catalog: Catalog, issue, limit: int) -> list[Article]:
    """The issue's 本期关注 pieces first, then the first article of each 栏目 in print order."""
    if issue is None:
        return []
    printed = [a for a in catalog.by_issue.get(issue.id, []) if not a.section.is_cover]
    focus = [a for a in printed if a.section.name == LEAD_SECTION]
    firsts = [arts[0] for s, arts in catalog.contents(issue) if not s.is_cover and s.name != LEAD_SECTION]
    return focus[:limit] + [a for a in firsts if a not in focus][: max(0, limit - len(focus))]


def _spotlight(catalog: Catalog, limit: int) -> list[tuple[Any, Article | None]]:
    """创新达人 with their newest article, the most recently written about first."""
    people = [(p, (catalog.by_person.get(p.slug) or [None])[0]) for p in catalog.innovators]
    people.sort(key=lambda pa: pa[1].sort_key if pa[1] else (), reverse=True)
    return people[:limit]
