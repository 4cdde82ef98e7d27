"""The plugins a build of this site needs, every one of them, and what a mkdocs.yml names.

An engine that skips a plugin (a misspelt name, a line deleted, Zensical ignoring plugins it does
not know) would still write a site, one without CONTENTS, feeds or search: every plugin checks
the roster in on_config, and ``python -m kexie.engines check`` reads mkdocs.yml before a build.
"""

from __future__ import annotations

import difflib

from ..core.messages import render
from typing import NamedTuple

# the names pyproject.toml registers (mkdocs.plugins and properdocs.plugins); tests keep the two in step
PLUGINS = ("kexie/site", "kexie/proofread", "kexie/images", "kexie/feeds", "kexie/channels", "kexie/search", "kexie/cms", "kexie/parallel")  # mkdocs.yml order
WHAT = {  # what a site lacks without each, for the message
    "kexie/site": "期刊目录等生成页面", "kexie/images": "照片的手机版本", "kexie/feeds": "订阅",
    "kexie/search": "搜索", "kexie/cms": "网页编辑器", "kexie/parallel": "并行构建",
    "kexie/proofread": "自动校对", "kexie/channels": "短网址、分享卡片和站点地图",
}


class Named(NamedTuple):
    name: str
    line: int  # 1-based line in mkdocs.yml, 0 when not found


def missing(configured) -> list[str]:
    """Our plugins absent from ``configured`` (names as the engine loaded them), in roster order."""
    present = set(configured)
    return [name for name in PLUGINS if name not in present]


def named_in(text: str) -> list[Named]:
    """The plugin names under mkdocs.yml's top-level ``plugins:``, with their lines.

    Composed, not loaded: mkdocs.yml holds !!python tags a safe loader refuses, and nodes keep their lines."""
    import yaml

    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return []
    block = next((value for key, value in root.value if key.value == "plugins"), None)
    if isinstance(block, yaml.MappingNode):  # the mapping form: {name: options}
        return [Named(key.value, key.start_mark.line + 1) for key, _ in block.value]
    if not isinstance(block, yaml.SequenceNode):
        return []
    items = [item.value[0][0] if isinstance(item, yaml.MappingNode) and item.value else item for item in block.value]
    return [Named(str(item.value), item.start_mark.line + 1) for item in items if isinstance(item, yaml.ScalarNode)]


def unknown(named: list[Named], installed) -> list[Named]:
    """Names in mkdocs.yml that no installed package registers."""
    return [n for n in named if n.name not in set(installed)]


def suggest(name: str) -> str:
    """The roster name closest to a misspelt one ('' when none is close)."""
    close = difflib.get_close_matches(name, PLUGINS, n=1, cutoff=0.6)
    return close[0] if close else ""


def not_loaded(absent: list[str], config: str = "mkdocs.yml") -> str:
    """The message for plugins of the roster the engine did not load."""
    return render("engines.not_loaded", names=tuple(absent), what="、".join(WHAT[name] for name in absent),
                  config=config, roster=PLUGINS)
