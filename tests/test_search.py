"""Chinese search: the index holds whole Chinese words, cut by rjieba as jieba would."""

from __future__ import annotations

import json
import re

import jieba

from kexie.search import segment

ZWSP = "\u200b"


def index_docs(site) -> list[dict]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def hits(docs: list[dict], word: str) -> set[str]:
    token = ZWSP + word + ZWSP
    return {d["location"].split("#")[0] for d in docs if token in ZWSP + d["text"] + ZWSP or token in ZWSP + d["title"] + ZWSP}


def test_index_holds_segmented_chinese_terms(seed_site):
    docs = index_docs(seed_site)
    assert "issues/2023-02/li-weirong/" in hits(docs, "镁合金")
    assert "issues/2023-02/tianjin-kexie-zhicheng/" in hits(docs, "职称评定")
    assert "news/tianjin-minying-qiye/" in hits(docs, "民营企业")
    assert sum(d["text"].count(ZWSP) for d in docs) > 10_000  # text is segmented throughout


def test_rjieba_cuts_like_jieba():
    text = "天津市科协开展民企专业技术人才职称评定，拓展科协组织服务空间；医用镁合金技术开发与产业化"
    assert list(segment.cut(text)) == [w for w in jieba.cut(text)]


def test_index_is_plain_utf8_not_escaped(seed_site):
    raw = (seed_site / "search/search_index.json").read_bytes()
    # no JSON escape of a Han character (\u4e00-\u9fff): 6 bytes each instead of UTF-8's 3
    assert re.search(rb"(?<!\\)\\u[4-9][0-9a-f]{3}", raw) is None
    assert "镁合金".encode() in raw
