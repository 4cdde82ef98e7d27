"""An article's publishing state and newsroom record, read from its front matter.

States (the same in the web editor's form, the command line and the build):

- ``draft: true`` — 草稿: the preview shows it, marked; the published site never does;
- ``publish_at: 2023-10-01 08:00`` — 定时: hidden until that time (Asia/Shanghai),
  published by the first build after it (the pipeline rebuilds on a schedule);
- ``withdrawn: 2023-11-02`` + ``withdrawn_reason`` — 已撤稿: the address stays and shows
  a withdrawal notice instead of the text; gone from CONTENTS, lists, search and feeds;
- ``corrections: [{date, note}]`` — 更正: dated notes shown on the page and in feeds.

The record also names the 责任编辑 (``editor``), the review sign-offs
(``signoff: {初审: 张三, …}``, which levels the house requires: ``house.py``) and,
for a repost, its 来源/原作者/原标题.  No MkDocs here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from .fields import Fields
from .messages import FIELD_LABELS
from .source import Mapping

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW_ENV = "KEXIE_NOW"  # "2023-10-01 08:00": the clock for scheduled articles (tests, a preview of the future)

PUBLISHED, DRAFT, SCHEDULED, WITHDRAWN = "published", "draft", "scheduled", "withdrawn"
STATE_LABELS = {PUBLISHED: "已发布", DRAFT: "草稿", SCHEDULED: "定时发布", WITHDRAWN: "已撤稿"}
REPOST_FIELDS = ("source", "original_author", "original_title")
PUBLISHING_FIELDS = {"draft", "publish_at", "withdrawn", "withdrawn_reason", "corrections", "editor", "signoff", "repost", *REPOST_FIELDS}

# 2023-10-01 08:00, 2023-10-01T08:00:00+08:00, 2023/10/1 8:00, 2023年10月1日 8时 / 8点30分 / 8：00
WHEN = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T　]*(\d{1,2})(?:[:：时点](\d{1,2})?分?(?:[:：](\d{1,2})秒?)?)?)?"
                  r"\s*(Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True)
class Correction:
    date: dt.date
    note: str


@dataclass(frozen=True)
class Repost:
    source: str  # 来源: the paper, site or account it was first published by
    original_author: str
    original_title: str


@dataclass
class Record:
    """What the front matter says about publishing one article."""

    draft: bool = False
    publish_at: dt.datetime | None = None  # aware, Asia/Shanghai
    withdrawn: dt.date | None = None
    withdrawn_reason: str = ""
    corrections: list[Correction] = field(default_factory=list)  # oldest first
    editor: str = ""  # 责任编辑
    signoff: dict[str, str] = field(default_factory=dict)  # level (初审 …) → who signed
    repost: Repost | None = None

    def state(self, now: dt.datetime) -> str:
        if self.withdrawn:
            return WITHDRAWN
        if self.draft:
            return DRAFT
        if self.publish_at and self.publish_at > now:
            return SCHEDULED
        return PUBLISHED

    @property
    def updated(self) -> dt.date | None:
        """The latest correction's date: a feed item's updated date."""
        return self.corrections[-1].date if self.corrections else None


def now() -> dt.datetime:
    """The time scheduled articles are measured against: ``KEXIE_NOW`` or the clock, in Asia/Shanghai."""
    written = os.environ.get(NOW_ENV, "").strip()
    if written and (when := parse_when(written)):
        return when
    return dt.datetime.now(SHANGHAI)


def parse_when(value) -> dt.datetime | None:
    """A date or date and time as editors write it; naive times are Asia/Shanghai."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=SHANGHAI) if value.tzinfo is None else value.astimezone(SHANGHAI)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=SHANGHAI)
    m = WHEN.match(str(value).strip())
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups()[:6])
    zone = m.group(7)
    try:
        when = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if zone:
        sign = 1 if zone == "Z" or zone[0] == "+" else -1
        digits = zone.replace(":", "")[1:] if zone != "Z" else "0000"
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return when.replace(tzinfo=dt.timezone(sign * offset)).astimezone(SHANGHAI)
    return when.replace(tzinfo=SHANGHAI)


def when_label(when: dt.datetime) -> str:
    """2023年10月1日 08:00"""
    return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"


def read_record(f: Fields) -> Record:
    """The publishing fields of one article's front matter; problems go to ``f``."""
    record = Record(draft=_flag(f, "draft"), publish_at=_when(f, "publish_at"), editor=f.text("editor"),
                    withdrawn=f.date("withdrawn"), withdrawn_reason=f.text("withdrawn_reason", max_len=500))
    if record.withdrawn and not record.withdrawn_reason:
        f.problem("withdrawn", "publishing.withdrawn_reason")
    if record.withdrawn_reason and not record.withdrawn:
        f.problem("withdrawn_reason", "publishing.reason_without_date")
    record.corrections = _corrections(f)
    record.signoff = _signoff(f)
    record.repost = _repost(f)
    return record


def _flag(f: Fields, key: str) -> bool:
    value = f.raw(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    written = str(f.written(key) or value).strip()
    if written in ("是", "草稿"):  # what an editor may type for yes
        return True
    if written in ("否",):
        return False
    f.problem(key, "publishing.not_flag", found=written)
    return False


def _when(f: Fields, key: str) -> dt.datetime | None:
    value = f.raw(key)
    if value in (None, ""):
        return None
    when = parse_when(value) if isinstance(value, (str, dt.date)) else None
    if when is None:
        f.problem(key, "publishing.bad_time", found=str(f.written(key) or value))
    return when


def _entries(f: Fields, key: str) -> list[Fields]:
    value = f.raw(key)
    if value in (None, "", []):
        return []
    if not isinstance(value, list) or not all(isinstance(e, Mapping) for e in value):
        f.problem(key, "publishing.corrections_shape")
        return []
    return [Fields(f.path, e, f.problems, what=f"{key}[{n + 1}].") for n, e in enumerate(value)]


def _corrections(f: Fields) -> list[Correction]:
    out = []
    for e in _entries(f, "corrections"):
        e.unknown({"date", "note"})
        date, note = e.date("date", required=True, example="2023-11-02"), e.text("note", required=True, max_len=2000,
                                                                                   example="第三段“2021年”应为“2022年”，已改正。")
        if date and note:
            out.append(Correction(date, note))
    return sorted(out, key=lambda c: c.date)


def _signoff(f: Fields) -> dict[str, str]:
    value = f.raw("signoff")
    if value in (None, ""):
        return {}
    if not isinstance(value, Mapping):
        f.problem("signoff", "publishing.signoff_shape")
        return {}
    e = Fields(f.path, value, f.problems, what="signoff.")
    # a level left empty (the web editor's form writes it so) is not signed yet
    return {str(level): name for level in value.data if (name := e.text(str(level)))}


def _repost(f: Fields) -> Repost | None:
    marked = _flag(f, "repost")
    given = {k: f.text(k, max_len=300) for k in REPOST_FIELDS}
    if not marked:
        if any(given.values()):
            f.problem(next(k for k in REPOST_FIELDS if given[k]), "publishing.repost_unmarked")
        return None
    for key in REPOST_FIELDS:
        if not given[key]:
            f.problem("repost", "publishing.repost_field_missing", field=f"{FIELD_LABELS[key]}（{key}）")
    return Repost(**given)
