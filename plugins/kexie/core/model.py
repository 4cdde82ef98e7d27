"""The domain model: plain objects, no MkDocs.

Publication → Issue → (Section, page) → Article; Person and Org are
registries that articles refer to by name.  URLs are site-relative paths
with a trailing slash (``issues/2023-02/``), the same shape MkDocs uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .publishing import PUBLISHED, STATE_LABELS, Record, when_label

SECTION_KINDS = ("magazine", "cover", "hub")
ORG_KINDS = ("全国科协", "省级科协", "市级科协", "区县科协", "企业科协", "高校科协", "学会", "企业", "事业单位", "其他")


@dataclass
class Publication:
    name: str
    slug: str
    publisher: str = ""
    description: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # key → line in the registry


@dataclass
class Section:
    """A 栏目, in the editorial order of its registry."""

    name: str
    slug: str
    kind: str = "magazine"
    order: int = 0
    description: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # key → line in the registry

    @property
    def url(self) -> str:
        return f"sections/{self.slug}/"

    @property
    def is_cover(self) -> bool:
        return self.kind == "cover"

    @property
    def needs_page(self) -> bool:
        """A magazine article in this 栏目 must give its print page (the build and the web editor's form)."""
        return self.kind != "cover"


@dataclass
class Org:
    name: str
    slug: str
    short: str = ""
    kind: str = "其他"
    region: str = ""
    parent: str = ""
    description: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # key → line in the registry

    @property
    def url(self) -> str:
        return f"orgs/{self.slug}/"

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass
class Person:
    name: str
    slug: str
    org: str = ""
    region: str = ""
    title: str = ""
    roles: list[str] = field(default_factory=list)
    honours: list[str] = field(default_factory=list)
    honour_year: int | None = None
    photo: str = ""
    bio: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # key → line in the registry

    @property
    def url(self) -> str:
        return f"people/{self.slug}/"

    @property
    def is_innovator(self) -> bool:
        return "创新达人" in self.roles


@dataclass
class MastheadEntry:
    role: str
    names: list[str]


@dataclass
class Issue:
    id: str
    publication: str
    year: int
    number: int
    print_date: dt.date
    total: int | None = None
    theme: str = ""
    cover: str = ""
    cover_caption: str = ""
    contents_heading: str = "目录"
    masthead: list[MastheadEntry] = field(default_factory=list)
    colophon: list[tuple[str, str]] = field(default_factory=list)
    back_cover: str = ""
    path: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # key → line in issue.yml

    @property
    def url(self) -> str:
        return f"issues/{self.id}/"

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}期"

    @property
    def full_label(self) -> str:
        total = f"（总第{self.total}期）" if self.total else ""
        return f"{self.label}{total}"

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.number)


@dataclass
class Article:
    """One article: a magazine piece (has ``issue``) or a hub item (has ``date``)."""

    path: str
    title: str
    section: Section
    date: dt.date
    url: str
    issue: Issue | None = None
    page: int | None = None
    order: int | None = None
    authors: list[str] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    summary: str = ""
    slug: str = ""
    date_approx: str = ""  # "month"/"year": the source gives no exact date
    link_id: str = ""  # its short address /a/<link_id>/ (print QR codes); kept through slug and title changes
    # registry references as written ({"person": ["李卫荣"], "org": [...], "section": [...]}): a registry
    # rename or delete is checked against them (the web editor's form, kexie.core.form_rules)
    refs: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)
    record: Record = field(default_factory=Record, compare=False)  # publishing fields as written (shown: fingerprinted)
    record_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # front matter key → line
    state: str = PUBLISHED  # at the time of this build (kexie.core.publishing)

    @property
    def state_label(self) -> str:
        """草稿, 定时发布, 已撤稿; "" for a published article."""
        return "" if self.state == PUBLISHED else STATE_LABELS[self.state]

    @property
    def updated(self) -> dt.date:
        """When its content last changed: its date, or its latest correction's (feeds, sitemaps, the page's date)."""
        return max(self.date, self.record.updated or self.date)

    @property
    def publish_at_label(self) -> str:
        return when_label(self.record.publish_at) if self.record.publish_at else ""

    @property
    def date_label(self) -> str:
        """2023年10月1日, or 约2023年10月 / 约2023年 when the date is only approximate."""
        if self.date_approx == "month":
            return f"约{self.date.year}年{self.date.month}月"
        if self.date_approx == "year":
            return f"约{self.date.year}年"
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"

    @property
    def date_attr(self) -> str:
        """For <time datetime>: as precise as the source, 2023-10 or 2023 when approximate."""
        return self.date.isoformat()[: {"month": 7, "year": 4}.get(self.date_approx, 10)]

    @property
    def sort_key(self) -> tuple:
        """Newest first when reversed: date, then print order within an issue."""
        page = self.page if self.page is not None else 10_000
        return (self.date, -page, -(self.order or 0), self.path)

    @property
    def locator(self) -> str:
        """"2023年第2期 · 创新达人 · 第42页" or "2023年10月1日 · 栏目"."""
        parts = [self.issue.label] if self.issue else []
        parts.append(self.section.name)
        if self.page is not None:
            parts.append(f"第{self.page}页")
        return " · ".join(parts)
