"""Chinese word segmentation for the search index: jieba's dictionary and
algorithm, run by rjieba (Rust), with a cache of text already cut."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rjieba

DEFAULT_FREQ = 100_000  # high enough that domain words stay whole


def load_words(path: str | Path) -> list[str]:
    """A jieba user dictionary: one word per line, optional frequency and tag."""
    words = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            rjieba.add_word(parts[0], int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else DEFAULT_FREQ, None)
            words.append(parts[0])
    cut.cache_clear()
    return words


@lru_cache(maxsize=200_000)
def cut(text: str) -> tuple[str, ...]:
    """Words of a run of Han characters, as jieba.cut gives them."""
    return tuple(rjieba.cut(text))
