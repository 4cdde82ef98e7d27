"""The catalog: every issue, section, article, person and org, resolved and
indexed once per build.  ``load_catalog(content_dir)`` is the one entry point;
it raises ``ContentError`` carrying every problem found.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import publishing
from .articles import ArticleDraft, read_article, read_page
from .house import HOUSE_FILE, House, load_house
from .model import Article, Issue, Org, Person, Publication, Section
from .messages import Msg
from .problems import Problem, Problems, suggest
from .source_cache import SourceCache
from .registries import DATA_DIR, load_issue, load_orgs, load_people, load_publications, load_sections
from .tree import Tree, walk

ISSUES_DIR, NEWS_DIR = "issues", "news"
GENERATED_DIRS = ("sections", "people", "orgs")


@dataclass
class Catalog:
    publications: list[Publication]
    sections: list[Section]
    issues: list[Issue]  # newest first
    people: list[Person]
    orgs: list[Org]
    articles: list[Article]  # newest first: what lists, CONTENTS, feeds and search show
    pages: list[str] = field(default_factory=list)  # other Markdown pages (home, about)
    # pages kept at their address with a notice, in no list (publishing.WITHDRAWN)
    withdrawn: list[Article] = field(default_factory=list)
    # drafts and articles scheduled for later: not built at all (the preview lists them, marked, in ``articles``)
    held: list[Article] = field(default_factory=list)
    preview: bool = False
    house: House = field(default_factory=House)
    waiting_issues: list[Issue] = field(default_factory=list)  # every article held back: not on the site yet
    by_issue: dict[str, list[Article]] = field(default_factory=dict)
    by_section: dict[str, list[Article]] = field(default_factory=dict)
    by_person: dict[str, list[Article]] = field(default_factory=dict)
    by_org: dict[str, list[Article]] = field(default_factory=dict)
    by_path: dict[str, Article] = field(default_factory=dict)
    tree: Tree = field(default_factory=Tree)  # every published file under content/
    links: dict[str, list] = field(default_factory=dict)  # Markdown file → [(line, kind, target)]

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
        self.by_path = {a.path: a for a in self.articles + self.withdrawn}

    @property
    def every_article(self) -> list[Article]:
        """Listed, withdrawn and held: for the editors' status report."""
        return sorted(self.articles + self.withdrawn + self.held, key=lambda a: a.sort_key, reverse=True)

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

    @cached_property  # asked once per person and org page: made once per catalog
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
    """Read and check all content under ``root`` (the MkDocs docs_dir); raise ``ContentError``."""
    p = Problems()
    catalog = build_catalog(Path(root), p)
    p.raise_if_any()
    return catalog


def build_catalog(root: Path, p: Problems, cache: SourceCache | None = None, tree: Tree | None = None,
                  preview: bool = False, now: dt.datetime | None = None) -> Catalog:
    """Read all content, recording every problem in ``p``; what is valid is kept.
    ``cache`` (the preview's) keeps articles parsed by an earlier call that are unchanged since;
    ``tree`` (the preview's, no file added or removed since) saves the walk.
    ``preview``: drafts and scheduled articles are listed (marked) instead of held back;
    ``now``: the time scheduled articles are measured against (default: ``publishing.now()``)."""
    tree = walk(root, p) if tree is None else tree
    sections = _unique(load_sections(root, p), "sections", p)
    orgs = _unique(load_orgs(root, p), "orgs", p, ("name", "short", "slug"))
    people = _unique(load_people(root, p), "people", p)
    publications = _unique(load_publications(root, p), "publications", p)
    issues = _load_issues(root, publications, p)
    _check_sequence(issues, p)
    drafts, pages, links = _read_markdown(root, tree.markdown, {i.id for i in issues}, p, cache or SourceCache())
    articles = _resolve(drafts, sections, issues, people, orgs, p)
    house = load_house(root, p)
    _check_house(house, sections, p)
    _set_states(articles, now or publishing.now(), p)
    _check_signoff(articles, house, p)
    published = {a.path for a in articles}
    for d in drafts:  # nothing silently dropped: an unpublished article always has its reason
        if d.path not in published and not p.about(d.path):
            p.add(d.path, None, None, "article.not_published")
    _check_parents(orgs, people, p)
    _check_urls(articles, p)
    issues.sort(key=lambda i: i.sort_key, reverse=True)
    hidden = (publishing.WITHDRAWN,) if preview else (publishing.WITHDRAWN, publishing.DRAFT, publishing.SCHEDULED)
    shown = _shown_issues(issues, articles, hidden)
    return Catalog(publications, sections, shown, people, orgs, [a for a in articles if a.state not in hidden], pages, tree=tree,
                   links=links, withdrawn=[a for a in articles if a.state == publishing.WITHDRAWN],
                   held=[a for a in articles if a.state in hidden and a.state != publishing.WITHDRAWN], preview=preview, house=house,
                   waiting_issues=[i for i in issues if i not in shown])


def _shown_issues(issues: list[Issue], articles: list[Article], hidden: tuple[str, ...]) -> list[Issue]:
    """An issue being prepared (every article a draft or scheduled) stays out of the site until one is published."""
    states: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        if a.issue:
            states[a.issue.id].add(a.state)
    held = set(hidden) - {publishing.WITHDRAWN}
    return [i for i in issues if not states[i.id] or not states[i.id] <= held]


def _set_states(articles: list[Article], now: dt.datetime, p: Problems) -> None:
    for a in articles:
        a.state = a.record.state(now)
        for n, c in enumerate(a.record.corrections):
            if c.date > now.date():
                p.add(a.path, None, f"corrections[{n + 1}].date", "publishing.correction_future", date=c.date.isoformat())


def _check_house(house: House, sections: list[Section], p: Problems) -> None:
    known = {s.name for s in sections} | {s.slug for s in sections}
    for name in house.signoff.sections:
        if sections and name not in known:
            p.add(HOUSE_FILE, house.lines.get("signoff"), "signoff.sections", "section.unknown", name=name,
                  hint=suggest(name, [s.name for s in sections]))


def _check_signoff(articles: list[Article], house: House, p: Problems) -> None:
    """What goes (or is scheduled to go) out names its 责任编辑 and every review level the house requires."""
    rule = house.signoff
    for a in articles:
        line = a.record_lines.get
        for level in a.record.signoff:
            if level not in rule.levels:
                p.add(a.path, line("signoff"), f"signoff.{level}", "publishing.signoff_unknown_level", level=level,
                      levels=rule.levels, hint=suggest(level, rule.levels))
        if a.state not in (publishing.PUBLISHED, publishing.SCHEDULED) or not rule.applies_to(a.section):
            continue
        if not a.record.editor:
            p.add(a.path, line("editor") or line("title"), "editor", "publishing.editor_missing", house=HOUSE_FILE)
        missing = [level for level in rule.levels if level not in a.record.signoff]
        if missing:
            p.add(a.path, line("signoff") or line("title"), "signoff", "publishing.signoff_missing", levels=missing, house=HOUSE_FILE)


def _unique(items: list, kind: str, p: Problems, keys: tuple[str, ...] = ("name", "slug")) -> list:
    """Registry entries must differ in every name they can be referred by
    (name, short name, slug): articles look them up by any of these, and
    slugs become URLs."""
    seen: dict[str, object] = {}
    out = []
    for item in items:
        clash = next(((key, getattr(item, key)) for key in keys if getattr(item, key) and getattr(item, key) in seen
                      and seen[getattr(item, key)] is not item), None)
        if clash:
            key, value = clash
            other = seen[value]
            fix = "registry.fix_slug" if key == "slug" else "registry.fix_name"
            p.add(f"{DATA_DIR}/{kind}.yml", item.lines.get(key, item.lines.get("name")), key, "registry.taken", value=value, other=other.name,
                  other_line=other.lines.get("name"), fix=Msg(fix))
            continue
        for key in keys:
            if getattr(item, key):
                seen[getattr(item, key)] = item
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
            p.add(rel, None, None, "issue.missing_yml")
            continue
        issue = load_issue(root, rel, p)
        if issue is None:
            continue
        if issue.publication and issue.publication not in names:
            p.add(rel, issue.lines.get("publication"), "publication", "publication.unknown", name=issue.publication, hint=suggest(issue.publication, names))
        issues.append(issue)
    return issues


def _read_markdown(root: Path, markdown: list[str], issue_ids: set[str], p: Problems, cache: SourceCache) -> tuple[list[ArticleDraft], list[str], dict]:
    drafts, pages, links = [], [], {}
    cache.forget_all_but(set(markdown))
    kinds = [(rel, _kind(rel, issue_ids)) for rel in markdown]
    cache.prefetch([(read_page, root, rel) if kind == "page" else (read_article, root, rel, kind[1])
                    for rel, kind in kinds if kind == "page" or isinstance(kind, tuple)])
    gone = set()
    for rel, kind in kinds:
        try:
            if kind == "page":
                links[rel] = cache.read(read_page, root, rel, p)
                pages.append(rel)
            elif isinstance(kind, tuple):
                if draft := cache.read(read_article, root, rel, p, kind[1]):
                    drafts.append(draft)
                    links[rel] = draft.links
            elif kind:  # a file in the wrong place
                p.add(rel, None, None, kind)
        except (FileNotFoundError, NotADirectoryError):
            gone.add(rel)  # deleted or renamed since the walk (an editor saving): the next build sees what came instead
    if gone:
        markdown[:] = [rel for rel in markdown if rel not in gone]
    return drafts, pages, links


def _kind(rel: str, issue_ids: set[str]) -> tuple | str | None:
    """("article", issue id or None), "page", a problem's message key, or None (not read)."""
    parts = rel.split("/")
    if parts[0] == DATA_DIR:  # registries' notes: never published (the site plugin drops _data/)
        return None
    if parts[0] in GENERATED_DIRS or parts[:2] == [NEWS_DIR, "page"] or rel in (f"{ISSUES_DIR}/index.md", f"{NEWS_DIR}/index.md") or (parts[0] == ISSUES_DIR and parts[-1] == "index.md"):
        return "files.generated"
    if parts[0] == ISSUES_DIR:
        if len(parts) != 3:
            return "files.article_depth"
        # a folder without a valid issue.yml has its own problem already
        return ("article", parts[1]) if parts[1] in issue_ids else None
    if parts[0] == NEWS_DIR:
        return ("article", None)
    return "page"


def _resolve(drafts: list[ArticleDraft], sections: list[Section], issues: list[Issue], people: list[Person], orgs: list[Org], p: Problems) -> list[Article]:
    section_by = {s.name: s for s in sections} | {s.slug: s for s in sections}
    issue_by = {i.id: i for i in issues}
    refs = References(people, orgs)
    out = []
    for d in drafts:
        def bad(field: str, message: str, **values) -> None:
            p.add(d.path, d.lines.get(field), field, message, **values)

        section = section_by.get(d.section)
        if not section:
            bad("section", "section.unknown", name=d.section, hint=suggest(d.section, [s.name for s in sections]))
        issue = issue_by.get(d.issue) if d.issue else None
        if d.issue and not issue:
            bad("issue", "issue.unknown", name=d.issue, hint=suggest(d.issue, sorted(issue_by)))
        if issue and "page" not in d.lines and section and section.needs_page:
            bad("page", "article.page_missing")
        found_people = _lookup(d, "person", d.people, refs, p)
        found_orgs = _lookup(d, "org", d.orgs, refs, p)
        date = d.date or (issue.print_date if issue else None)
        if section and date and (issue or not d.issue):
            out.append(Article(path=d.path, title=d.title, section=section, date=date, url=d.url, issue=issue, page=d.page,
                               order=d.order, authors=d.authors, orgs=found_orgs, people=found_people, summary=d.summary, slug=d.slug,
                               date_approx=d.date_approx, link_id=d.link_id, refs={"person": d.people, "org": d.orgs, "section": [d.section]},
                               record=d.record, record_lines=d.lines))
    return out


class References:
    """What a ``person:`` or ``org:`` entry may name: a person's name or slug; an org's
    name, short name or slug.  The build and the editors' tools (``kexie new --person``)
    resolve and explain names the same way."""

    REGISTRY = {"person": f"{DATA_DIR}/people.yml", "org": f"{DATA_DIR}/orgs.yml"}

    def __init__(self, people: list[Person], orgs: list[Org]):
        self.index = {"person": {key: x for x in people for key in (x.slug, x.name)},
                      "org": {key: o for o in orgs for key in (o.slug, o.short, o.name) if key}}
        # the names a "did you mean" hint chooses from; made once, not once per article
        self.known = {"person": [x.name for x in people], "org": [k for o in orgs for k in (o.name, o.short) if k]}

    def find(self, field: str, name: str) -> Person | Org | None:
        return self.index[field].get(name)

    def unknown(self, field: str, name: str) -> Msg:
        return Msg("ref.unknown", name=name, registry=self.REGISTRY[field], hint=suggest(name, self.known[field]))


def _lookup(d: ArticleDraft, field: str, names: list[str], refs: References, p: Problems) -> list:
    found = []
    for name in names:
        if (item := refs.find(field, name)) is not None:
            found.append(item)
        elif not (p.about(refs.REGISTRY[field]) and not refs.known[field]):
            # (a registry that could not be read at all has its own problem; no echo per article)
            p.items.append(Problem(d.path, d.lines.get(field), field, refs.unknown(field, name)))
    return found


def _check_sequence(issues: list[Issue], p: Problems) -> None:
    """Issues of one publication, in number order: one folder each, 总第N期 and print dates rising."""
    by_pub: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        by_pub[issue.publication].append(issue)
    for pub, group in by_pub.items():
        group.sort(key=lambda i: (i.sort_key, i.id))
        for prev, issue in zip(group, group[1:]):
            line = issue.lines.get
            if issue.sort_key == prev.sort_key:
                p.add(issue.path, line("number"), "number", "issue.duplicate", publication=pub, label=issue.label, other=prev.path)
                continue
            if issue.total and prev.total and issue.total <= prev.total:
                p.add(issue.path, line("total"), "total", "issue.total_order", total=issue.total, previous=prev.label, previous_total=prev.total)
            if issue.print_date < prev.print_date:
                p.add(issue.path, line("print_date"), "print_date", "issue.date_order", date=issue.print_date.isoformat(),
                      previous=prev.label, previous_date=prev.print_date.isoformat())


def _check_parents(orgs: list[Org], people: list[Person], p: Problems) -> None:
    org_keys = {key for o in orgs for key in (o.slug, o.short, o.name) if key}
    by_key = {key: o for o in orgs for key in (o.slug, o.short, o.name) if key}
    for o in orgs:
        if o.parent and o.parent not in org_keys:
            p.add(f"{DATA_DIR}/orgs.yml", o.lines.get("parent"), "parent", "registry.parent_unknown", name=o.parent, hint=suggest(o.parent, sorted(org_keys)))
        elif o.parent and (loop := _parent_loop(o, by_key)):
            p.add(f"{DATA_DIR}/orgs.yml", o.lines.get("parent"), "parent", "registry.parent_cycle", chain=" → ".join(x.name for x in loop))
    for x in people:
        if x.org and x.org not in org_keys:
            p.add(f"{DATA_DIR}/people.yml", x.lines.get("org"), "org", "registry.org_unknown", name=x.org, hint=suggest(x.org, sorted(org_keys)))


def _parent_loop(org: Org, by_key: dict[str, Org]) -> list[Org] | None:
    """The chain org → parent → … back to org, if the parents lead back to it."""
    chain, current = [org], by_key.get(org.parent)
    while current is not None and current not in chain:
        chain.append(current)
        current = by_key.get(current.parent) if current.parent else None
    return chain + [org] if current is org else None


def _check_urls(articles: list[Article], p: Problems) -> None:
    """Two files may never write the same page (the later would silently win)."""
    owners: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        owners[a.url].append(a.path)
    for url, paths in owners.items():
        for path in paths if len(paths) > 1 else []:
            others = ", ".join(x for x in sorted(paths) if x != path)
            p.add(path, None, "slug", "files.url_taken", url=url, others=others)
    ids: dict[str, list[Article]] = defaultdict(list)  # a copied file keeps its link_id: two articles, one printed code
    for a in articles:
        if a.link_id:
            ids[a.link_id].append(a)
    for link_id, same in ids.items():
        for a in same if len(same) > 1 else []:
            p.add(a.path, None, "link_id", "article.link_id_taken", id=link_id, others=[x.path for x in same if x is not a])
