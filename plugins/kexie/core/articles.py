"""Reading one article file into a draft whose references are still names."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .fields import ILLEGAL_CHARS, Fields
from .problems import Problems
from .slugs import is_slug, text_slug
from .source import Mapping, SourceError, parse_yaml, read_text, split_front_matter

ARTICLE_FIELDS = {"title", "issue", "date", "section", "page", "order", "authors", "org", "person", "summary", "slug"}
# Keys MkDocs and material read themselves; editors may use them freely.
THEME_FIELDS = {"template", "hide", "description", "search", "tags", "icon", "status", "subtitle"}
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|/)", re.I)


@dataclass
class ArticleDraft:
    path: str
    title: str
    section: str
    url: str
    issue: str | None = None
    date: dt.date | None = None
    page: int | None = None
    order: int | None = None  # among articles sharing a print page
    authors: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    summary: str = ""
    slug: str = ""
    lines: dict[str, int] = field(default_factory=dict)


def read_article(root: Path, rel: str, issue_folder: str | None, p: Problems) -> ArticleDraft | None:
    """Parse ``rel``; ``issue_folder`` is the issue id of its folder, None for hub items."""
    try:
        text = read_text(root / rel)
        fm, body, body_line = split_front_matter(text)
        meta = parse_yaml(fm, first_line=2) if fm is not None else None
    except SourceError as e:
        p.add(rel, e.line, None, str(e))
        return None
    if not isinstance(meta, Mapping):
        p.add(rel, 1, None, "has no front matter; expected the file to start with a '---' block holding title, section and "
              + ("page" if issue_folder else "date"))
        return None
    f = Fields(rel, meta, p)
    f.unknown(ARTICLE_FIELDS | THEME_FIELDS)
    _check_body(root, rel, body, body_line, p)
    title = f.text("title", required=True, example='"李卫荣：争当医用镁合金技术开发与产业化的排头兵"')
    section = f.text("section", required=True, example="创新达人")
    slug = _slug(f, rel)
    url = posixpath.join(posixpath.dirname(rel), slug) + "/"
    draft = ArticleDraft(path=rel, title=title, section=section, url=url, slug=slug, summary=f.text("summary", max_len=2000),
                         authors=f.text_list("authors", "[张婷]"), orgs=f.text_list("org", "[天津市科学技术协会]"),
                         people=f.text_list("person", "[李卫荣]"), lines=dict(meta.lines))
    draft.lines.setdefault("title", 2)
    draft.order = f.positive_int("order", example="2")
    if issue_folder:
        draft.issue = f.text("issue", example=f'"{issue_folder}"') or issue_folder
        if draft.issue != issue_folder:
            f._problem("issue", f"found '{draft.issue}' but the file is in issues/{issue_folder}/; move the file or write issue: \"{issue_folder}\"")
        draft.page = f.positive_int("page", example="42")
        draft.date = f.date("date")
    else:
        draft.issue = f.text("issue") or None
        draft.date = f.date("date", required=draft.issue is None, example="2023-10-01")
        draft.page = f.positive_int("page", example="42")
    return draft if title and section else None


def _slug(f: Fields, rel: str) -> str:
    """The URL word: front matter ``slug`` or the file name, ASCII only."""
    slug = f.text("slug")
    if slug:
        if is_slug(slug):
            return slug
        f._problem("slug", f"found '{slug}'; expected lowercase ASCII letters, digits and '-' only (no '/', '..' or spaces), e.g. slug: li-weirong")
    stem = Path(rel).stem
    if is_slug(stem):
        return stem
    if not slug:
        title = f.mapping.data.get("title")
        hint = text_slug(str(title)) if isinstance(title, str) and title else "li-weirong"
        f.problems.add(rel, None, "slug", f"the file name '{stem}' is not a web address word; rename the file to lowercase ASCII (e.g. {hint}.md) or add slug: {hint}")
    return text_slug(stem)


def _check_body(root: Path, rel: str, body: str, first_line: int, p: Problems) -> None:
    bad = ILLEGAL_CHARS.search(body)
    if bad:
        line = first_line + body.count("\n", 0, bad.start())
        p.add(rel, line, "text", f"contains the invisible control character U+{ord(bad.group()):04X}; delete it")
    for m in IMAGE.finditer(body):
        target = m.group(1).split("#")[0].split("?")[0]
        if not target or EXTERNAL.match(target):
            continue
        if not (root / posixpath.dirname(rel) / target).resolve().is_file():
            line = first_line + body.count("\n", 0, m.start())
            p.add(rel, line, "image", f"'{target}' does not exist; expected an image file next to the article or a correct relative path")
