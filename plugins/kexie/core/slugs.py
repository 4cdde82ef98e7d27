"""ASCII slugs from Chinese names, pinyin by word (李卫荣 → li-weirong).

pypinyin picks readings by phrase, but surnames are often misread, so
people and orgs may always carry an explicit ``slug`` that wins.
"""

from __future__ import annotations

import logging
import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐")
# Readings of a character used as a surname, where they differ from common use.
SURNAME_READINGS = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao", "翟": "zhai", "盖": "ge", "乐": "yue", "覃": "qin", "尉": "yu"}


def is_slug(text: str) -> bool:
    return bool(SLUG.match(text))


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # imported late: its phrase tables take 0.2 s, and most builds name every slug

    return [s for s in lazy_pinyin(text, style=Style.NORMAL, errors=lambda x: list(x)) if s.strip()]


def _ascii(words: list[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower().replace("ü", "v"))
    return re.sub(r"-{2,}", "-", slug).strip("-")


def person_slug(name: str) -> str:
    """Surname, then the given name as one word: 李卫荣 → li-weirong."""
    name = name.strip()
    surname_len = 2 if name[:2] in COMPOUND_SURNAMES else 1
    surname, given = name[:surname_len], name[surname_len:]
    if not re.match(r"^[\u4e00-\u9fff]+$", name):
        return text_slug(name)
    first = SURNAME_READINGS.get(surname) if surname_len == 1 else None
    surname_py = first or "".join(_syllables(surname))
    return _ascii([surname_py, "".join(_syllables(given))]) if given else _ascii([surname_py])


def text_slug(text: str) -> str:
    """Word-level pinyin for titles and org names; ASCII words kept."""
    return _ascii(_words(text)) or "untitled"


def title_slug(title: str, names: dict[str, str]) -> str:
    """A title's slug where registered names keep their registry slug.

    ``names`` maps a name (李卫荣) to its slug (li-weirong).  Split by words
    alone, a name runs into its neighbours (李卫荣谈 → liweirongtan), so a
    file name would disagree with the person's page; every other part of the
    title is spelled by ``text_slug``'s rule.
    """
    found = [n for n in sorted(names, key=len, reverse=True) if n and n in title]
    if not found:
        return text_slug(title)
    words: list[str] = []
    for part in re.split("(" + "|".join(map(re.escape, found)) + ")", title):
        if part in names:
            words.append(names[part])
        else:
            words.extend(_words(part))
    return _ascii(words) or "untitled"


def _words(text: str) -> list[str]:
    import jieba  # imported late: loading its dictionary costs a second

    jieba.setLogLevel(logging.WARNING)

    words = []
    for word in jieba.lcut(text):
        if re.match(r"^[A-Za-z0-9]+$", word):
            words.append(word)
        elif re.search(r"[\u4e00-\u9fff]", word):
            words.append("".join(_syllables(word)))
    return words
