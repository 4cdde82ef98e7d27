"""Import a raw issue text (like the printed-issue seed) into article files.

A small manifest names each article's title, 栏目 and page; the importer finds
where each article starts in the raw text, cuts the text there, and writes one
Markdown file per article.  It never rewrites words: it only drops the title
heading, moves the "文 | 作者" byline into front matter and joins paragraphs
that the print layout broke mid-sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.messages import Msg
from ..core.problems import Problems
from ..core.registries import read_yaml
from ..core.slugs import is_slug, text_slug
from ..core.source import Mapping, plain
from .writing import front_matter

BYLINE = re.compile(r"^文\s*[|｜]\s*(.+)$")
SENTENCE_END = tuple("。！？!?；;：:”」』）)…")


@dataclass
class Planned:
    title: str
    section: str
    page: int | None
    start: str  # text of the raw heading where the article starts
    slug: str
    extra: dict = field(default_factory=dict)
    order: int | None = None


@dataclass
class ImportResult:
    files: dict[str, str]  # relative path → file text
    problems: list[Msg]


def norm(text: str) -> str:
    return re.sub(r"[\s#*]", "", text)


def read_manifest(path: Path, problems: Problems) -> tuple[str, list[Planned]]:
    data = read_yaml(path.parent, path.name, problems)
    if not isinstance(data, Mapping) or not isinstance(data.data.get("articles"), list):
        problems.add(path.name, None, None, "import.manifest_shape")
        return "", []
    issue = str(data.data.get("issue", ""))
    planned = []
    for n, entry in enumerate(plain(data.data["articles"])):
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("section"):
            problems.add(path.name, None, "articles", "import.entry_needs", n=n + 1)
            continue
        title = str(entry.pop("title"))
        slug = str(entry.pop("slug", "") or text_slug(title.split("：")[0] if "：" in title else title))
        if not is_slug(slug):
            problems.add(path.name, None, "articles", "import.entry_slug", n=n + 1, slug=slug)
            continue
        planned.append(Planned(title, str(entry.pop("section")), entry.pop("page", None), str(entry.pop("start", title)), slug,
                               order=entry.pop("order", None), extra=entry))
    return issue, planned


def split_articles(raw: str, planned: list[Planned]) -> tuple[dict[str, str], list[Msg]]:
    """slug → article body; problems for titles not found in the text."""
    lines = raw.replace("\r\n", "\n").split("\n")
    normalised = [norm(line) for line in lines]
    starts, problems = [], []
    for p in planned:
        key = norm(p.start)
        hit = next((i for i, line in enumerate(normalised) if line and lines[i].lstrip().startswith("#") and key.startswith(line)), None)
        if hit is None:
            hit = next((i for i, line in enumerate(normalised) if line and key in line or (line and line in key and len(line) > 6)), None)
        if hit is None:
            problems.append(Msg("import.start_not_found", title=p.title, start=p.start))
        else:
            starts.append((hit, p))
    starts.sort(key=lambda s: s[0])
    bodies = {}
    for n, (line_no, p) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        bodies[p.slug] = "\n".join(lines[line_no + 1: end])
    return bodies, problems


def clean_body(text: str) -> tuple[str, list[str]]:
    """(Markdown body, authors from a "文 | X" byline), paragraphs rejoined."""
    authors: list[str] = []
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip("\n")
        if not block.strip():
            continue
        m = BYLINE.match(block.strip())
        if m and not authors:
            authors = [a for a in re.split(r"[、,，\s]+", m.group(1).strip()) if a]
            continue
        blocks.append(block)
    joined: list[str] = []
    for block in blocks:
        prev = joined[-1] if joined else ""
        if prev and _continues(prev, block):
            joined[-1] = prev.rstrip() + block.lstrip()
        else:
            joined.append(block)
    return "\n\n".join(joined) + "\n", authors


def _continues(prev: str, block: str) -> bool:
    """A paragraph cut by a column or page break: no sentence end, text follows."""
    last, first = prev.rstrip()[-1:], block.lstrip()[:1]
    return bool(last) and not prev.lstrip().startswith(("#", "-", "|", ">")) and last not in SENTENCE_END \
        and re.match(r"[\u4e00-\u9fff“（《0-9a-zA-Z]", first) is not None and not block.lstrip().startswith("#")


def plan_files(raw: str, issue: str, planned: list[Planned]) -> ImportResult:
    bodies, problems = split_articles(raw, planned)
    files = {}
    for p in planned:
        if p.slug not in bodies:
            continue
        body, authors = clean_body(bodies[p.slug])
        meta = {"title": p.title, "issue": issue, "section": p.section}
        if p.page is not None:
            meta["page"] = p.page
        if p.order is not None:
            meta["order"] = p.order
        meta["authors"] = p.extra.pop("authors", authors)
        meta.update(p.extra)
        rel = f"issues/{issue}/{p.slug}.md"
        if rel in files:
            problems.append(Msg("import.slug_twice", title=p.title, slug=p.slug))
            continue
        files[rel] = front_matter(meta) + "\n" + body
    return ImportResult(files, problems)
