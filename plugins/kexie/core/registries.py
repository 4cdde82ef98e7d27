"""The editor-owned registries in ``content/_data/`` and each ``issue.yml``."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from .fields import Fields
from .model import ORG_KINDS, SECTION_KINDS, Issue, MastheadEntry, Org, Person, Publication, Section
from .problems import Problems
from .slugs import is_slug, person_slug, text_slug
from .source import Mapping, SourceError, parse_yaml, read_text

T = TypeVar("T")
DATA_DIR = "_data"


def read_yaml(root: Path, rel: str, problems: Problems):
    """Parsed YAML of ``root/rel``, or None after recording why not."""
    try:
        return parse_yaml(read_text(root / rel))
    except FileNotFoundError:
        problems.add(rel, None, None, "file is missing")
    except SourceError as e:
        problems.add(rel, e.line, None, str(e))
    return None


def load_list(root: Path, rel: str, problems: Problems, build: Callable[[Fields, int], T | None], required: bool = True) -> list[T]:
    """A registry file: a YAML list of mappings, one entry per item."""
    if not (root / rel).exists() and not required:
        return []
    data = read_yaml(root, rel, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.add(rel, 1, None, "expected a list of entries, each starting with '- name: …'")
        return []
    out = []
    for n, entry in enumerate(data):
        if not isinstance(entry, Mapping):
            problems.add(rel, None, f"entry {n + 1}", "expected fields like 'name: …'")
            continue
        item = build(Fields(rel, entry, problems), n)
        if item is not None:
            out.append(item)
    return out


def _slug(f: Fields, name: str, make: Callable[[str], str]) -> str:
    slug = f.text("slug")
    if slug and not is_slug(slug):
        f._problem("slug", f"found '{slug}'; expected lowercase ASCII letters, digits and '-', e.g. slug: li-weirong")
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
    return Person(name=name, slug=_slug(f, name, person_slug), org=f.text("org"), region=f.text("region"), title=f.text("title"),
                  roles=f.text_list("roles", "[创新达人]"), honours=f.text_list("honours"), honour_year=f.positive_int("honour_year", example="2022"),
                  photo=f.text("photo"), bio=f.text("bio", max_len=20000))


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
        return None
    if not isinstance(data, Mapping):
        p.add(rel, 1, None, "expected issue fields like 'id: \"2023-02\"'")
        return None
    f = Fields(rel, data, p)
    f.unknown(ISSUE_FIELDS)
    folder = Path(rel).parent.name
    issue_id = f.text("id", required=True, example=f'"{folder}"')
    year, number = f.positive_int("year", True, "2023"), f.positive_int("number", True, "2")
    print_date = f.date("print_date", required=True)
    if issue_id and issue_id != folder:
        f._problem("id", f"found '{issue_id}' but the folder is issues/{folder}/; expected id: \"{folder}\" (one folder per issue)")
    if not (issue_id and year and number and print_date):
        return None
    return Issue(id=issue_id, publication=f.text("publication", required=True, example="企业科协"), year=year, number=number,
                 print_date=print_date, total=f.positive_int("total", example="315"), theme=f.text("theme"), cover=f.text("cover"),
                 cover_caption=f.text("cover_caption", max_len=1000), contents_heading=f.text("contents_heading", default="目录"),
                 masthead=_masthead(f), colophon=_colophon(f), back_cover=f.text("back_cover", max_len=5000), path=rel)


def _entries(f: Fields, key: str, example: str) -> list[Fields]:
    value = f.raw(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(e, Mapping) for e in value):
        f._problem(key, f"expected a list of entries like '- {example}'")
        return []
    return [Fields(f.path, e, f.problems, what=f"{key}[{n + 1}].") for n, e in enumerate(value)]


def _masthead(f: Fields) -> list[MastheadEntry]:
    return [MastheadEntry(e.text("role", True, "主编"), e.text_list("names")) for e in _entries(f, "masthead", "role: 主编")]


def _colophon(f: Fields) -> list[tuple[str, str]]:
    return [(e.text("label", True, "地址"), e.text("value", True, max_len=1000)) for e in _entries(f, "colophon", "label: 地址")]
