"""Import a raw issue text (like the printed-issue seed) into article files.

A small manifest names each article's title, 栏目 and page; the importer finds
where each article starts in the raw text, cuts the text there, and writes one
Markdown file per article.  It never rewrites words: it only drops the title
heading, moves the "文 | 作者" byline into front matter, joins paragraphs
that the print layout broke mid-sentence and sets photo captions apart as
〔图略〕 notes.

What it cannot be sure of it says, naming the raw line and the manifest item:

- refusals (nothing is written): a heading inside an article that looks like
  the start of an article the manifest does not list (the article would
  swallow it), an article far longer than the others;
- warnings (files written, each line to check): captions set apart, a
  character doubled where a column or page break was joined (天\\n天津市科协),
  English words left in Chinese text, masthead or contents pages cut off.

``--confirm <slug>`` turns an article's refusals into warnings when the
editor has checked that it really is that long or holds such a heading.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from ..core.messages import Msg
from ..core.problems import Problems
from ..core.registries import read_yaml
from ..core.slugs import is_slug, title_slug
from ..core.source import Mapping, plain
from .writing import front_matter

BYLINE = re.compile(r"^文\s*[|｜]\s*(.+)$")
SENTENCE_END = tuple("。！？!?；;：:”」』）)…")
HAN = re.compile(r"[\u4e00-\u9fff]")
# A CONTENTS line: print page (or cover position), then the title.
CONTENTS_ENTRY = re.compile(r"^(?:\d{1,3}|封面|封二|封三|封底)\s+(.{4,})$")
CONTENTS_HEADING = re.compile(r"CONTENTS|^目\s*录$", re.IGNORECASE)
# Captions that say so whatever their layout: 图为…, ▲…, 图1 …, （张三 摄）, （图片说明）.
CAPTION_MARK = re.compile(r"^(?:图为|图：|图:|[▲△▼►]|[上下左右]图[：:为]|图\s*\d+\s)|[（(][^（）()]{0,20}(?:摄|供图|图片说明)[）)]$")
CAPTION_MAX = 60  # characters; the seed issue's photo captions are 8–51 long
# English words a conversion left between Chinese words (行业科协 and 区域企业科协).
ENGLISH_GLUE = {"and": "和", "or": "或", "of": "的", "with": "与", "the": ""}
GLUE = re.compile(r"(?<=[\u4e00-\u9fff])\s*\b(" + "|".join(ENGLISH_GLUE) + r")\b\s*(?=[\u4e00-\u9fff])", re.IGNORECASE)
# An article is "far longer than the others" above both: the seed issue's longest
# (揭榜挂帅, a four-page study with a table) is 2.9× the median of the rest and 5,400 characters.
LONG_FACTOR, LONG_FLOOR, LONG_ALWAYS = 3, 4_000, 12_000


@dataclass
class Planned:
    n: int  # position in the manifest, from 1
    title: str
    section: str
    page: int | None
    start: str  # text of the raw heading where the article starts
    slug: str
    extra: dict = field(default_factory=dict)
    order: int | None = None
    end: str | None = None  # text of the raw line where it stops (exclusive)


@dataclass
class Known:
    """Names the raw text's headings are compared with (from the registries)."""

    people: dict[str, str] = field(default_factory=dict)  # name → slug
    orgs: set[str] = field(default_factory=set)  # names and short names
    sections: set[str] = field(default_factory=set)
    publications: set[str] = field(default_factory=set)

    @property
    def names(self) -> set[str]:
        return set(self.people) | self.orgs


@dataclass
class Finding:
    line: int  # in the raw text, from 1
    item: Planned
    message: Msg
    refusal: bool = False


@dataclass
class ImportResult:
    files: dict[str, str]  # relative path → file text
    problems: list[Msg]  # about the manifest as a whole
    findings: list[Finding] = field(default_factory=list)

    def refusals(self, confirmed: set[str]) -> list[Finding]:
        return [f for f in self.findings if f.refusal and f.item.slug not in confirmed]

    def warnings(self, confirmed: set[str]) -> list[Finding]:
        return [f for f in self.findings if not f.refusal or f.item.slug in confirmed]


def norm(text: str) -> str:
    return re.sub(r"[\s#*]", "", text)


def read_manifest(path: Path, problems: Problems, people: dict[str, str] | None = None) -> tuple[str, list[Planned]]:
    data = read_yaml(path.parent, path.name, problems)
    if not isinstance(data, Mapping) or not isinstance(data.data.get("articles"), list):
        problems.add(path.name, None, None, "import.manifest_shape")
        return "", []
    issue = str(data.data.get("issue", ""))
    planned = []
    for n, entry in enumerate(plain(data.data["articles"]), 1):
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("section"):
            problems.add(path.name, None, "articles", "import.entry_needs", n=n)
            continue
        title = str(entry.pop("title"))
        slug = str(entry.pop("slug", "") or title_slug(title.split("：")[0] if "：" in title else title, people or {}))
        if not is_slug(slug):
            problems.add(path.name, None, "articles", "import.entry_slug", n=n, slug=slug)
            continue
        end = entry.pop("end", None)
        planned.append(Planned(n, title, str(entry.pop("section")), entry.pop("page", None), str(entry.pop("start", title)), slug,
                               order=entry.pop("order", None), extra=entry, end=str(end) if end else None))
    return issue, planned


# -- where articles start and stop ---------------------------------------------------


@dataclass(eq=False)  # one per article: its identity is the key of its length
class Span:
    item: Planned
    cut: int  # first line belonging to the article (a kicker line above its heading, or the heading)
    head: int  # the heading line itself (dropped: it becomes the title)
    end: int = 0  # first line no longer belonging to it
    next_title: str = ""  # the article right after it, if the manifest lists one


def contents_block(lines: list[str]) -> tuple[range, list[tuple[int, str]]]:
    """The printed CONTENTS: its lines, and (line index, normalised title) of each entry."""
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("#") and CONTENTS_HEADING.search(norm(line))), None)
    if start is None:
        return range(0), []
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^#\s", lines[i])), len(lines))
    entries = [(i, norm(m.group(1))) for i in range(start, end) if (m := CONTENTS_ENTRY.match(lines[i].strip()))]
    return range(start, end), entries


def find_start(lines: list[str], normalised: list[str], key: str, skip: range) -> tuple[int, int] | None:
    """(cut, head) of the article titled ``key`` (normalised), or None.

    Best: the heading covering most of the title (``# 企业科协`` must not win
    over ``# 企业科协要做好…``).  A title printed as a kicker line and a
    heading (天津能源集团科协副主席时宝琦： / ## 创新服务体系…) starts at the kicker.
    """
    headings = [i for i, line in enumerate(normalised) if line and lines[i].lstrip().startswith("#") and i not in skip]
    whole = [i for i in headings if key.startswith(normalised[i]) or normalised[i].startswith(key)]
    if whole:
        best = max(whole, key=lambda i: (min(len(normalised[i]), len(key)), -i))
        return best, best
    for i in headings:
        rest = key[: len(key) - len(normalised[i])]
        if len(normalised[i]) >= 6 and key.endswith(normalised[i]) and rest:
            above = _previous_text(normalised, i)
            if above is not None and normalised[above].endswith(rest):
                return above, i
    hit = next((i for i, line in enumerate(normalised) if line and i not in skip and (key in line or (line in key and len(line) > 6))), None)
    return None if hit is None else (hit, hit)


def _previous_text(normalised: list[str], i: int) -> int | None:
    return next((j for j in range(i - 1, max(i - 4, -1), -1) if normalised[j]), None)


def _next_text(normalised: list[str], i: int, limit: int = 4) -> int | None:
    return next((j for j in range(i + 1, min(i + 1 + limit, len(normalised))) if normalised[j]), None)


def split_articles(raw: str, planned: list[Planned], known: Known | None = None) -> tuple[list[Span], list[str], list[Msg], list[Finding]]:
    """The span of each found article; problems for titles not found; what was cut off."""
    known = known or Known()
    lines = raw.replace("\r\n", "\n").split("\n")
    normalised = [norm(line) for line in lines]
    contents, _ = contents_block(lines)
    spans, problems, findings = [], [], []
    for p in planned:
        found = find_start(lines, normalised, norm(p.start), contents)
        if found is None:
            problems.append(Msg("import.start_not_found", title=p.title, start=p.start))
        else:
            spans.append(Span(p, *found))
    spans.sort(key=lambda s: s.cut)
    for n, span in enumerate(spans):
        span.end = spans[n + 1].cut if n + 1 < len(spans) else len(lines)
        span.next_title = spans[n + 1].item.title if n + 1 < len(spans) else ""
        if span.item.end:
            key = norm(span.item.end)
            stop = next((i for i in range(span.head + 1, span.end) if normalised[i] and (normalised[i].startswith(key) or key.startswith(normalised[i]) and len(normalised[i]) >= 4)), None)
            if stop is None:
                problems.append(Msg("import.end_not_found", n=span.item.n, slug=span.item.slug, end=span.item.end))
            else:
                span.end, span.next_title = stop, ""
        findings += _stop_at_back_matter(span, lines, normalised, known)
    return spans, lines, problems, findings


def _stop_at_back_matter(span: Span, lines: list[str], normalised: list[str], known: Known) -> list[Finding]:
    """The publication's own pages (CONTENTS, masthead, back cover) never belong to an article."""
    publications = {norm(p) for p in known.publications}
    for i in range(span.head + 1, span.end):
        if lines[i].lstrip().startswith("#") and (normalised[i] in publications or CONTENTS_HEADING.search(normalised[i])):
            left = sum(len(normalised[j]) for j in range(i, span.end))
            span.end, span.next_title = i, ""
            return [Finding(i + 1, span.item, Msg("import.back_matter", heading=lines[i].strip(), chars=left))]
    return []


# -- headings of articles the manifest does not list ---------------------------------


def unlisted_starts(span: Span, lines: list[str], normalised: list[str], known: Known) -> list[Finding]:
    """Lines inside an article that look like another article's start: refusals."""
    _, entries = contents_block(lines)
    own = norm(span.item.title) + norm(span.item.start)
    findings, first_byline = [], None
    for i in range(span.head + 1, span.end):
        text = normalised[i]
        if not text:
            continue
        if BYLINE.match(lines[i].strip()):
            if first_byline is None and i - span.head < 8:  # the article's own byline, under its title
                first_byline = i
                continue
            above = _previous_text(normalised, i)
            if above is not None and above > span.head and not lines[above].lstrip().startswith("#"):
                findings.append(_unlisted(span, above, lines, Msg("import.why_byline", byline=lines[i].strip())))
            continue
        if not lines[i].lstrip().startswith("#") or text in own:
            continue
        if findings and findings[-1].line - 1 == _previous_text(normalised, i):
            continue  # the subtitle of the heading just reported
        if why := _why_article(i, lines, normalised, entries, known):
            findings.append(_unlisted(span, i, lines, why))
    return findings


def _unlisted(span: Span, i: int, lines: list[str], why: Msg) -> Finding:
    """The refusal, with the line an ``end:`` should name: a kicker line above the heading
    (天津能源集团科协副主席时宝琦：) belongs to the next article too."""
    heading = lines[i].strip().lstrip("#").strip()
    above = _previous_text([norm(line) for line in lines[: i + 1]], i)
    if above is not None and above > span.head and re.search(r"[：:]$", lines[above].strip()) and len(lines[above].strip()) <= 30:
        i, heading = above, f"{lines[above].strip()} {heading}"
    end = lines[i].strip().lstrip("#").strip()
    return Finding(i + 1, span.item, Msg("import.unlisted_heading", heading=heading, why=why, end=end, slug=span.item.slug), refusal=True)


def _why_article(i: int, lines: list[str], normalised: list[str], entries: list[tuple[int, str]], known: Known) -> Msg | None:
    """Why the heading on line ``i`` starts an article (None: an ordinary subheading)."""
    text = normalised[i]
    for line, entry in entries:
        if len(text) >= 6 and (entry.startswith(text) or entry.endswith(text) or text.startswith(entry)):
            return Msg("import.why_contents", line=line + 1)
    below = _next_text(normalised, i)
    if below is not None and BYLINE.match(lines[below].strip()):
        return Msg("import.why_byline", byline=lines[below].strip())
    name = re.split(r"[：:]", text, maxsplit=1)[0]
    if name != text and name in known.names:
        return Msg("import.why_named", name=name)
    if text in {norm(s) for s in known.sections}:
        return Msg("import.why_section", name=text)
    if re.match(r"^#\s", lines[i].lstrip()):
        return Msg("import.why_h1")
    return None


# -- the article body ------------------------------------------------------------------------


@dataclass
class Block:
    line: int  # raw line of its first line, from 1
    text: str
    blanks: int  # blank lines above it (a photo's slot leaves several)


def _blocks(lines: list[str], first: int, last: int) -> list[Block]:
    blocks, current, blanks = [], [], 0
    for i in range(first, last):
        if lines[i].strip():
            if not current:
                blocks.append(Block(i + 1, "", blanks))
            current.append(lines[i])
            blanks = 0
        else:
            if current:
                blocks[-1].text = "\n".join(current)
                current = []
            blanks += 1
    if current:
        blocks[-1].text = "\n".join(current)
    return blocks


def is_caption(block: Block) -> bool:
    """A photo caption: a short single line in a photo's slot (two or more blank lines above),
    no sentence end; or a line marked as a caption (图为…, ▲…, （张三 摄）)."""
    text = block.text.strip()
    if "\n" in text or text.startswith(("#", "*", "|", "-", ">", "〔图略〕")) or BYLINE.match(text):
        return False
    if CAPTION_MARK.search(text) and len(text) <= 2 * CAPTION_MAX:
        return True
    return block.blanks >= 2 and len(text) <= CAPTION_MAX and not text.rstrip("”』」）)").endswith(SENTENCE_END)


def clean_body(lines: list[str], span: Span, known: Known | None = None) -> tuple[str, list[str], list[Finding]]:
    """(Markdown body, authors from a "文 | X" byline, warnings), paragraphs rejoined."""
    known = known or Known()
    own = norm(span.item.title) + norm(span.item.start)
    authors: list[str] = []
    findings: list[Finding] = []
    out: list[str] = []  # Markdown blocks
    captions: list[str] = []  # held until the paragraph they interrupt is whole
    open_paragraph = False  # the last block of out may go on in the next block
    for block in _blocks(lines, span.cut, span.end):
        if block.line - 1 == span.head or (not out and block.text.lstrip().startswith("#") and norm(block.text) in own):
            continue  # the title (and a subtitle printed as a heading of its own)
        stripped = block.text.strip()
        m = BYLINE.match(stripped)
        if m and not authors:
            authors = [a for a in re.split(r"[、,，\s]+", m.group(1).strip()) if a]
            continue
        if is_caption(block):
            captions.append(stripped)
            last = span.next_title and not any(norm(lines[i]) for i in range(block.line, span.end))
            message = Msg("import.caption_last", caption=stripped, next=span.next_title) if last else Msg("import.caption", caption=stripped)
            findings.append(Finding(block.line, span.item, message))
            continue
        findings += _glued_words(block, span.item)
        if open_paragraph and _continues(out[-1], block.text):
            findings += _doubled(out[-1], block, span.item, known)
            out[-1] = out[-1].rstrip() + block.text.lstrip()
        else:
            out += [_caption_note(c) for c in captions]
            captions = []
            out.append(block.text)
        open_paragraph = True
    out += [_caption_note(c) for c in captions]
    return "\n\n".join(out) + "\n", authors, findings


def _caption_note(caption: str) -> str:
    return f"〔图略〕{caption}\n{{: .kx-caption-note }}"


def _continues(prev: str, block: str) -> bool:
    """A paragraph cut by a column or page break: no sentence end, text follows."""
    last, first = prev.rstrip()[-1:], block.lstrip()[:1]
    return bool(last) and not prev.lstrip().startswith(("#", "-", "|", ">", "〔图略〕")) and last not in SENTENCE_END \
        and re.match(r"[\u4e00-\u9fff“（《0-9a-zA-Z]", first) is not None and not block.lstrip().startswith("#")


def _doubled(prev: str, block: Block, item: Planned, known: Known) -> list[Finding]:
    """Characters repeated across a break (天 / 天津市科协): the print layout's doubling.

    Chinese does repeat characters (天天, 常常), so this warns, never changes the text;
    when dropping the repeat makes a registered name, the message says so.
    """
    tail, head = prev.rstrip(), block.text.lstrip()
    for k in (3, 2, 1):
        twice = head[:k]
        if len(twice) == k and tail.endswith(twice) and all(HAN.match(c) for c in twice):
            before, after = tail[-8:], head[k:k + 8]
            window, join = before + after, len(before)
            names = [n for n in known.names if any(s < join < s + len(n) for s in _positions(window, n))]
            registry = Msg("import.doubled_name", name=max(names, key=len)) if names else ""
            return [Finding(block.line, item, Msg("import.doubled", twice=twice, found=before + twice + after, fixed=window, registry=registry))]
    return []


def _positions(text: str, name: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(name), text)]


def _glued_words(block: Block, item: Planned) -> list[Finding]:
    findings = []
    for m in GLUE.finditer(block.text):
        word = m.group(1)
        found = block.text[max(m.start() - 6, 0): m.end() + 6]
        fixed = found.replace(m.group(0), ENGLISH_GLUE[word.lower()])
        line = block.line + block.text[: m.start()].count("\n")
        findings.append(Finding(line, item, Msg("import.english_word", word=word, found=found, fixed=fixed)))
    return findings


# -- the whole import ------------------------------------------------------------------------


def plan_files(raw: str, issue: str, planned: list[Planned], known: Known | None = None) -> ImportResult:
    known = known or Known()
    spans, lines, problems, findings = split_articles(raw, planned, known)
    normalised = [norm(line) for line in lines]
    files, lengths = {}, {}
    for span in sorted(spans, key=lambda s: s.item.n):
        p = span.item
        findings += unlisted_starts(span, lines, normalised, known)
        body, authors, warnings = clean_body(lines, span, known)
        findings += warnings
        meta = {"title": p.title, "issue": issue, "section": p.section}
        if p.page is not None:
            meta["page"] = p.page
        if p.order is not None:
            meta["order"] = p.order
        meta["authors"] = p.extra.pop("authors", authors)
        meta.update(p.extra)
        rel = f"issues/{issue}/{p.slug}.md"
        if rel in files:
            problems.append(Msg("import.slug_twice", title=p.title, slug=p.slug))
            continue
        files[rel] = front_matter(meta) + "\n" + body
        lengths[span] = len(norm(body))
    findings += too_long(lengths)
    findings.sort(key=lambda f: (f.line, f.item.n))
    return ImportResult(files, problems, findings)


def too_long(lengths: dict[Span, int]) -> list[Finding]:
    """Articles far longer than the others: most likely several articles run together."""
    out = []
    for span, length in lengths.items():
        others = [n for s, n in lengths.items() if s is not span]
        median = int(statistics.median(others)) if others else 0
        values = {"title": span.item.title, "length": length, "first": span.cut + 1, "last": span.end, "slug": span.item.slug}
        if median and length > LONG_FACTOR * median and length > LONG_FLOOR:
            out.append(Finding(span.head + 1, span.item, Msg("import.too_long", median=median, **values), refusal=True))
        elif length > LONG_ALWAYS:
            out.append(Finding(span.head + 1, span.item, Msg("import.too_long_alone", limit=LONG_ALWAYS, **values), refusal=True))
    return out
