"""Varied Chinese prose for the benchmark corpus (used by gen_corpus.py).

Recombining whole seed paragraphs leaves a 5,000-article corpus with under 1 %
distinct Han runs, so every cache keyed by text looks far better than it would
on a real archive.  Here new sentences come from a word-level Markov chain
(jieba words, order 2, sometimes backing off to order 1) trained on the seed
articles, and three things widen the vocabulary the way years of issues do:

* entities: people, organisations, places and years in the seeds become slots,
  filled per article from the registries (the article's own people and orgs
  first) and from the generated cities;
* content words: a few nouns, verbs and adjectives are swapped for a word of
  the same part of speech and length from jieba's dictionary, drawn by its
  frequency, so rare words stay rare;
* numbers get new values with the same number of digits.

Everything is drawn from the caller's random.Random, so the same seed gives the
same text.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field

import jieba

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
SENTENCE = re.compile(r"(?<=[。！？])")
PAIRS = ("“”", "（）", "《》", "‘’", "()", "〈〉", "【】")
START, END = "\0<s>", "\0</s>"
PERSON, ORG, CITY, CITY_SHI, PROVINCE_SHENG, YEAR = "\0person", "\0org", "\0city", "\0city市", "\0province省", "\0year"
NUMBER = "\0n"  # + digit count
BACKOFF = 0.25  # share of words chosen by the previous word alone: new joins between seed phrases
SWAP = 0.2  # share of content words swapped for a dictionary word of the same tag and length
SWAP_TAGS = ("n", "v", "vn", "a")
MIN_FREQ = 500  # common words only: rarer ones are often odd or coarse in a magazine
NUMERAL = re.compile(r"\d+")
YEAR_DIGITS = re.compile(r"(19|20)\d\d")


def distinct_share(texts) -> tuple[int, int]:
    """(distinct Han runs, all Han runs) over the texts: how much a text-keyed cache could hit."""
    seen, total = set(), 0
    for text in texts:
        runs = HAN_RUN.findall(text)
        total += len(runs)
        seen.update(runs)
    return len(seen), total


@dataclass
class Pool:
    """Words with cumulative weights, drawn in proportion to their weight."""
    words: list[str] = field(default_factory=list)
    cum: list[int] = field(default_factory=list)

    def add(self, word: str, weight: int) -> None:
        self.words.append(word)
        self.cum.append((self.cum[-1] if self.cum else 0) + weight)

    def draw(self, rng) -> str:
        return self.words[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


@dataclass
class Cast:
    """Who and what one article's text may name."""
    people: list[str]
    orgs: list[str]
    year: int


class TextModel:
    """Trained on the seed paragraphs; names in known_people/known_orgs become slots
    filled from people_pool/org_pool (the whole registries)."""

    def __init__(self, paragraphs: list[str], known_people: list[str], known_orgs: list[str],
                 people_pool: list[str], org_pool: list[str], cities: list[tuple[str, str]]):
        jieba.setLogLevel(logging.WARNING)
        self.tokenizer = jieba.Tokenizer()  # our own, so adding names leaves jieba's default alone
        self.people_pool, self.org_pool = people_pool, org_pool
        self.cities = [c for c, _ in cities]
        self.provinces = list(dict.fromkeys(p for _, p in cities if p not in ("内蒙古", "新疆", "广西")))
        self.slots = {name: PERSON for name in known_people} | {name: ORG for name in known_orgs}
        for name, slot in self.slots.items():
            self.tokenizer.add_word(name, freq=1000, tag="nr" if slot == PERSON else "nt")
        sentences = [[self._slot(toks, i) for i in range(len(toks))]
                     for p in paragraphs for s in SENTENCE.split(p) if s
                     for toks in [self.tokenizer.lcut(s, HMM=False)]]
        self.paragraph_sizes = sorted(len(p) for p in paragraphs)
        self.chain2: dict[tuple[str, str], list[str]] = {}
        self.chain1: dict[str, list[str]] = {}
        for toks in sentences:
            seq = [START, START] + toks + [END]
            for a, b, c in zip(seq, seq[1:], seq[2:]):
                self.chain2.setdefault((a, b), []).append(c)
                self.chain1.setdefault(b, []).append(c)
        self.swaps = self._swap_pools({t for toks in sentences for t in toks})

    def _slot(self, toks: list[str], i: int) -> str:
        """The token, or the slot it becomes (a name, place, year or number)."""
        tok = toks[i]
        if tok in self.slots:
            return self.slots[tok]
        if YEAR_DIGITS.fullmatch(tok) and i + 1 < len(toks) and toks[i + 1].startswith("年"):
            return YEAR
        if NUMERAL.fullmatch(tok):
            return NUMBER + str(len(tok))
        if tok in self.cities:
            return CITY
        if len(tok) >= 3 and tok.endswith("市") and tok[:-1] in self.cities:
            return CITY_SHI
        if tok.endswith("省") and tok[:-1] in self.provinces:
            return PROVINCE_SHENG
        return tok

    def _swap_pools(self, vocab: set[str]) -> dict[str, Pool]:
        """For each swappable seed word, the dictionary words of its tag and length."""
        pools: dict[tuple[str, int], Pool] = {}
        tags: dict[str, str] = {}
        with self.tokenizer.get_dict_file() as f:
            for line in f:
                word, freq, tag = line.decode("utf-8").split()
                if tag not in SWAP_TAGS or not HAN_RUN.fullmatch(word):
                    continue
                if word in vocab:
                    tags[word] = tag
                if int(freq) >= MIN_FREQ:
                    pools.setdefault((tag, len(word)), Pool()).add(word, int(freq))
        return {w: pools[(t, len(w))] for w, t in tags.items() if (t, len(w)) in pools}

    # -- writing --------------------------------------------------------------

    def sentence(self, rng, cast: Cast) -> str:
        """One sentence of 8–220 characters with balanced quotes and brackets (a few tries)."""
        for _ in range(8):
            text = "".join(self._word(rng, w, cast) for w in self._walk(rng))
            if 8 <= len(text) <= 220 and all(text.count(a) == text.count(b) for a, b in PAIRS):
                break
        return text

    def _walk(self, rng) -> list[str]:
        chain1, chain2, rand = self.chain1, self.chain2, rng.random  # hot loop: ~90 % of the generation time
        a, b, out = START, START, []
        while len(out) < 90:
            nexts = chain1[b] if b != START and rand() < BACKOFF else chain2[(a, b)]
            c = nexts[int(rand() * len(nexts))]
            if c == END:
                break
            out.append(c)
            a, b = b, c
        return out

    def _word(self, rng, word: str, cast: Cast) -> str:
        if word[0] != "\0":
            pool = self.swaps.get(word)
            return pool.draw(rng) if pool is not None and rng.random() < SWAP else word
        if word == PERSON:
            return rng.choice(cast.people if cast.people and rng.random() < 0.6 else self.people_pool)
        if word == ORG:
            return rng.choice(cast.orgs if cast.orgs and rng.random() < 0.6 else self.org_pool)
        if word == CITY:
            return rng.choice(self.cities)
        if word == CITY_SHI:
            return rng.choice(self.cities) + "市"
        if word == PROVINCE_SHENG:
            return rng.choice(self.provinces) + "省"
        if word == YEAR:
            return str(cast.year - rng.choice((0, 0, 1, 1, 2, 3)))
        digits = int(word[len(NUMBER):])
        if digits <= 2:  # days, months, counts: keep them plausible dates
            return str(rng.randint(1, 28))
        return str(rng.randint(10 ** (digits - 1), 10 ** digits - 1))

    def paragraph(self, rng, cast: Cast) -> str:
        """Sentences until the length of a seed paragraph drawn at random."""
        size, parts, length = rng.choice(self.paragraph_sizes), [], 0
        while length < size:
            parts.append(self.sentence(rng, cast))
            length += len(parts[-1])
        return "".join(parts)

