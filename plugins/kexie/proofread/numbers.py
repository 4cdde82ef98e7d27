"""Numbers and dates against the basics of GB/T 15835-2011 (出版物上数字用法).

Only forms that are wrong wherever they appear: a date written with 号,
years mixing Chinese numerals and digits or written with 零, a date mixing
the two systems, ranges joined with a hyphen, digits with 千 or 百, thousands
separators in Chinese text, decades without their century, centuries in
Chinese numerals.
"""

from __future__ import annotations

import re

from .finding import Finding
from .prose import HAN

CN_DIGITS = "〇一二三四五六七八九"
TO_CN = {str(n): CN_DIGITS[n] for n in range(10)} | {"０": "〇", "零": "〇", "○": "〇", "Ｏ": "〇"}
CN_TO_N = {c: n for n, c in enumerate(CN_DIGITS)} | {"零": 0, "○": 0}

DATE_HAO = re.compile(r"(?<![0-9])(\d{1,2}月\d{1,2})号")
YEAR_MIXED = re.compile(f"(?<![0-9{CN_DIGITS}零○])([0-9{CN_DIGITS}零○０]{{4}})年")
DATE_MIXED = re.compile(r"(?<![0-9])(\d{4}年)([一二三四五六七八九十]{1,3})月|(?<![0-9])(\d{1,2}月)([一二三四五六七八九十]{1,3})日"
                        f"|([{CN_DIGITS}零]{{4}}年)(\\d{{1,2}})月")
RANGE = re.compile(f"(?<![A-Za-z0-9./:_\\-])(\\d{{1,4}}(?:\\.\\d+)?)-(\\d{{1,4}}(?:\\.\\d+)?)(?=[{HAN}%℃])")
QIAN_BAI = re.compile(f"(?<![0-9.])(\\d+(?:\\.\\d+)?)([千百])(?![米克瓦伏帕赫焦兆分卡字])")
THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
DECADE = re.compile(r"(?<!世纪)(?<![0-9])([0-9]0)年代|(?<!世纪)([一二三四五六七八九])十年代")
CENTURY = re.compile(r"(?<![一二三四五六七八九十])(二十一|二十|十九|十八|十七|十六)世纪")
CENTURY_N = {"二十一": 21, "二十": 20, "十九": 19, "十八": 18, "十七": 17, "十六": 16}
CN_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _cn_small(text: str) -> int:
    """一 … 三十一 as a number."""
    if "十" not in text:
        return CN_NUMBER[text]
    tens, _, ones = text.partition("十")
    return (CN_NUMBER[tens] if tens else 1) * 10 + (CN_NUMBER[ones] if ones else 0)


def numbers(text: str) -> list[Finding]:
    out = []
    for m in DATE_HAO.finditer(text):
        out.append(Finding.of(m.start(), m.end(), m.group(1) + "日", "numbers", "proof.date_hao"))
    for m in YEAR_MIXED.finditer(text):
        year = m.group(1)
        has_digit, has_cn = any(c.isascii() for c in year), any(not c.isascii() for c in year)
        if has_digit and has_cn:
            out.append(Finding.of(m.start(), m.end(), "".join(TO_CN.get(c, c) for c in year) + "年", "numbers", "proof.year_mixed"))
        elif not has_digit and any(c in "零○０" for c in year):
            out.append(Finding.of(m.start(), m.end(), "".join(TO_CN.get(c, c) for c in year) + "年", "numbers", "proof.year_zero"))
    for m in DATE_MIXED.finditer(text):
        if m.group(1):
            fix = f"{m.group(1)}{_cn_small(m.group(2))}月"
        elif m.group(3):
            fix = f"{m.group(3)}{_cn_small(m.group(4))}日"
        else:
            fix = "".join(str(CN_TO_N.get(c, c)) for c in m.group(5)[:4]) + f"年{m.group(6)}月"
        out.append(Finding.of(m.start(), m.end(), fix, "numbers", "proof.date_mixed"))
    for m in RANGE.finditer(text):
        a, b = m.group(1), m.group(2)
        dash = "—" if len(a) == len(b) == 4 and text[m.end(): m.end() + 1] == "年" else "～"
        out.append(Finding.of(m.start(), m.end(), f"{a}{dash}{b}", "numbers", "proof.range_hyphen", dash=dash))
    for m in QIAN_BAI.finditer(text):
        value = float(m.group(1)) * (1000 if m.group(2) == "千" else 100)
        out.append(Finding.of(m.start(), m.end(), f"{value:g}" if value < 1e15 else None, "numbers", "proof.qian_bai", unit=m.group(2)))
    for m in THOUSANDS.finditer(text):
        if re.search(f"[{HAN}]", text[max(0, m.start() - 2): m.start()] + text[m.end(): m.end() + 2]):
            out.append(Finding.of(m.start(), m.end(), m.group().replace(",", ""), "numbers", "proof.thousands"))
    for m in DECADE.finditer(text):
        decade = m.group(1) or f"{CN_NUMBER[m.group(2)]}0"
        century = "20" if int(decade) >= 30 else "20/21"
        fix = f"{century.split('/')[0]}世纪{decade}年代" if century == "20" else None
        out.append(Finding.of(m.start(), m.end(), fix, "numbers", "proof.decade", decade=decade))
    for m in CENTURY.finditer(text):
        out.append(Finding.of(m.start(), m.end(), f"{CENTURY_N[m.group(1)]}世纪", "numbers", "proof.century"))
    return out
