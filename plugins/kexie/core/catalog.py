"""The catalog: every issue, section, article, person and org, resolved and
indexed once per build.  ``load_catalog(content_dir)`` is the one entry point;
it raises ``ContentError`` carrying every problem found.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .articles import ArticleDraft, read_article
from .model import Article, Issue, Org, Person, Publication, Section
from .problems import Problems, suggest
from .registries import DATA_DIR, load_issue, load_orgs, load_people, load_publications, load_sections

ISSUES_DIR, NEWS_DIR = "issues", "news"
GENERATED_DIRS = ("sections", "people", "orgs")


@dataclass
class Catalog:
    publications: list[Publication]
    sections: list[Section]
    issues: list[Issue]  # newest first
    people: list[Person]
    orgs: list[Org]
    articles: list[Article]  # newest first
    pages: list[str] = field(default_factory=list)  # other Markdown pages (home, about)
    by_issue: dict[str, list[Article]] = field(default_factory=dict)
    by_section: dict[str, list[Article]] = field(default_factory=dict)
    by_person: dict[str, list[Article]] = field(default_factory=dict)
    by_org: dict[str, list[Article]] = field(default_factory=dict)
    by_path: dict[str, Article] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.articles.sort(key=lambda a: a.sort_key, reverse=True)
        by_issue, by_section, by_person, by_org = (defaultdict(list) for _ in range(4))
        for a in self.articles:
            if a.issue:
                by_issue[a.issue.id].append(a)
            by_section[a.section.slug].append(a)
            for person in a.people:
                by_person[person.slug].append(a)
            for org in a.orgs:
                by_org[org.slug].append(a)
        for items in by_issue.values():
            items.sort(key=_print_order)
        self.by_issue, self.by_section, self.by_person, self.by_org = map(dict, (by_issue, by_section, by_person, by_org))
        self.by_path = {a.path: a for a in self.articles}

    # -- issues ------------------------------------------------------------
    @property
    def latest_issue(self) -> Issue | None:
        return self.issues[0] if self.issues else None

    def neighbours(self, issue: Issue) -> tuple[Issue | None, Issue | None]:
        """(previous = older, next = newer) issue of the same publication."""
        same = [i for i in self.issues if i.publication == issue.publication]
        n = same.index(issue)
        return (same[n + 1] if n + 1 < len(same) else None, same[n - 1] if n > 0 else None)

    def contents(self, issue: Issue) -> list[tuple[Section, list[Article]]]:
        """The printed CONTENTS: sections in editorial order, articles by page."""
        groups: dict[str, list[Article]] = defaultdict(list)
        for a in self.by_issue.get(issue.id, []):
            groups[a.section.slug].append(a)
        return [(s, groups[s.slug]) for s in self.sections if s.slug in groups]

    def issues_by_year(self) -> list[tuple[int, list[Issue]]]:
        years: dict[int, list[Issue]] = defaultdict(list)
        for i in self.issues:
            years[i.year].append(i)
        return sorted(years.items(), reverse=True)

    # -- people and orgs ---------------------------------------------------
    def org_named(self, name: str) -> Org | None:
        return self._org_index.get(name)

    @property
    def _org_index(self) -> dict[str, Org]:
        return {key: o for o in self.orgs for key in (o.slug, o.short, o.name) if key}

    @property
    def innovators(self) -> list[Person]:
        return sorted((p for p in self.people if p.is_innovator), key=lambda p: (-(p.honour_year or 0), p.slug))

    @property
    def newest_date(self):
        return self.articles[0].date if self.articles else max((i.print_date for i in self.issues), default=None) or dt.date(2000, 1, 1)

    @property
    def hub_articles(self) -> list[Article]:
        return [a for a in self.articles if a.issue is None]


def _print_order(a: Article):
    """Within an issue: cover items after pages, as the printed CONTENTS lists them."""
    return (a.section.is_cover, a.page or 0, a.order or 0, a.section.order, a.path)


def load_catalog(root: str | Path) -> Catalog:
    """Read and check all content under ``root`` (the MkDocs docs_dir)."""
    root = Path(root)
    p = Problems()
    sections = _unique(load_sections(root, p), "sections", p)
    orgs = _unique(load_orgs(root, p), "orgs", p)
    people = _unique(load_people(root, p), "people", p)
    publications = _unique(load_publications(root, p), "publications", p)
    issues = _load_issues(root, publications, p)
    drafts, pages = _read_markdown(root, {i.id for i in issues}, p)
    articles = _resolve(drafts, sections, issues, people, orgs, p)
    _check_parents(orgs, people, p)
    _check_urls(articles, p)
    p.raise_if_any()
    issues.sort(key=lambda i: i.sort_key, reverse=True)
    return Catalog(publications, sections, issues, people, orgs, articles, pages)


def _unique(items: list, kind: str, p: Problems) -> list:
    """Registry entries must differ in name and slug (slugs become URLs)."""
    seen: dict[tuple[str, str], object] = {}
    out = []
    for item in items:
        clash = None
        for key in ("name", "slug"):
            value = getattr(item, key)
            if (key, value) in seen:
                clash = (key, value, seen[(key, value)])
        if clash:
            key, value, other = clash
            hint = " give one of them an explicit slug" if key == "slug" else " each name may appear once"
            p.add(f"{DATA_DIR}/{kind}.yml", None, f"{item.name}", f"{key} '{value}' is already used by '{other.name}';{hint}")
            continue
        seen[("name", item.name)] = seen[("slug", item.slug)] = item
        out.append(item)
    return out


def _load_issues(root: Path, publications: list[Publication], p: Problems) -> list[Issue]:
    names = [pub.name for pub in publications]
    issues: list[Issue] = []
    base = root / ISSUES_DIR
    for folder in sorted(base.iterdir()) if base.is_dir() else []:
        if not folder.is_dir():
            continue
        rel = f"{ISSUES_DIR}/{folder.name}/issue.yml"
        if not (folder / "issue.yml").is_file():
            p.add(rel, None, None, "is missing; every issue folder needs an issue.yml with id, year, number and print_date")
            continue
        issue = load_issue(root, rel, p)
        if issue is None:
            continue
        if issue.publication and issue.publication not in names:
            p.add(rel, None, "publication", f"'{issue.publication}' is not a known publication; {suggest(issue.publication, names)}")
        issues.append(issue)
    return issues


def _read_markdown(root: Path, issue_ids: set[str], p: Problems) -> tuple[list[ArticleDraft], list[str]]:
    drafts, pages = [], []
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        parts = rel.split("/")
        if parts[0].startswith((".", "_")):
            continue
        if parts[0] in GENERATED_DIRS or rel in (f"{ISSUES_DIR}/index.md", f"{NEWS_DIR}/index.md") or (parts[0] == ISSUES_DIR and parts[-1] == "index.md"):
            p.add(rel, None, None, "this page is generated by the site; move the text elsewhere (issue details go in issue.yml, people and orgs in _data/)")
            continue
        if parts[0] == ISSUES_DIR:
            if len(parts) != 3:
                p.add(rel, None, None, "magazine articles go directly in an issue folder, e.g. issues/2023-02/li-weirong.md")
                continue
            if parts[1] not in issue_ids:
                continue  # the folder's own problem (missing or bad issue.yml) is already reported
            draft = read_article(root, rel, parts[1], p)
        elif parts[0] == NEWS_DIR:
            draft = read_article(root, rel, None, p)
        else:
            pages.append(rel)
            continue
        if draft:
            drafts.append(draft)
    return drafts, pages


def _resolve(drafts: list[ArticleDraft], sections: list[Section], issues: list[Issue], people: list[Person], orgs: list[Org], p: Problems) -> list[Article]:
    section_by = {s.name: s for s in sections} | {s.slug: s for s in sections}
    issue_by = {i.id: i for i in issues}
    person_by = {key: x for x in people for key in (x.slug, x.name)}
    org_by = {key: o for o in orgs for key in (o.slug, o.short, o.name) if key}
    out = []
    for d in drafts:
        def bad(field: str, message: str) -> None:
            p.add(d.path, d.lines.get(field), field, message)

        section = section_by.get(d.section)
        if not section:
            bad("section", f"'{d.section}' is not a known section; {suggest(d.section, [s.name for s in sections])}")
        issue = issue_by.get(d.issue) if d.issue else None
        if d.issue and not issue:
            bad("issue", f"'{d.issue}' is not a known issue; {suggest(d.issue, sorted(issue_by))}")
        if issue and "page" not in d.lines and section and not section.is_cover:
            bad("page", "is missing; expected the print page number from the CONTENTS, e.g. page: 42 (only 封面/封二/封三 items have none)")
        found_people = _lookup(d, "person", d.people, person_by, [x.name for x in people], p)
        found_orgs = _lookup(d, "org", d.orgs, org_by, [k for o in orgs for k in (o.name, o.short) if k], p)
        date = d.date or (issue.print_date if issue else None)
        if section and date and (issue or not d.issue):
            out.append(Article(path=d.path, title=d.title, section=section, date=date, url=d.url, issue=issue, page=d.page,
                               order=d.order, authors=d.authors, orgs=found_orgs, people=found_people, summary=d.summary, slug=d.slug))
    return out


def _lookup(d: ArticleDraft, field: str, names: list[str], index: dict, known: list[str], p: Problems) -> list:
    found = []
    for name in names:
        if name in index:
            found.append(index[name])
        else:
            where = "_data/people.yml" if field == "person" else "_data/orgs.yml"
            p.add(d.path, d.lines.get(field), field, f"'{name}' is not in {where}; {suggest(name, known)} (add an entry there first)")
    return found


def _check_parents(orgs: list[Org], people: list[Person], p: Problems) -> None:
    org_keys = {key for o in orgs for key in (o.slug, o.short, o.name) if key}
    for o in orgs:
        if o.parent and o.parent not in org_keys:
            p.add(f"{DATA_DIR}/orgs.yml", None, f"{o.name}.parent", f"'{o.parent}' is not an org in this file; {suggest(o.parent, sorted(org_keys))}")
    for x in people:
        if x.org and x.org not in org_keys:
            p.add(f"{DATA_DIR}/people.yml", None, f"{x.name}.org", f"'{x.org}' is not an org in orgs.yml; {suggest(x.org, sorted(org_keys))}")


def _check_urls(articles: list[Article], p: Problems) -> None:
    """Two files may never write the same page (the later would silently win)."""
    owners: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        owners[a.url].append(a.path)
    for url, paths in owners.items():
        for path in paths if len(paths) > 1 else []:
            others = ", ".join(x for x in sorted(paths) if x != path)
            p.add(path, None, "slug", f"address /{url} is already used by {others}; give one of them a different slug")
