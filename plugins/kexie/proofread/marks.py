"""Rules on the marks between words: Latin words inside Chinese sentences, half-width
punctuation in Chinese text, paired marks left open, spacing between Chinese and
Latin letters or digits."""

from __future__ import annotations

import re

from .finding import Finding
from .prose import HAN

H = f"[{HAN}]"
# English words that are never a name, a unit or a model (the conversion's "and"); with the Chinese to write.
ENGLISH = {
    "and": "和", "or": "或", "of": "的", "with": "与", "the": "", "for": "为", "to": "到", "in": "在", "on": "在",
    "at": "在", "by": "由", "from": "从", "is": "是", "are": "是", "was": "是", "be": "是", "as": "作为", "but": "但",
    "not": "不", "this": "这", "that": "那", "these": "这些", "those": "那些", "we": "我们", "our": "我们的",
    "you": "你", "your": "你的", "they": "他们", "their": "他们的", "its": "它的", "it": "它", "also": "也", "very": "很",
    "than": "比", "then": "然后", "into": "进入", "about": "关于", "between": "之间", "after": "之后", "before": "之前",
    "etc": "等", "via": "经由", "plus": "加", "vs": "对", "new": "新", "all": "所有",
}
# a Latin word with Chinese on both sides (a space either side allowed)
LATIN = re.compile(f"(?<={H})( ?)([A-Za-z]+(?: [a-z]+)*)( ?)(?={H})")

HALF = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！"}
# half-width , : ; ? ! after Chinese, before Chinese, a quote or the line's end; '.' only before Chinese or the end
HALF_MARK = re.compile(f"(?<={H})([,:;?!])(?=[ \\t]*(?:{H}|[“‘《（]|$))|(?<={H})(\\.)(?={H}|[ \\t]*$)", re.M)
HALF_PARENS = re.compile(f"\\(([^()\\n]*{H}[^()\\n]*)\\)")
HALF_QUOTES = re.compile(f"\"([^\"\\n]*{H}[^\"\\n]*)\"")

PAIRS = {"（": "）", "“": "”", "《": "》", "【": "】", "‘": "’"}
CLOSERS = {v: k for k, v in PAIRS.items()}
# list numbering: 1）… 2）…, a）, 一）: a closing mark with no opening one, on purpose
ENUMERATION = re.compile(r"(?:^|(?<=[\s，；。：、\x00]))[0-9a-zA-Z一二三四五六七八九十]{1,2}[）)]", re.M)
BLOCK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:#|\||[-*+] |\d+[.)] |>))")

SPACED = re.compile(f"({H})([ \\t]+)([A-Za-z0-9])|([A-Za-z0-9%])([ \\t]+)({H})")
# a Latin word or number spaced on both sides (在 2023 年): one warning with one fix, not two
SPACED_BOTH = re.compile(f"({H})[ \\t]+([A-Za-z0-9][A-Za-z0-9.%]*)[ \\t]+(?={H})")
TIGHT = re.compile(f"(?<={H})(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?={H})")


def latin(text: str) -> list[Finding]:
    """English words between Chinese words; acronyms, names, units and models (5G, AI, iPhone, mm) are no such word."""
    out = []
    for m in LATIN.finditer(text):
        words = m.group(2).split(" ")
        if not all(w.islower() for w in words) or not any(w in ENGLISH for w in words):
            continue
        fix = "".join(ENGLISH.get(w, w) for w in words)
        out.append(Finding.of(m.start(), m.end(), fix, "latin", "proof.latin", word=m.group(2)))
    return out


def punctuation(text: str) -> list[Finding]:
    """Half-width , . : ; ? ! ( ) " in Chinese text."""
    out = [Finding.of(m.start(), m.end(), HALF[m.group()], "punctuation", "proof.halfwidth", mark=m.group(), right=HALF[m.group()])
           for m in HALF_MARK.finditer(text)]
    for pattern, (left, right) in ((HALF_PARENS, ("（", "）")), (HALF_QUOTES, ("“", "”"))):
        for m in pattern.finditer(text):
            if ENUMERATION.match(text, m.start()) or m.group(1).isascii():
                continue
            out.append(Finding.of(m.start(), m.end(), left + m.group(1) + right, "punctuation", "proof.halfwidth_pair",
                                  marks=m.group()[0] + m.group()[-1], right=left + right))
    return out


def pairs(text: str) -> list[Finding]:
    """（）“”《》【】‘’ that open without closing or close without opening, paragraph by paragraph."""
    out = []
    enumerations = {m.end() - 1 for m in ENUMERATION.finditer(text)}
    start = 0
    for sep in [*BLOCK.finditer(text), None]:
        end = sep.start() if sep else len(text)
        out += _unmatched(text, start, end, enumerations)
        start = sep.end() if sep else end
    return out


def _unmatched(text: str, start: int, end: int, enumerations: set[int]) -> list[Finding]:
    stack: list[tuple[str, int]] = []
    out = []
    for i in range(start, end):
        c = text[i]
        if c in PAIRS:
            if c == "‘" and not _near_han(text, i):
                continue
            stack.append((c, i))
        elif c in CLOSERS:
            if c == "’" and not _near_han(text, i):
                continue  # an apostrophe in English (it’s)
            if stack and stack[-1][0] == CLOSERS[c]:
                stack.pop()
            elif any(o == CLOSERS[c] for o, _ in stack):  # one opened in between was left open
                while stack and stack[-1][0] != CLOSERS[c]:
                    out.append(_open(*stack.pop()))
                stack.pop()
            elif i not in enumerations:
                out.append(Finding.of(i, i + 1, None, "pairs", "proof.unpaired_close", mark=c, open=CLOSERS[c]))
    return out + [_open(c, i) for c, i in stack]


def _open(c: str, i: int) -> Finding:
    return Finding.of(i, i + 1, None, "pairs", "proof.unpaired_open", mark=c, close=PAIRS[c])


def _near_han(text: str, i: int) -> bool:
    return bool(re.match(H, text[i - 1: i] or " ") or re.match(H, text[i + 1: i + 2] or " "))


def spacing_counts(text: str) -> tuple[int, int]:
    """(boundaries with a space, without) between Chinese and Latin letters or digits."""
    return len(SPACED.findall(text)), len(TIGHT.findall(text))


def spacing(text: str, style: str) -> list[Finding]:
    """Boundaries written against the house style: ``space`` wants one space, ``none`` none."""
    if style == "space":
        return [Finding.of(m.start() - 1, m.start() + 1, f"{text[m.start() - 1]} {text[m.start()]}", "spacing", "proof.space_missing")
                for m in TIGHT.finditer(text)]
    out, taken = [], []
    for m in SPACED_BOTH.finditer(text):
        out.append(Finding.of(m.start(), m.end() + 1, m.group(1) + m.group(2) + text[m.end()], "spacing", "proof.space_extra"))
        taken.append((m.start(), m.end()))
    for m in SPACED.finditer(text):
        if any(start <= m.start() < end for start, end in taken):
            continue
        a, b = (m.group(1), m.group(3)) if m.group(1) else (m.group(4), m.group(6))
        out.append(Finding.of(m.start(), m.end(), a + b, "spacing", "proof.space_extra"))
    return sorted(out, key=lambda f: f.start)
