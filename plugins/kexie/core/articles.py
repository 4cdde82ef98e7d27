"""Reading one article file into a draft whose references are still names."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .fields import BIDI, Fields
from .images import IMAGE, TARGET, URL_SPECIAL, find_photo, format_problem, photo_refs, safe_upload_name, target_path
from .paths import inside
from .problems import Problems
from .publishing import PUBLISHING_FIELDS, Record, read_record
from .slugs import is_slug, text_slug
from .source import ILLEGAL_CHARS, Mapping, SourceError, parse_yaml, read_text, split_front_matter

ARTICLE_FIELDS = {"title", "issue", "date", "date_approx", "section", "page", "order", "authors", "org", "person", "summary", "slug",
                  "link_id"}  # link_id: the short address /a/<id>/ of print QR codes (kexie.channels.shortlinks)
# date_approx: the source gives no exact date; readers see 约2023年10月 (month) or 约2023年 (year)
DATE_APPROX = ("", "month", "year")
# Keys MkDocs and material read themselves; editors may use them freely.
THEME_FIELDS = {"template", "hide", "description", "search", "tags", "icon", "status", "subtitle"}
# a link's text may hold an image: [![alt](pic.png)](article.md)
LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|!\[[^\]]*\]\([^)]*\))*\]" + TARGET + r"|^ {0,3}\[[^\]]+\]:\s*(?:<([^>\n]*)>|(\S+))", re.M)
CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$|`+[^`\n]*`+", re.M | re.S)
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
    date_approx: str = ""
    link_id: str = ""
    lines: dict[str, int] = field(default_factory=dict)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, target) of Markdown links
    record: Record = field(default_factory=Record)  # draft, schedule, withdrawal, corrections, sign-off


def read_article(root: Path, rel: str, issue_folder: str | None, p: Problems, images: list[Path] | None = None) -> ArticleDraft | None:
    """Parse ``rel``; ``issue_folder`` is the issue id of its folder, None for hub items.
    ``images`` receives the photo files whose presence was checked."""
    try:
        text = read_text(root / rel)
        fm, body, body_line = split_front_matter(text)
        meta = parse_yaml(fm, first_line=2) if fm is not None else None
    except SourceError as e:
        e.report(p, rel)
        return None
    if not isinstance(meta, Mapping):
        p.add(rel, 1, None, "source.no_front_matter", needs="page" if issue_folder else "date")
        return None
    f = Fields(rel, meta, p)
    f.unknown(ARTICLE_FIELDS | THEME_FIELDS | PUBLISHING_FIELDS)
    links = _check_body(root, rel, body, body_line, p, images)
    title = f.text("title", required=True, example='"李卫荣：争当医用镁合金技术开发与产业化的排头兵"')
    section = f.text("section", required=True, example="创新达人")
    slug = _slug(f, rel)
    url = posixpath.join(posixpath.dirname(rel), slug) + "/"
    draft = ArticleDraft(path=rel, title=title, section=section, url=url, slug=slug, summary=f.text("summary", max_len=2000),
                         authors=f.text_list("authors", "[张婷]"), orgs=f.text_list("org", "[天津市科学技术协会]"),
                         people=f.text_list("person", "[李卫荣]"), lines=dict(meta.lines), links=links)
    draft.lines.setdefault("title", 2)
    draft.order = f.positive_int("order", example="2")
    if issue_folder:
        draft.issue = f.text("issue", example=f'"{issue_folder}"') or issue_folder
        if draft.issue != issue_folder:
            f.problem("issue", "article.issue_folder", found=draft.issue, folder=issue_folder)
        draft.page = f.positive_int("page", example="42")
        draft.date = f.date("date")
    else:
        draft.issue = f.text("issue") or None
        draft.date = f.date("date", required=draft.issue is None, example="2023-10-01")
        draft.page = f.positive_int("page", example="42")
    draft.date_approx = f.choice("date_approx", DATE_APPROX, "")
    draft.record = read_record(f)
    draft.link_id = _link_id(f)
    return draft if title and section else None


def _slug(f: Fields, rel: str) -> str:
    """The URL word: front matter ``slug`` or the file name, ASCII only."""
    slug = f.text("slug")
    if slug:
        if is_slug(slug):
            return slug
        f.problem("slug", "field.bad_slug", value=slug)
    stem = Path(rel).stem
    if is_slug(stem):
        return stem
    if not slug:
        title = f.mapping.data.get("title")
        hint = text_slug(str(title)) if isinstance(title, str) and title else "li-weirong"
        f.problems.add(rel, None, "slug", "article.file_name", stem=stem, hint=hint)
    return text_slug(stem)


def _link_id(f: Fields) -> str:
    """The short address's id, written once by the editors' tools (``kexie ids``, ``new``, ``import``)."""
    from ..channels.shortlinks import is_link_id  # the rule lives with the short links

    value = f.text("link_id")
    if value and not is_link_id(value):
        f.problem("link_id", "field.bad_link_id", value=value)
        return ""
    return value


def read_page(root: Path, rel: str, p: Problems, images: list[Path] | None = None) -> list[tuple[int, str]]:
    """A page that is not an article (home, about): readable, sane, its links."""
    try:
        fm, body, body_line = split_front_matter(read_text(root / rel))
        if fm is not None:
            parse_yaml(fm, first_line=2)
    except SourceError as e:
        e.report(p, rel)
        return []
    return _check_body(root, rel, body, body_line, p, images)


def _check_body(root: Path, rel: str, body: str, first_line: int, p: Problems, images: list[Path] | None = None) -> list[tuple[int, str]]:
    """Problems of the Markdown text; returns its links for the site-wide check."""
    def line_of(offset: int) -> int:
        return first_line + body.count("\n", 0, offset)

    if bad := ILLEGAL_CHARS.search(body):
        p.add(rel, line_of(bad.start()), "text", "body.control_char", code=f"{ord(bad.group()):04X}")
    if bad := BIDI.search(body):
        p.add(rel, line_of(bad.start()), "text", "body.bidi_char", code=f"{ord(bad.group()):04X}", name=unicodedata.name(bad.group(), "?"))
    _check_nesting(rel, body, first_line, p)
    folder = posixpath.dirname(rel)
    text = without_code(body)
    for start, _, written, _ in photo_refs(text):
        if key_values := _photo_problem(root, folder, written, images):
            p.add(rel, line_of(start), "image", key_values[0], **key_values[1])
    return [(first_line + n, target) for n, target in links_in(text)]


def _photo_problem(root: Path, folder: str, written: str, images: list[Path] | None) -> tuple[str, dict] | None:
    """Why the image ``written`` in an article in ``folder`` cannot be shown as a photo, or None."""
    target = target_path(written)
    if not target or _external(target):
        return None
    path = inside(root, folder, target)
    if path is None:
        return "image.outside", {"target": target}
    if images is not None:
        images.append(path)
    rel = path.relative_to(root.resolve()).as_posix()
    if not path.is_file():
        whole = inside(root, folder, written)  # a # ? or % in the file's name, read by the address as something else
        if URL_SPECIAL.search(written) and whole is not None and whole.is_file():
            return "image.special_name", {"name": posixpath.basename(written), "suggest": safe_upload_name(written)}
        found = find_photo(root, rel)
        if found is None:
            return "image.missing", {"target": target}
        rel = found  # another Unicode form or letter case of the name: the build links the file itself
    return format_problem(rel, target)


def without_code(text: str) -> str:
    """Code blocks and spans blanked out (line breaks kept): links shown as code are not links."""
    return CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def links_in(text: str, images: bool = False) -> list[tuple[int, str]]:
    """(0-based line, target) of the Markdown links (and images) in ``text``."""
    found = [(m.start(), next(g for g in m.groups() if g is not None)) for m in LINK.finditer(text)]
    found += [(m.start(), m.group(1) or m.group(2)) for m in IMAGE.finditer(text)] if images else []
    return sorted((text.count("\n", 0, start), target) for start, target in found)


def _external(target: str) -> bool:
    """Another host, a scheme or an anchor; site-absolute paths (/assets/…) are ours."""
    return bool(EXTERNAL.match(target)) and (not target.startswith("/") or target.startswith("//"))


MAX_NESTING = 20
MARKER = r"(?:>|[-*+](?=[ \t])|\d+[.)](?=[ \t]))"
NESTING = re.compile(rf"^((?:[ \t]*{MARKER}[ \t]*)+)", re.M)


def _check_nesting(rel: str, body: str, first_line: int, p: Problems) -> None:
    """Lists and quotes nested hundreds deep make Markdown recurse until it crashes."""
    for m in NESTING.finditer(body):
        depth = len(re.findall(MARKER, m.group(1)))
        indent = len(m.group(1).expandtabs(4)) - len(m.group(1).lstrip().expandtabs(4))
        depth = max(depth, indent // 2)
        if depth > MAX_NESTING:
            p.add(rel, first_line + body.count("\n", 0, m.start()), "text", "body.too_deep", depth=depth, limit=MAX_NESTING)
            return
