"""Helpers for tests: write small synthetic sites and build them with the real mkdocs."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"

SECTIONS = [
    {"name": "卷首语", "slug": "juan-shou-yu"},
    {"name": "创新达人", "slug": "chuangxin-daren"},
    {"name": "工作简讯", "slug": "gongzuo-jianxun"},
    {"name": "封面", "slug": "fengmian", "kind": "cover"},
    {"name": "地方动态", "slug": "difang-dongtai", "kind": "hub"},
]
PEOPLE = [{"name": "李卫荣", "org": "天津市科学技术协会", "region": "广东", "roles": ["创新达人"], "honours": ["2022年广东省企业“创新达人”"], "honour_year": 2022}]
ORGS = [
    {"name": "中国科学技术协会", "short": "中国科协", "slug": "zhongguo-kexie", "kind": "全国科协", "region": "全国"},
    {"name": "天津市科学技术协会", "short": "天津市科协", "slug": "tianjin-kexie", "kind": "省级科协", "region": "天津", "parent": "中国科学技术协会"},
]


def issue_yml(issue_id: str = "2023-02", year: int = 2023, number: int = 2, total: int = 315, print_date: str = "2023-04-30") -> str:
    return textwrap.dedent(f"""\
        id: "{issue_id}"
        publication: 企业科协
        year: {year}
        number: {number}
        total: {total}
        theme: 测试主题
        print_date: {print_date}
        masthead:
          - role: 主编
            names: [陈 剑]
        """)


def article(title: str = "测试文章", section: str = "卷首语", page: int | str | None = 1, body: str = "正文。\n", **extra) -> str:
    meta = {"title": title, "section": section, **extra}
    if page is not None:
        meta["page"] = page
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body


@dataclass
class Site:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def out(self) -> Path:
        return self.root / "site"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def build(self, *args: str, quiet: bool = True) -> subprocess.CompletedProcess:
        """``quiet=False`` to see warnings (``-q`` also keeps ``--strict`` from counting them)."""
        return mkdocs_build(self.root / "mkdocs.yml", self.out, *args, quiet=quiet)

    def page(self, url: str) -> str:
        return (self.out / url / "index.html").read_text(encoding="utf-8")


def mkdocs_build(config: Path, out: Path, *args: str, quiet: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, "-m", "mkdocs", "build", *(["-q"] if quiet else []), "-f", str(config), "-d", str(out), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=config.parent, timeout=900)


def make_site(root: Path, *, with_issue: bool = True) -> Site:
    """A minimal site using the repo's theme, plugins and mkdocs.yml settings."""
    site = Site(root)
    config = yaml.unsafe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "theme_overrides")
    site.content.mkdir(parents=True)
    (site.root / "mkdocs.yml").write_text(_dump_config(config), encoding="utf-8")
    shutil.copytree(CONTENT / "assets", site.content / "assets")
    site.write("index.md", (CONTENT / "index.md").read_text(encoding="utf-8"))
    site.write("_data/sections.yml", yaml.safe_dump(SECTIONS, allow_unicode=True, sort_keys=False))
    site.write("_data/people.yml", yaml.safe_dump(PEOPLE, allow_unicode=True, sort_keys=False))
    site.write("_data/orgs.yml", yaml.safe_dump(ORGS, allow_unicode=True, sort_keys=False))
    site.write("_data/publications.yml", "- name: 企业科协\n  slug: qiye-kexie\n")
    if with_issue:
        site.write("issues/2023-02/issue.yml", issue_yml())
        site.write("issues/2023-02/juan-shou-yu.md", article("卷首语文章", "卷首语", 1))
        site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["李卫荣"], authors=["张婷"]))
    site.write("news/tianjin.md", article("天津：民营企业", "地方动态", None, date="2023-10-01", org=["天津市科协"]))
    return site


def _dump_config(config: dict) -> str:
    # mkdocs.yml holds a !!python/object tag for the toc slugify; keep it as text.
    text = yaml.dump(config, allow_unicode=True, sort_keys=False)
    return text.replace("docs_dir: content", "docs_dir: content")


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def build_in_process(site: Site, strict: bool = True) -> tuple[bool, list[str]]:
    """The real `mkdocs build --strict`, run in this process (no interpreter start-up per build).

    Returns (succeeded, the messages logged as errors)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    records = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(records)
    try:
        config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(site.out), strict=strict)
        # as `mkdocs build` does: MkDocs keeps plugins with on_startup in a process-wide cache, so one
        # left from an in-process preview (command="serve") must hear that this is a build
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        ok = True
    except Abort:
        ok = False
    finally:
        logger.removeHandler(records)
    return ok, [r.getMessage() for r in records.records if r.levelno >= logging.ERROR]
