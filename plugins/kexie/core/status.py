"""The newsroom's status report: every article not simply published, and why.

Drafts, scheduled articles (and when they go out), withdrawn articles (when, why),
corrected articles (their latest 更正) and what the house's sign-off still lacks.
``kexie status`` prints it; the preview shows it as a page (``status/``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog
from .dates import zh_date
from .model import Article
from .publishing import DRAFT, PUBLISHED, SCHEDULED, STATE_LABELS, WITHDRAWN

ORDER = (DRAFT, SCHEDULED, WITHDRAWN, "corrected", "unsigned")
HEADINGS = {DRAFT: "草稿（不发布）", SCHEDULED: "定时发布（到点后的第一次构建公开）", WITHDRAWN: "已撤稿（网址保留，显示撤稿说明）",
            "corrected": "有更正的文章", "unsigned": "审签未齐（编辑部规则要求，见 content/_data/house.yml）"}


@dataclass
class Row:
    group: str  # one of ORDER
    article: Article
    detail: str  # 2023年10月2日 09:00 公开 · 撤稿原因 … · 更正 …


def rows(catalog: Catalog) -> list[Row]:
    out = []
    rule = catalog.house.signoff
    for a in catalog.every_article:
        r = a.record
        if a.state == DRAFT:
            out.append(Row(DRAFT, a, f"定时 {a.publish_at_label}" if r.publish_at else ""))
        elif a.state == SCHEDULED:
            out.append(Row(SCHEDULED, a, f"{a.publish_at_label} 公开"))
        elif a.state == WITHDRAWN:
            out.append(Row(WITHDRAWN, a, f"{zh_date(r.withdrawn)}撤稿：{r.withdrawn_reason}"))
        if r.corrections and a.state != WITHDRAWN:
            latest = r.corrections[-1]
            out.append(Row("corrected", a, f"{len(r.corrections)} 条，最近 {zh_date(latest.date)}：{latest.note}"))
        if a.state in (DRAFT, SCHEDULED, PUBLISHED) and rule.applies_to(a.section):
            missing = ([] if r.editor else ["责任编辑"]) + [level for level in rule.levels if level not in r.signoff]
            if missing:
                out.append(Row("unsigned", a, "缺 " + "、".join(missing) + ("（草稿，发布前补齐）" if a.state == DRAFT else "")))
    return sorted(out, key=lambda row: ORDER.index(row.group))


def groups(catalog: Catalog) -> list[tuple[str, list[Row]]]:
    """[(heading, rows)] in ORDER, empty groups left out."""
    found = rows(catalog)
    return [(HEADINGS[g], [r for r in found if r.group == g]) for g in ORDER if any(r.group == g for r in found)]


def report(catalog: Catalog) -> str:
    """The plain-text report ``kexie status`` prints."""
    counts = {state: sum(a.state == state for a in catalog.every_article) for state in STATE_LABELS}
    lines = ["发布状态：" + "，".join(f"{STATE_LABELS[s]} {n} 篇" for s, n in counts.items())]
    for heading, items in groups(catalog):
        lines += ["", f"{heading}：{len(items)} 篇"]
        lines += [f"  {r.article.path}  《{r.article.title}》" + (f"  {r.detail}" if r.detail else "") for r in items]
    return "\n".join(lines)
