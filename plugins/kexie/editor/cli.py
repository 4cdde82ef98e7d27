"""Editors' commands: check content, create an article or an issue, import a raw issue.

    kexie check                 检查全部内容（与构建相同的校验），有问题时退出码为 1
    kexie new …                 按模板新建文章
    kexie new-issue …           新建一期（issue.yml）
    kexie import RAW MANIFEST   把整期原始文本拆成文章文件
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from ..core.catalog import load_catalog
from .importer import plan_files, read_manifest
from ..core.problems import ContentError, Problems
from ..core.registries import load_sections
from ..core.slugs import is_slug, text_slug
from .writing import Exists, front_matter, write_new

DEFAULT_CONTENT = Path("content")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kexie", description="企业科协 内容工具：检查、新建、导入 (content tools: check, create, import)")
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="内容目录 content directory (default: content)")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("check", help="检查全部内容，不构建网站 (validate all content without building)")

    new = sub.add_parser("new", help="新建文章 (create an article from the template)")
    new.add_argument("--title", required=True, help="标题")
    new.add_argument("--section", required=True, help="栏目，如 创新达人")
    where = new.add_mutually_exclusive_group(required=True)
    where.add_argument("--issue", help='期号，如 2023-02（杂志文章）')
    where.add_argument("--date", help="日期，如 2023-10-01（新闻中心稿件）")
    new.add_argument("--page", type=int, help="印刷页码")
    new.add_argument("--slug", help="网址用词（小写拼音），默认由标题生成")
    new.add_argument("--author", action="append", default=[], help="作者，可重复")

    issue = sub.add_parser("new-issue", help="新建一期 (create issues/<id>/issue.yml)")
    issue.add_argument("id", help="期号，如 2023-03")
    issue.add_argument("--publication", default="企业科协")
    issue.add_argument("--total", type=int, help="总第几期")
    issue.add_argument("--print-date", required=True, help="印刷日期，如 2023-06-30")
    issue.add_argument("--theme", default="", help="本期关注")

    imp = sub.add_parser("import", help="导入整期原始文本 (split a raw issue text into article files)")
    imp.add_argument("raw", type=Path, help="原始文本文件")
    imp.add_argument("manifest", type=Path, help="清单 YAML：issue 与 articles（title, section, page[, start, slug]）")
    imp.add_argument("--force", action="store_true", help="覆盖已存在的文件 (replace existing files)")

    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except Exists as e:
        print(f"未写入：{e}", file=sys.stderr)
        return 1


def cmd_check(args) -> int:
    started = time.perf_counter()
    try:
        catalog = load_catalog(args.content)
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        return 1
    took = time.perf_counter() - started
    print(f"内容检查通过 (ok): {len(catalog.articles)} 篇文章, {len(catalog.issues)} 期, {len(catalog.sections)} 个栏目, "
          f"{len(catalog.people)} 位人物, {len(catalog.orgs)} 个机构 ({took:.2f} s)")
    return 0


def cmd_new(args) -> int:
    problems = Problems()
    sections = [s.name for s in load_sections(args.content, problems)]
    if args.section not in sections:
        print(f"栏目 '{args.section}' 不存在；已有栏目：{'、'.join(sections)}", file=sys.stderr)
        return 1
    slug = args.slug or text_slug(args.title)
    if not is_slug(slug):
        print(f"--slug '{slug}' 只能用小写字母、数字和 '-'", file=sys.stderr)
        return 1
    if args.issue:
        if not (args.content / "issues" / args.issue / "issue.yml").is_file():
            print(f"期号 {args.issue} 不存在；先运行 kexie new-issue {args.issue} …", file=sys.stderr)
            return 1
        meta = {"title": args.title, "issue": args.issue, "section": args.section, "page": args.page or 1}
        path = args.content / "issues" / args.issue / f"{slug}.md"
    else:
        dt.date.fromisoformat(args.date)
        meta = {"title": args.title, "date": args.date, "section": args.section}
        path = args.content / "news" / f"{slug}.md"
    meta.update({"authors": args.author, "org": [], "person": [], "summary": ""})
    write_new(path, front_matter(meta) + "\n正文从这里开始。\n")
    print(f"已创建 (created): {path}")
    return 0


def cmd_new_issue(args) -> int:
    try:
        year, number = (int(x) for x in args.id.split("-"))
        print_date = dt.date.fromisoformat(args.print_date)
    except ValueError:
        print("期号应写作 YYYY-NN（如 2023-03），日期写作 YYYY-MM-DD", file=sys.stderr)
        return 1
    meta = {"id": args.id, "publication": args.publication, "year": year, "number": number}
    if args.total:
        meta["total"] = args.total
    meta.update({"theme": args.theme, "print_date": print_date, "cover": "", "cover_caption": "", "masthead": []})
    path = args.content / "issues" / args.id / "issue.yml"
    write_new(path, front_matter(meta)[4:-4].replace(f"print_date: '{print_date}'", f"print_date: {print_date}"))
    print(f"已创建 (created): {path}")
    return 0


def cmd_import(args) -> int:
    problems = Problems()
    issue, planned = read_manifest(args.manifest, problems)
    if problems:
        print("\n".join(str(p) for p in problems.items), file=sys.stderr)
        return 1
    result = plan_files(args.raw.read_text(encoding="utf-8-sig"), issue, planned)
    for rel, text in result.files.items():
        write_new(args.content / rel, text, force=args.force)
        print(f"已创建 (created): {args.content / rel}")
    for problem in result.problems:
        print(f"未导入 (not imported): {problem}", file=sys.stderr)
    print(f"共导入 {len(result.files)} 篇；请运行 kexie check 检查")
    return 1 if result.problems else 0


COMMANDS = {"check": cmd_check, "new": cmd_new, "new-issue": cmd_new_issue, "import": cmd_import}

if __name__ == "__main__":
    sys.exit(main())
