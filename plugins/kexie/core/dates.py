"""Dates as readers in China write them, and the one time zone we use."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def zh_date(d: dt.date | None) -> str:
    """2023-04-30 → 2023年4月30日."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def publication_time(d: dt.date) -> dt.datetime:
    """Midnight of a publication date in Asia/Shanghai (+08:00)."""
    return dt.datetime(d.year, d.month, d.day, tzinfo=SHANGHAI)
