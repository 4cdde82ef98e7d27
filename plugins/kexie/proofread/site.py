"""The whole proofreading pass (校对单) over a site's content.

``proofread_site`` reads every article's body (front matter skipped), runs
the rules the house file keeps on, and returns the warnings sorted by file,
line and column; the house file's own problems are content problems.
``only`` limits the pass to some classes: a plain build runs just those the
house makes errors, so it costs nothing when there are none.

The preview reads a working set (``preview_files``): the newest articles,
every held one, the other pages and whatever is saved while it runs; and it
keeps each file's findings (``cache``) until the file changes. Read whole,
an archive of 50,000 articles took minutes before the preview served a page.
``editor.py check`` still reads everything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..core.articles import LINK, without_code
from ..core.catalog import Catalog
from ..core.messages import Msg
from ..core.problems import Problem, Problems
from ..core.registries import DATA_DIR, load_orgs, load_people
from ..core.source import SourceError, read_text, split_front_matter
from . import marks, numbers, words
from .finding import Finding, Warning
from .house import KINDS, House, load_house
from .names import Names, house_words, near_names, short_first
from .prose import Prose

TEXT_RULES = {
    "doubled": words.doubled, "typo": words.typos, "latin": marks.latin, "punctuation": marks.punctuation,
    "pairs": marks.pairs, "numbers": numbers.numbers,
}


@dataclass
class Report:
    warnings: list[Warning] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the house file's
    house: House = field(default_factory=House)
    chars: int = 0  # characters of body text read
    seconds: float = 0.0
    spacing: str = ""  # the style the spacing rule applied
    files: int = 0  # files read

    @property
    def errors(self) -> list[Warning]:
        return [w for w in self.warnings if w.error]

    def counts(self) -> dict[str, int]:
        """Warnings per class, in the classes' order."""
        counts = {k: 0 for k in KINDS}
        for w in self.warnings:
            counts[w.kind] += 1
        return {k: n for k, n in counts.items() if n}

    def by_path(self) -> dict[str, list[Warning]]:
        out: dict[str, list[Warning]] = {}
        for w in self.warnings:
            out.setdefault(w.path, []).append(w)
        return out


class _Dictionary:
    """jieba's words, loaded only when a rule first asks."""

    def __contains__(self, word: str) -> bool:
        return word in words.tokenizer().FREQ


PREVIEW_NEWEST = 500  # newest articles the preview proofreads (with every held one and what is saved while it runs)


def preview_files(catalog: Catalog, saved: set[str]) -> list[str]:
    """What the preview proofreads: the newest articles, drafts and scheduled ones, the other pages, and ``saved``."""
    newest = sorted(catalog.articles, key=lambda a: a.sort_key, reverse=True)[:PREVIEW_NEWEST]
    return sorted({a.path for a in newest} | {a.path for a in catalog.held} | set(catalog.pages) | saved)


def proofread_site(root: str | Path, catalog: Catalog | None = None, only: set[str] | None = None, house: House | None = None,
                   files: list[str] | None = None, cache: dict | None = None, spacing: str = "") -> Report:
    """Every article's (and page's) body through the house's rules; ``catalog`` from the site check when it passed.
    ``files``: only these (the preview's working set); ``cache``: (file, mtime, size) → its findings, kept by the caller
    while the house and registries stay as they are; ``spacing``: the style to apply (else the house's, or the files' own)."""
    started = time.perf_counter()
    root = Path(root)
    p = Problems()
    house = house or load_house(root, p)
    report = Report(problems=list(p.items), house=house)
    kinds = {k for k in KINDS if house.checks(k) and (only is None or k in only)}
    if not kinds:
        return report
    people, orgs = (catalog.people, catalog.orgs) if catalog else (load_people(root, Problems()), load_orgs(root, Problems()))
    names = Names.of(people, orgs) if kinds & {"names", "short_name"} else Names()
    if files is None:  # drafts too: they are what editors proofread
        files = sorted(a.path for a in catalog.every_article) + sorted(catalog.pages) if catalog else _markdown(root)
    proses = [prose for rel in files if (prose := _prose(root, rel))]
    report.files = len(proses)
    found: list[tuple[Prose, Finding]] = []
    for prose in proses:
        report.chars += len(prose.body)
        found += [(prose, f) for f in _cached(root, prose, cache, lambda: _text_findings(prose, kinds, names, house))]
    if "spacing" in kinds:
        report.spacing = spacing or _style(house, proses)
        # the spaces around a stray English word are that word's problem, said once
        latin = {(id(prose), i) for prose, f in found if f.kind == "latin" for i in range(f.start, f.end)}
        found += [(prose, f) for prose in proses for f in marks.spacing(prose.text, report.spacing)
                  if not any((id(prose), i) in latin for i in range(f.start, f.end))]
    report.warnings = [_warning(prose, f, house) for prose, f in found]
    if "links" in kinds:
        report.warnings += [w for prose in proses for w in _links(prose, house)]
    if "stale" in kinds and catalog:
        report.warnings += _stale(catalog, house)
    report.warnings.sort(key=lambda w: (w.path, w.line or 0, w.column or 0, w.kind))
    report.seconds = time.perf_counter() - started
    return report


def _cached(root: Path, prose: Prose, cache: dict | None, find) -> list[Finding]:
    if cache is None:
        return find()
    try:
        st = (root / prose.path).stat()
    except OSError:
        return find()
    key = (prose.path, st.st_mtime_ns, st.st_size)
    if key not in cache:
        cache[key] = find()
    return cache[key]


def _markdown(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md")
                  if not p.relative_to(root).as_posix().startswith((f"{DATA_DIR}/", ".")))


def _prose(root: Path, rel: str) -> Prose | None:
    try:
        _, body, first_line = split_front_matter(read_text(root / rel))
    except (SourceError, OSError):
        return None  # the site check reports it
    return Prose(rel, body, first_line)


def _text_findings(prose: Prose, kinds: set[str], names: Names, house: House) -> list[Finding]:
    out = [f for kind, rule in TEXT_RULES.items() if kind in kinds for f in rule(prose.text)]
    if "names" in kinds:
        out += near_names(prose.text, names, _Dictionary())
    if "short_name" in kinds:
        out += short_first(prose.text, names)
    if kinds & {"forbidden", "required"}:
        out += [f for f in house_words(prose.text, house) if f.kind in kinds]
    return out


def _warning(prose: Prose, f: Finding, house: House) -> Warning:
    line, column = prose.where(f.start)
    context, fix = prose.around(f.start, f.end, f.fix)
    return Warning(prose.path, line, column, f.kind, Msg(f.key, **dict(f.values)), context, fix, f.kind in house.errors)


def _style(house: House, proses: list[Prose]) -> str:
    """The house's spacing; ``auto``: whichever the whole site writes more often."""
    if house.spacing != "auto":
        return house.spacing
    spaced = tight = 0
    for prose in proses:
        s, t = marks.spacing_counts(prose.text)
        spaced, tight = spaced + s, tight + t
    return "space" if spaced > tight else "none"


def _links(prose: Prose, house: House) -> list[Warning]:
    """External links to sites outside the house's allow-list (非法外链)."""
    out = []
    for m in LINK.finditer(without_code(prose.body)):
        target = next((g for g in m.groups() if g is not None), "")
        parts = urlsplit(target.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or house.allows(parts.hostname):
            continue
        line, column = prose.where(m.start())
        context, _ = prose.around(m.start(), m.end(), None)
        out.append(Warning(prose.path, line, column, "links", Msg("proof.external", url=target, host=parts.hostname),
                           context, error="links" in house.errors))
    return out


def _stale(catalog: Catalog, house: House) -> list[Warning]:
    """栏目 whose newest article is ``stale_months`` or more older than the site's newest."""
    if not house.stale_months or not catalog.articles:
        return []
    newest = max(a.date for a in catalog.articles)
    out = []
    for s in catalog.sections:
        articles = catalog.by_section.get(s.slug, [])
        where = (f"{DATA_DIR}/sections.yml", s.lines.get("name"))
        if not articles:
            message = Msg("proof.stale_empty", section=s.name)
        else:
            last = max(a.date for a in articles)
            months = (newest.year - last.year) * 12 + newest.month - last.month
            if months < house.stale_months:
                continue
            message = Msg("proof.stale", section=s.name, last=last.isoformat(), months=months, newest=newest.isoformat())
        out.append(Warning(where[0], where[1], None, "stale", message, error="stale" in house.errors))
    return out
