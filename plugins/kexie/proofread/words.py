"""Rules that need a dictionary: doubled characters and known misspellings.

jieba's dictionary (jieba is already the site's segmenter) tells a real
reduplication from a print artefact: in 天天向上 jieba keeps 天天 as one
word; in 天天津市科协 it cuts 天 / 天津市 / 科协, one copy standing alone
beside a word the other copy begins.  That lone copy is what a joined line
break leaves behind.
"""

from __future__ import annotations

import functools
import logging
import re

from .finding import Finding
from .prose import HAN

DOUBLE = re.compile(f"([{HAN}])\\1")
RUN = re.compile(f"[{HAN}]+")
# Characters that stand alone as words all the time (目的的手段, 关键是是否, 一个个): a lone
# copy of these says nothing.  一 before a doubled measure word (一个个, 一次次) is a form of its own.
FUNCTION_CHARS = set("的了是在和与及或之为把被将对从向于以由等也都就还又再更最很不没有会能要让使给比到上下中里个位家项次年月日人多大小好所其该这那此每各第")

# Misspellings that are never right (常见错别字): wrong → right.  Only forms that are no word.
TYPOS = {
    "再接再励": "再接再厉", "迫不急待": "迫不及待", "一股作气": "一鼓作气", "按步就班": "按部就班", "墨守陈规": "墨守成规",
    "走头无路": "走投无路", "针贬时弊": "针砭时弊", "出奇不意": "出其不意", "谈笑风声": "谈笑风生", "名列前矛": "名列前茅",
    "不径而走": "不胫而走", "原形必露": "原形毕露", "既往不究": "既往不咎", "挺而走险": "铤而走险", "一如继往": "一如既往",
    "直接了当": "直截了当", "记忆尤新": "记忆犹新", "天翻地复": "天翻地覆", "声名雀起": "声名鹊起", "穿流不息": "川流不息",
    "甘败下风": "甘拜下风", "一愁莫展": "一筹莫展", "黄梁美梦": "黄粱美梦", "悬梁刺骨": "悬梁刺股", "金榜提名": "金榜题名",
    "鼎立相助": "鼎力相助", "情不自尽": "情不自禁", "默守成规": "墨守成规", "破斧沉舟": "破釜沉舟", "饮鸩解渴": "饮鸩止渴",
    "蛛丝蚂迹": "蛛丝马迹", "谈虎色变": "谈虎色变", "世外桃园": "世外桃源", "消声匿迹": "销声匿迹", "心心相映": "心心相印",
    "迫在眉捷": "迫在眉睫", "义不容词": "义不容辞", "集思广义": "集思广益", "变本加利": "变本加厉", "事必躬亲": "事必躬亲",
    "按装": "安装", "松驰": "松弛", "幅射": "辐射", "辐员": "幅员", "部暑": "部署", "布署": "部署", "精萃": "精粹",
    "竣工验收": "竣工验收", "峻工": "竣工", "宣泄": "宣泄", "渡假": "度假", "既使": "即使", "即然": "既然", "必竟": "毕竟",
    "家俱": "家具", "帐号": "账号", "凑和": "凑合", "暄闹": "喧闹", "国藉": "国籍", "震憾": "震撼", "针灸": "针灸",
    "脉博": "脉搏", "重迭": "重叠", "沉缅": "沉湎", "座谈会会": "座谈会", "签定": "签订", "坐阵": "坐镇", "贯串始终": "贯穿始终",
    "不落巢臼": "不落窠臼", "莫衷一是": "莫衷一是", "融汇贯通": "融会贯通", "默默无蚊": "默默无闻", "精兵减政": "精兵简政",
}
TYPOS = {wrong: right for wrong, right in TYPOS.items() if wrong != right}
TYPO = re.compile("|".join(sorted(map(re.escape, TYPOS), key=len, reverse=True)))


@functools.lru_cache(maxsize=1)
def tokenizer():
    """jieba's default dictionary, loaded once (about 1 s; jieba's own cache on disk)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def doubled(text: str) -> list[Finding]:
    """Characters doubled where the doubled form is no word (天天津市科协, 展示银银川市)."""
    out = []
    for m in DOUBLE.finditer(text):
        i, c = m.start(), m.group(1)
        if c in FUNCTION_CHARS or (i > 0 and text[i - 1] == "一") or text[i + 2:i + 3] == "长":  # 一个个; 组织人事部部长
            continue
        lo, hi = _run_around(text, i, 8), _run_around(text, i + 1, -8)
        if _artefact(text[lo:hi + 1], i - lo):
            out.append(Finding.of(i, i + 2, c, "doubled", "proof.doubled", twice=c + c))
    return out


def _run_around(text: str, i: int, reach: int) -> int:
    """The farthest offset within ``reach`` characters of ``i`` (left when positive) still in its Han run."""
    step = -1 if reach > 0 else 1
    j = i
    while abs(j - i) < abs(reach) and 0 <= j + step < len(text) and RUN.match(text[j + step]):
        j += step
    return j


def _artefact(window: str, k: int) -> bool:
    """Whether the pair at ``k`` in ``window`` splits: one copy alone, the other inside a longer word."""
    spans, at = [], 0
    for word in tokenizer().lcut(window, HMM=False):
        spans.append((at, at + len(word)))
        at += len(word)
    first = next(s for s in spans if s[0] <= k < s[1])
    second = next(s for s in spans if s[0] <= k + 1 < s[1])
    if first == second:
        return False  # 天天, 常常, 谢谢 …: one word
    alone_first, alone_second = first[1] - first[0] == 1, second[1] - second[0] == 1
    # both alone (新/新/时代, but also 校企、企企合作): too often meant; left to a reader
    return alone_first != alone_second


def typos(text: str) -> list[Finding]:
    return [Finding.of(m.start(), m.end(), TYPOS[m.group()], "typo", "proof.typo", word=m.group(), right=TYPOS[m.group()])
            for m in TYPO.finditer(text)]
