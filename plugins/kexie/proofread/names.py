"""Rules on names: registry names written one character off, an org's short name
before its full name, and the house's forbidden words and required full names."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

from .finding import Finding
from .house import House
from .prose import HAN

HAN_ONLY = re.compile(f"[{HAN}]+")


@functools.lru_cache(maxsize=50_000)
def _sound(c: str) -> str:
    return lazy_pinyin(c)[0]


@dataclass
class Names:
    """Registry names indexed by their first two, last two and (three-character names)
    first-and-last characters, so a text is scanned once whatever the registry's size."""

    kinds: dict[str, str] = field(default_factory=dict)  # name → "person" / "org"
    shorts: dict[str, str] = field(default_factory=dict)  # org's short name → full name
    keys: dict[tuple[str, str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    firsts: set[str] = field(default_factory=set)  # the first two characters of every head or tail key
    end_firsts: set[str] = field(default_factory=set)  # the first characters of three-character names

    @classmethod
    def of(cls, people, orgs) -> "Names":
        n = cls()
        for kind, name in [("person", p.name) for p in people] + [("org", o.name) for o in orgs] + [("org", o.short) for o in orgs if o.short]:
            if len(name) >= 3 and HAN_ONLY.fullmatch(name):
                n.kinds.setdefault(name, kind)
        n.shorts = {o.short: o.name for o in orgs if o.short and o.short != o.name and o.short not in o.name}
        for name in n.kinds:
            # one character changed leaves the first or the last k characters intact; k = 3 for long
            # names, so the common 科协 or 中国 of hundreds of org names does not make every one a candidate
            k = 3 if len(name) >= 6 else 2
            n.keys[("head", name[:k], "")].append(name)
            n.keys[("tail", name[-k:], "")].append(name)
            if len(name) == 3:
                n.keys[("ends", name[0], name[2])].append(name)
                n.end_firsts.add(name[0])
        n.firsts = {key[1][:2] for key in n.keys if key[0] != "ends"}
        n.keys = dict(n.keys)
        return n


def near_names(text: str, names: Names, dictionary) -> list[Finding]:
    """A person's or org's name one character away from a registry name (李卫容 for 李卫荣).

    The odd character must sound like the registry's (a slip of the pinyin keyboard) and the
    string must be neither a registry name itself nor a dictionary word."""
    out, seen = [], set()
    if not names.kinds:
        return out
    keys = names.keys
    firsts = names.firsts
    for i in [i for i in range(len(text) - 2) if text[i:i + 2] in firsts or text[i] in names.end_firsts]:
        pair, triple = text[i:i + 2], text[i:i + 3]
        for key, offset in ((("head", pair, ""), 0), (("tail", pair, ""), 2), (("head", triple, ""), 0), (("tail", triple, ""), 3),
                            (("ends", text[i], text[i + 2]), 0)):
            for name in keys.get(key, ()):
                start = i if offset == 0 else i + offset - len(name)
                found = text[start:start + len(name)] if start >= 0 else ""
                if found == name or (start, name) in seen or not HAN_ONLY.fullmatch(found):
                    continue
                seen.add((start, name))
                if _one_off(found, name) and found not in names.kinds and found not in dictionary:
                    out.append(Finding.of(start, start + len(name), name, "names", "proof.name_near",
                                          name=name, what=names.kinds[name]))
    return out


@functools.lru_cache(maxsize=200_000)
def _one_off(found: str, name: str) -> bool:
    """One character off: a homophone (a pinyin keyboard's slip), or any character in a name of
    six or more, away from its ends (天津市科学技木协会; 红豆集团有限公司科技 is another phrase)."""
    diff = [i for i, (a, b) in enumerate(zip(found, name)) if a != b]
    if len(found) != len(name) or len(diff) != 1:
        return False
    i = diff[0]
    return _sound(found[i]) == _sound(name[i]) or (len(name) >= 6 and 2 <= i < len(name) - 2)


def short_first(text: str, names: Names) -> list[Finding]:
    """An org's short name used before its full name appears (the first mention should be in full)."""
    out = []
    for short, full in names.shorts.items():
        first_short, first_full = text.find(short), text.find(full)
        if 0 <= first_short and first_full > first_short:
            out.append(Finding.of(first_short, first_short + len(short), full, "short_name", "proof.short_first", short=short, name=full))
    return out


def house_words(text: str, house: House) -> list[Finding]:
    """Forbidden words (each place) and official names used only by their short form (first place)."""
    out = []
    for f in house.forbidden:
        inside = f.use.find(f.word)  # 二十大 inside 党的二十大: written right already
        for m in re.finditer(re.escape(f.word), text):
            if inside >= 0 and text.startswith(f.use, m.start() - inside):
                continue
            out.append(Finding.of(m.start(), m.end(), f.use, "forbidden", "proof.forbidden", word=f.word, use=f.use))
    for r in house.required:
        if r.name in text:
            continue
        places = [(text.find(s), s) for s in r.short if s in text]
        if places:
            at, short = min(places)
            out.append(Finding.of(at, at + len(short), None, "required", "proof.required", short=short, name=r.name))
    return out
