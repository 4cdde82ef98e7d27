"""The editor-owned registries in ``content/_data/`` and each ``issue.yml``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, TypeVar

from .fields import Fields
from .model import ORG_KINDS, SECTION_KINDS, Issue, MastheadEntry, Org, Person, Publication, Section
from .problems import Problems
from .slugs import is_slug, person_slug, text_slug
from .source import Mapping, SourceError, parse_yaml, read_text

T = TypeVar("T")
DATA_DIR = "_data"
ISSUE_FOLDER = re.compile(r"^(\d{4})-(\d{2})$")


def read_yaml(root: Path, rel: str, problems: Problems):
    """Parsed YAML of ``root/rel``, or None after recording why not."""
    try:
        return parse_yaml(read_text(root / rel))
    except FileNotFoundError:
        problems.add(rel, None, None, "registry.missing")
    except SourceError as e:
        e.report(problems, rel)
    return None


def load_list(root: Path, rel: str, problems: Problems, build: Callable[[Fields, int], T | None], required: bool = True) -> list[T]:
    """A registry file: a YAML list of mappings, one entry per item."""
    if not (root / rel).exists() and not (root / rel).is_symlink() and not required:
        return []
    data = read_yaml(root, rel, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.add(rel, 1, None, "registry.not_list")
        return []
    out = []
    for n, entry in enumerate(data):
        if not isinstance(entry, Mapping):
            problems.add(rel, None, None, "registry.entry_not_mapping", n=n + 1)
            continue
        item = build(Fields(rel, entry, problems, root=root, plain=True), n)
        if item is not None:
            item.lines = dict(entry.lines)
            item.lines.setdefault("name", entry.start_line)
            out.append(item)
    return out


def _slug(f: Fields, name: str, make: Callable[[str], str]) -> str:
    slug = f.text("slug")
    if slug and not is_slug(slug):
        f.problem("slug", "field.bad_slug", value=slug)
        slug = ""
    return slug or make(name)


def _section(f: Fields, n: int) -> Section | None:
    f.unknown({"name", "slug", "kind", "description"})
    name = f.text("name", required=True, example="创新达人")
    if not name:
        return None
    return Section(name=name, slug=_slug(f, name, text_slug), kind=f.choice("kind", SECTION_KINDS, "magazine"), order=n, description=f.text("description", max_len=2000))


def _org(f: Fields, n: int) -> Org | None:
    f.unknown({"name", "slug", "short", "kind", "region", "parent", "description"})
    name = f.text("name", required=True, example="天津市科学技术协会")
    if not name:
        return None
    return Org(name=name, slug=_slug(f, name, text_slug), short=f.text("short"), kind=f.choice("kind", ORG_KINDS, "其他"),
               region=f.text("region"), parent=f.text("parent"), description=f.text("description", max_len=5000))


def _person(f: Fields, n: int) -> Person | None:
    f.unknown({"name", "slug", "org", "region", "title", "roles", "honours", "honour_year", "photo", "bio"})
    name = f.text("name", required=True, example="李卫荣")
    if not name:
        return None
    photo = f.text("photo")
    if photo:  # a site path, e.g. assets/people/li-weirong.jpg
        _check_image(f.root, f, "photo", "", photo, "registry.photo_missing")
    return Person(name=name, slug=_slug(f, name, person_slug), org=f.text("org"), region=f.text("region"), title=f.text("title"),
                  roles=f.text_list("roles", "[创新达人]"), honours=f.text_list("honours"), honour_year=f.positive_int("honour_year", example="2022"),
                  photo=photo, bio=f.text("bio", max_len=20000))


def _publication(f: Fields, n: int) -> Publication | None:
    f.unknown({"name", "slug", "publisher", "description"})
    name = f.text("name", required=True, example="企业科协")
    if not name:
        return None
    return Publication(name=name, slug=_slug(f, name, text_slug), publisher=f.text("publisher"), description=f.text("description", max_len=2000))


def load_sections(root: Path, p: Problems) -> list[Section]:
    return load_list(root, f"{DATA_DIR}/sections.yml", p, _section)


def load_orgs(root: Path, p: Problems) -> list[Org]:
    return load_list(root, f"{DATA_DIR}/orgs.yml", p, _org, required=False)


def load_people(root: Path, p: Problems) -> list[Person]:
    return load_list(root, f"{DATA_DIR}/people.yml", p, _person, required=False)


def load_publications(root: Path, p: Problems) -> list[Publication]:
    return load_list(root, f"{DATA_DIR}/publications.yml", p, _publication)


ISSUE_FIELDS = {"id", "publication", "year", "number", "total", "theme", "print_date", "cover", "cover_caption",
                "contents_heading", "masthead", "colophon", "back_cover"}


def load_issue(root: Path, rel: str, p: Problems) -> Issue | None:
    data = read_yaml(root, rel, p)
    if data is None:
        if not p.about(rel):  # empty or only comments: the whole issue would vanish from every list
            p.add(rel, None, None, "issue.empty", folder=Path(rel).parent.name)
        return None
    if not isinstance(data, Mapping):
        p.add(rel, 1, None, "issue.not_mapping")
        return None
    f = Fields(rel, data, p, plain=True)
    f.unknown(ISSUE_FIELDS)
    folder = Path(rel).parent.name
    issue_id = f.text("id", required=True, example=f'"{folder}"')
    year, number = f.positive_int("year", True, "2023"), f.positive_int("number", True, "2")
    print_date = f.date("print_date", required=True)
    if issue_id and issue_id != folder:
        f.problem("id", "issue.id_folder", found=issue_id, folder=folder)
    _check_folder(f, folder, year, number)
    cover = f.text("cover")
    if cover:
        _check_image(root, f, "cover", Path(rel).parent.as_posix(), cover, "issue.cover_missing")
    if not (issue_id and year and number and print_date):
        return None
    return Issue(id=issue_id, publication=f.text("publication", required=True, example="企业科协"), year=year, number=number,
                 print_date=print_date, total=f.positive_int("total", example="315"), theme=f.text("theme"), cover=cover,
                 cover_caption=f.text("cover_caption", max_len=1000), contents_heading=f.text("contents_heading", default="目录"),
                 masthead=_masthead(f), colophon=_colophon(f), back_cover=f.text("back_cover", max_len=5000), path=rel,
                 lines=dict(data.lines))


def _check_folder(f: Fields, folder: str, year: int | None, number: int | None) -> None:
    """The folder name is the issue's address: 2023-02 means 2023, number 2."""
    m = ISSUE_FOLDER.match(folder)
    if not m:
        hint = f"{year or 2023}-{number or 2:02d}"
        f.problems.add(f.path, None, None, "issue.folder_name", folder=folder, hint=hint)
        return
    if year and year != int(m.group(1)):
        f.problem("year", "issue.year_folder", found=year, folder=folder, expected=int(m.group(1)))
    if number and number != int(m.group(2)):
        f.problem("number", "issue.number_folder", found=number, folder=folder, expected=int(m.group(2)))


def _check_image(root: Path, f: Fields, key: str, folder: str, target: str, message: str) -> None:
    """An image named in YAML exists inside content/ (relative to ``folder``)."""
    from .paths import inside

    path = inside(root, folder, target)
    if path is None or not path.is_file():
        f.problem(key, message, target=target)


def _entries(f: Fields, key: str, example: str) -> list[Fields]:
    value = f.raw(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(e, Mapping) for e in value):
        f.problem(key, "field.entries", example=example)
        return []
    return [Fields(f.path, e, f.problems, what=f"{key}[{n + 1}].", plain=f.plain) for n, e in enumerate(value)]


def _masthead(f: Fields) -> list[MastheadEntry]:
    return [MastheadEntry(e.text("role", True, "主编"), e.text_list("names")) for e in _entries(f, "masthead", "role: 主编")]


def _colophon(f: Fields) -> list[tuple[str, str]]:
    return [(e.text("label", True, "地址"), e.text("value", True, max_len=1000)) for e in _entries(f, "colophon", "label: 地址")]
