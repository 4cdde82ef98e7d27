"""The light parts of a generated benchmark corpus: its marker, its two mkdocs.yml and its assets.

Its own module so bench.py can check and refresh a corpus without importing the
generator (jieba and pypinyin): bench.py's own peak RSS is a floor under every
child's.  refresh() runs before every benchmark, so a corpus made earlier is
built with the project's current mkdocs.yml (plugins, extensions) and assets.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKER = "corpus.json"  # written last by gen_corpus.py; holds n, seed, generator and the text statistics
GENERATOR = 3  # bump when the same (n, seed) would give different files, so bench.py regenerates


def seed_digest() -> str:
    """A digest of the real content the generator learns from (articles, registries, issue.yml),
    so bench.py regenerates a corpus once editors change the seeds."""
    h = hashlib.sha256()
    for path in sorted(p for p in (REPO / "content").rglob("*") if p.suffix in (".md", ".yml")):
        h.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def refresh(out: Path) -> None:
    """OUT/mkdocs.yml (ours), OUT/plain/mkdocs.yml and both copies of content/assets, from the project now."""
    (out / "mkdocs.yml").write_text(our_config(), encoding="utf-8")
    (out / "plain").mkdir(parents=True, exist_ok=True)
    (out / "plain" / "mkdocs.yml").write_text(plain_config(), encoding="utf-8")
    for dest in (out / "content" / "assets", out / "plain" / "docs" / "assets"):
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(REPO / "content" / "assets", dest)


def yaml_block(text: str, key: str) -> str:
    """One top-level block of mkdocs.yml, verbatim (keeps the !!python tag)."""
    m = re.search(rf"^{key}:.*?(?=^\S|\Z)", text, re.S | re.M)
    assert m, f"mkdocs.yml has no {key}: block"
    return m.group(0)


def our_config() -> str:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    new = text.replace("custom_dir: theme_overrides", f"custom_dir: {REPO / 'theme_overrides'}")
    assert new != text and "docs_dir: content" in new, "mkdocs.yml changed shape; update corpus_files.our_config"
    return new


def plain_config() -> str:
    ours = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return ("# Baseline: plain mkdocs-material, Chinese search via jieba, no kexie plugins.\n"
            "site_name: 企业科协 · 融媒体（plain material）\nsite_url: https://qyqx.example.cn/\ndocs_dir: docs\nuse_directory_urls: true\n\n"
            "theme:\n  name: material\n  language: zh\n  font: false\n  features:\n    - navigation.tabs\n    - navigation.top\n"
            "    - search.suggest\n    - search.highlight\n  palette:\n    primary: red\n    accent: red\n\n"
            "nav:\n  - 首页: index.md\n\n"
            "plugins:\n  - search:\n      lang: zh\n\n"
            + yaml_block(ours, "markdown_extensions").rstrip("\n")
            + "\n\nvalidation:\n  nav:\n    omitted_files: ignore\n")
