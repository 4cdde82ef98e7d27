"""Editors' commands: check content, create an article or an issue, import a raw issue.

    kexie check                 检查全部内容（与构建相同的校验），有问题时退出码为 1
    kexie new …                 按模板新建文章
    kexie new-issue …           新建一期（issue.yml）
    kexie import RAW MANIFEST   把整期原始文本拆成文章文件
    kexie status                草稿、定时、撤稿、更正和未齐的审签
    kexie ids                   给还没有短链编号的文章写入 link_id（印刷二维码的短网址）
    kexie qr ISSUE              一期文章的二维码（SVG、300 dpi PNG）和清单，交给排版
    kexie wechat ISSUE|FILE     导出公众号可用的文章（一篇或整期，--zip 打包）

Every message comes from the catalogue (``kexie.core.messages``); set
KEXIE_LANG=en for English.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import re
import subprocess
import sys
import time
from pathlib import Path

from ..core.checks import check_site
from ..core.source_cache import SourceCache
from ..core.fields import Fields
from ..core.dates import zh_date
from ..core.messages import Msg, os_reason, render
from ..core.problems import ContentError, Problems
from ..core import status
from ..core.catalog import References, build_catalog
from ..core.registries import ISSUE_FOLDER, load_orgs, load_people, load_publications, load_sections
from ..core.slugs import is_slug, title_slug
from ..core.source import Mapping, SourceError, read_text
from ..proofread import report as proofreading
from ..proofread.site import proofread_site
from ..channels import qr, shortlinks
from ..channels.settings import setting
from . import annotations
from .importer import Finding, Known, Planned, plan_files, read_manifest
from .writing import WriteError, front_matter, write_all

DEFAULT_CONTENT = Path("content")


class Refused(Exception):
    """An editor's request that cannot be carried out; carries the messages."""

    def __init__(self, *messages: Msg | str):
        super().__init__("\n".join(map(str, messages)))
        self.messages = messages


# argparse's own error texts (Python 3.11–3.13) → catalogue keys; what they name is kept.
ARGPARSE_ERRORS = [
    (re.compile(r"^the following arguments are required: (?P<names>.+)$"), "cli.arg_required"),
    (re.compile(r"^one of the arguments (?P<names>.+) is required$"), "cli.arg_one_of"),
    (re.compile(r"^unrecognized arguments: (?P<names>.+)$"), "cli.arg_unknown"),
    (re.compile(r"^argument (?P<option>[^:]+): invalid choice: '?(?P<value>.*?)'? \(choose from (?P<choices>.+)\)$"), "cli.arg_choice"),
    (re.compile(r"^argument (?P<option>[^:]+): expected one argument$"), "cli.arg_value"),
    (re.compile(r"^argument (?P<option>[^:]+): not allowed with argument (?P<other>.+)$"), "cli.arg_not_with"),
    (re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.+)$"), "cli.arg_ambiguous"),
]


def argparse_message(message: str) -> Msg | str:
    """argparse's English error in the catalogue's words (unknown ones are passed on as they are)."""
    for pattern, key in ARGPARSE_ERRORS:
        if m := pattern.match(message):
            values = m.groupdict()
            if "choices" in values:  # 'check', 'new' → a list, quoted the reader's way
                values["choices"] = re.findall(r"'([^']*)'", values["choices"]) or values["choices"]
            return Msg(key, **values)
    return message


class _Formatter(argparse.HelpFormatter):
    # argparse pads columns by len(), but a Chinese character takes two columns on a terminal:
    # every help text goes on its own line under its option, so nothing needs aligning.
    def __init__(self, prog, **kwargs):
        super().__init__(prog, **{**kwargs, "max_help_position": 6})

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, render("cli.usage_prefix") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse, speaking the catalogue's language: usage line, help option, headings and errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title, self._optionals.title = render("cli.positionals"), render("cli.options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=render("cli.help"))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, render("cli.usage", message=argparse_message(message)) + "\n")


def _h(key: str) -> str:
    """A help text or placeholder from the catalogue (``cli_help.*``)."""
    return render(f"cli_help.{key}")


def parser() -> Parser:
    top = Parser(prog="kexie", description=_h("description"))
    top.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar=_h("meta_folder"), help=_h("content"))
    sub = top.add_subparsers(dest="command", required=True, metavar=_h("meta_command"), title=render("cli.positionals"))

    check = sub.add_parser("check", help=_h("check"), description=_h("check"))
    check.add_argument("--format", choices=annotations.FORMATS, default="text", help=_h("format"))

    sub.add_parser("status", help=_h("status"), description=_h("status"))

    new = sub.add_parser("new", help=_h("new"), description=_h("new"))
    new.add_argument("--title", required=True, metavar=_h("meta_text"), help=_h("title"))
    new.add_argument("--section", required=True, metavar=_h("meta_section"), help=_h("section"))
    where = new.add_mutually_exclusive_group(required=True)
    where.add_argument("--issue", metavar=_h("meta_issue"), help=_h("issue"))
    where.add_argument("--date", metavar=_h("meta_date"), help=_h("date"))
    new.add_argument("--page", metavar=_h("meta_number"), help=_h("page"))
    new.add_argument("--slug", metavar=_h("meta_slug"), help=_h("slug"))
    new.add_argument("--author", action="append", default=[], metavar=_h("meta_name"), help=_h("author"))
    new.add_argument("--person", action="append", default=[], metavar=_h("meta_name"), help=_h("person"))
    new.add_argument("--org", action="append", default=[], metavar=_h("meta_name"), help=_h("org"))
    new.add_argument("--force", action="store_true", help=_h("new_force"))

    issue = sub.add_parser("new-issue", help=_h("new_issue"), description=_h("new_issue"))
    issue.add_argument("id", metavar=_h("meta_issue"), help=_h("issue_id"))
    issue.add_argument("--publication", default="企业科协", metavar=_h("meta_name"), help=_h("publication"))
    issue.add_argument("--total", metavar=_h("meta_number"), help=_h("total"))
    issue.add_argument("--print-date", required=True, metavar=_h("meta_date"), help=_h("print_date"))
    issue.add_argument("--theme", default="", metavar=_h("meta_text"), help=_h("theme"))

    imp = sub.add_parser("import", help=_h("import"), description=_h("import"))
    imp.add_argument("raw", type=Path, metavar=_h("meta_raw"), help=_h("raw"))
    imp.add_argument("manifest", type=Path, metavar=_h("meta_manifest"), help=_h("manifest"))
    imp.add_argument("--force", action="store_true", help=_h("import_force"))
    imp.add_argument("--confirm", action="append", default=[], metavar=_h("meta_slug"), help=_h("confirm"))

    sub.add_parser("ids", help=_h("ids"), description=_h("ids"))
    codes = sub.add_parser("qr", help=_h("qr"), description=_h("qr"))
    codes.add_argument("issue", metavar=_h("meta_issue"), help=_h("issue_id"))
    codes.add_argument("--out", type=Path, metavar=_h("meta_folder"), help=_h("qr_out"))
    mp = sub.add_parser("wechat", help=_h("wechat"), description=_h("wechat"))
    mp.add_argument("target", metavar=_h("meta_issue"), help=_h("wechat_target"))
    mp.add_argument("--out", type=Path, default=Path("公众号"), metavar=_h("meta_folder"), help=_h("wechat_out"))
    mp.add_argument("--zip", action="store_true", help=_h("wechat_zip"))
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if not args.content.is_dir():
            raise Refused(Msg("cli.no_content", path=str(args.content)))
        return COMMANDS[args.command](args)
    except Refused as e:
        for message in e.messages:
            print(message, file=sys.stderr)
    except WriteError as e:
        print(render("cli.not_written", reason=e.message), file=sys.stderr)
    return 1


def cmd_check(args) -> int:
    started = time.perf_counter()
    try:
        catalog = check_site(args.content, cache=SourceCache(fork=True))  # a child reads half the articles
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        report = proofread_site(args.content)  # the 校对单 still helps while content has errors
        _annotate(args, e.problems, report.warnings)
        proofreading.print_report(report, sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    report = proofread_site(args.content, catalog)
    if report.problems or report.errors:  # the house file itself, or classes the house makes errors
        if report.problems:
            print(ContentError(report.problems).report(), file=sys.stderr)
        _annotate(args, report.problems, report.warnings)
        proofreading.print_report(report, sys.stderr)
        return 1
    _annotate(args, [], report.warnings)
    out = sys.stdout if args.format == "text" else sys.stderr
    print(render("report.check_ok", articles=len(catalog.articles), issues=len(catalog.issues), sections=len(catalog.sections),
                 people=len(catalog.people), orgs=len(catalog.orgs), seconds=f"{seconds:.2f}"), file=out)
    proofreading.print_report(report, out)
    return 0


def cmd_status(args) -> int:
    """Drafts, scheduled, withdrawn and corrected articles, and sign-offs still missing; each with its last change in git."""
    problems = Problems()
    catalog = build_catalog(args.content.resolve(), problems, SourceCache(fork=True))
    text = status.report(catalog)
    for row in status.rows(catalog):
        if change := _last_change(args.content / row.article.path):
            text = text.replace(f"  {row.article.path}  《", f"  {row.article.path}  （{change}）《", 1)
    print(text)
    if problems:
        print(render("cli.status_problems", n=len(problems.items)), file=sys.stderr)
    return 0


def _last_change(path: Path) -> str:
    """The date and message of the last commit touching ``path`` ("" outside git)."""
    try:
        run = subprocess.run(["git", "log", "-1", "--format=%cs %s", "--", path.name], cwd=path.parent, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    line = run.stdout.strip() if run.returncode == 0 else ""
    return line if len(line) <= 50 else line[:49] + "…"  # a report line, not the whole commit message


def _annotate(args, problems, warnings=()) -> None:
    """CI annotations on stdout (the editor's report stays on stderr)."""
    if (text := annotations.render(args.format, problems, args.content, list(warnings))) is not None and (text or args.format == "gitlab"):
        print(text)


def _text(option: str, key: str, value: str, required: bool = False) -> str:
    """A text option checked as ``check`` will check the field it becomes (blank, invisible characters, length)."""
    problems = Problems()
    text = Fields(option, Mapping({key: value}, {}), problems).text(key)
    if problems:
        raise Refused(Msg("cli.bad_text", option=option, message=problems.items[0].message))
    if required and not text:
        raise Refused(Msg("cli.blank_title"))
    return text


def _date(option: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise Refused(Msg("cli.bad_date", option=option, value=value)) from None


def _positive(value: str | None, key: str) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) <= 0:
        raise Refused(Msg(key, page=value, value=value))
    return int(text)


def cmd_new(args) -> int:
    problems = Problems()
    sections = {s.name: s for s in load_sections(args.content, problems)}
    people, orgs = load_people(args.content, problems), load_orgs(args.content, problems)
    if problems:
        raise Refused(*problems.items)
    title = _text("--title", "title", args.title, required=True)
    authors = [_text("--author", "authors", a) for a in args.author]
    section = sections.get(args.section)
    if section is None:
        raise Refused(Msg("cli.section_unknown", name=args.section, names=list(sections)))
    refs = References(people, orgs)
    (named_people, unknown_people), (named_orgs, unknown_orgs) = (_references(refs, "person", "--person", args.person),
                                                                   _references(refs, "org", "--org", args.org))
    if unknown_people or unknown_orgs:
        raise Refused(*unknown_people, *unknown_orgs)
    slug = args.slug or title_slug(title, {p.name: p.slug for p in people})
    if not is_slug(slug):
        raise Refused(Msg("cli.bad_slug", slug=slug))
    page = _positive(args.page, "cli.bad_page")
    if args.issue:
        _known_issue(args.content, args.issue)
        if page is None and not section.is_cover:
            raise Refused(Msg("cli.page_needed"))
        meta = {"title": title, "issue": args.issue, "section": section.name, **({"page": page} if page else {})}
        path = args.content / "issues" / args.issue / f"{slug}.md"
    else:
        date = _date("--date", args.date)
        meta = {"title": title, "date": date.isoformat(), "section": section.name, **({"page": page} if page else {})}
        path = args.content / "news" / f"{slug}.md"
    meta.update({"authors": [a for a in authors if a], "org": [o.name for o in named_orgs], "person": [p.name for p in named_people], "summary": ""})
    meta["link_id"] = shortlinks.new_link_id(path.relative_to(args.content).as_posix(), set(shortlinks.ids_in(args.content)))
    write_all({path: front_matter(meta) + "\n正文从这里开始。\n"}, force=args.force)
    print(render("cli.created", path=path))
    return 0


NAME_SEPARATORS = re.compile(r"[,，、;；]")


def _references(refs: References, field: str, option: str, values: list[str]) -> tuple[list, list[Msg]]:
    """People or orgs named on the command line (repeated, or 甲、乙 / a,b), each once, and the
    refusals for unknown ones, in the words the build uses for ``person:`` and ``org:``."""
    found, refused = [], []
    for name in (n.strip() for v in values for n in NAME_SEPARATORS.split(v)):
        if not name:
            continue
        item = refs.find(field, name)
        if item is None:
            refused.append(Msg("cli.bad_text", option=option, message=refs.unknown(field, name)))
        elif item not in found:
            found.append(item)
    return found, refused


def _known_issue(content: Path, issue: str) -> None:
    """An issue id written as its folder is (2023-03, not 2023-3) whose issue.yml exists."""
    if not ISSUE_FOLDER.match(issue):
        raise Refused(Msg("cli.bad_issue_id", value=issue))  # (advising new-issue 2023-3 would be refused in turn)
    if not (content / "issues" / issue / "issue.yml").is_file():
        raise Refused(Msg("cli.issue_unknown", issue=issue))


def cmd_new_issue(args) -> int:
    m = ISSUE_FOLDER.match(args.id)
    if not m:
        raise Refused(Msg("cli.bad_issue_id", value=args.id))
    print_date = _date("--print-date", args.print_date)
    total = _positive(args.total, "cli.bad_total")
    meta = {"id": args.id, "publication": args.publication, "year": int(m.group(1)), "number": int(m.group(2))}
    if total:
        meta["total"] = total
    meta.update({"theme": _text("--theme", "theme", args.theme), "print_date": print_date, "cover": "", "cover_caption": "", "masthead": []})
    path = args.content / "issues" / args.id / "issue.yml"
    write_all({path: front_matter(meta)[4:-4].replace(f"print_date: '{print_date}'", f"print_date: {print_date}")})
    print(render("cli.created", path=path))
    return 0


def cmd_import(args) -> int:
    """Plan every file first; write all of them, or none if anything is wrong."""
    problems = Problems()
    known, refs = _registries(args.content, problems)
    if problems:
        raise Refused(*problems.items)
    issue, planned = read_manifest(args.manifest, problems, known.people)
    if problems:
        raise Refused(*problems.items)
    _known_issue(args.content, issue)
    confirmed = {slug.strip() for value in args.confirm for slug in NAME_SEPARATORS.split(value) if slug.strip()}
    slugs = [p.slug for p in planned]
    if unknown := [Msg("import.confirm_unknown", slug=slug, slugs=slugs) for slug in sorted(confirmed - set(slugs))]:
        raise Refused(*unknown)
    try:
        raw = read_text(args.raw)
    except (SourceError, OSError) as e:
        reason = e.message if isinstance(e, SourceError) else os_reason(e)
        raise Refused(Msg("cli.file_unreadable", path=str(args.raw), reason=reason)) from None
    result = plan_files(raw, issue, planned, known)
    files = _with_link_ids(args.content, {args.content / rel: text for rel, text in result.files.items()})
    at = functools.partial(_at, args.raw)
    refusals = [*result.problems, *_manifest_references(planned, refs), *map(at, result.refusals(confirmed))]
    if not args.force:
        refusals += [Msg("cli.exists", path=str(path)) for path in files if path.exists() or path.is_symlink()]
    if refusals:
        raise Refused(*refusals, Msg("import.nothing_written", n=len(refusals)))
    write_all(files, force=args.force)
    for path in files:
        print(render("cli.created", path=path))
    if warnings := result.warnings(confirmed):
        print(render("import.warnings_head", n=len(warnings)))
        for finding in warnings:
            print("  " + render("import.warning", message=at(finding)))
    print(render("import.done", n=len(files)))
    return 0


def _registries(content: Path, problems: Problems) -> tuple[Known, References]:
    """The names an import compares the raw text's headings with, and the references it checks."""
    people, orgs = load_people(content, problems), load_orgs(content, problems)
    known = Known(people={p.name: p.slug for p in people}, orgs={k for o in orgs for k in (o.name, o.short) if k},
                  sections={s.name for s in load_sections(content, problems)},
                  publications={p.name for p in load_publications(content, problems)})
    return known, References(people, orgs)


def _at(raw: Path, finding: Finding) -> Msg:
    return Msg("import.at", raw=str(raw), line=finding.line, n=finding.item.n, slug=finding.item.slug, message=finding.message)


def _manifest_references(planned: list[Planned], refs: References) -> list[Msg]:
    """person: and org: in the manifest, checked as the build will check them."""
    out = []
    for p in planned:
        for field in ("person", "org"):
            names = p.extra.get(field) or []
            for name in names if isinstance(names, list) else [names]:
                if refs.find(field, str(name)) is None:
                    out.append(Msg("import.entry_ref", n=p.n, slug=p.slug, field=field, message=refs.unknown(field, str(name))))
    return out


def _with_link_ids(content: Path, files: dict[Path, str]) -> dict[Path, str]:
    """Each new file with its short-address id (a file being replaced keeps the one it had)."""
    taken = set(shortlinks.ids_in(content))
    out = {}
    for path, text in files.items():
        old = shortlinks.link_id_of(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else ""
        link_id = old or shortlinks.new_link_id(path.relative_to(content).as_posix(), taken)
        taken.add(link_id)
        out[path] = text if shortlinks.link_id_of(text) else shortlinks.with_link_id(text, link_id)
    return out


def article_files(content: Path) -> list[Path]:
    """The files the build reads as articles: issues/<id>/*.md and news/*.md."""
    return [p for p in sorted((content / "issues").glob("*/*.md")) + sorted((content / "news").glob("*.md")) if p.name != "index.md"]


def cmd_ids(args) -> int:
    """Give every article without one a link id; ids already written never change (they may be in print)."""
    taken = set(shortlinks.ids_in(args.content))
    files, kept = {}, 0
    for path in article_files(args.content):
        text = read_text(path)
        if shortlinks.link_id_of(text):
            kept += 1
            continue
        try:
            link_id = shortlinks.new_link_id(path.relative_to(args.content).as_posix(), taken)
            files[path] = shortlinks.with_link_id(text, link_id)
        except ValueError:
            continue  # no front matter: the check names that problem
        taken.add(link_id)
    write_all(files, force=True)
    for path, text in files.items():
        print(render("channels.ids_given", path=path, id=shortlinks.link_id_of(text)))
    print(render("channels.ids_done", n=len(files), kept=kept))
    return 0


def cmd_qr(args) -> int:
    _known_issue(args.content, args.issue)
    site_url = _site_url(args.content)
    try:
        catalog = check_site(args.content, cache=SourceCache(fork=True))
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        return 1
    issue = next(i for i in catalog.issues + catalog.waiting_issues if i.id == args.issue)
    # print comes before the web: drafts and scheduled pieces get their codes too (they open once published)
    held = [a for a in catalog.held if a.issue and a.issue.id == issue.id]
    articles = sorted(catalog.by_issue.get(issue.id, []) + held, key=lambda a: (a.page is None, a.page or 0, a.order or 0))
    codes, missing = qr.issue_codes(articles, site_url)
    for a in missing:
        print(render("channels.qr_missing", path=args.content / a.path), file=sys.stderr)
    for a in held:
        print(render("channels.qr_not_yet", path=a.path, state=a.state_label))
    for a in (x for x in catalog.withdrawn if x.issue and x.issue.id == issue.id):
        print(render("channels.qr_withdrawn", path=a.path))
    folder = args.out or Path("二维码") / issue.id
    qr.write_issue(folder, issue, codes)
    print(render("channels.qr_written", n=len(codes), folder=folder))
    return 0


def _site_url(content: Path) -> str:
    """site_url from the mkdocs.yml beside the content folder (read as a line: the file holds Python tags)."""
    if not (url := setting(_config_text(content), "site_url")):
        raise Refused(Msg("channels.no_site_url", path=str(content.resolve().parent / "mkdocs.yml")))
    return url


def _config_text(content: Path) -> str:
    config = content.resolve().parent / "mkdocs.yml"
    return config.read_text(encoding="utf-8") if config.is_file() else ""


def cmd_wechat(args) -> int:
    from ..channels import wechat_files  # Pillow and Markdown: loaded only for this command

    site_url = _site_url(args.content)
    site_name = setting(_config_text(args.content), "site_name")
    try:
        catalog = check_site(args.content, cache=SourceCache(fork=True))
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        return 1
    target = Path(args.target)
    rel = target.resolve().relative_to(args.content.resolve()).as_posix() if target.is_file() and target.resolve().is_relative_to(args.content.resolve()) else None
    every = {a.path: a for a in catalog.every_article}  # a draft or scheduled piece may be prepared ahead
    if rel in every:
        articles, folder = [every[rel]], args.out
        if articles[0] in catalog.withdrawn:
            raise Refused(Msg("wechat.withdrawn", path=rel, date=zh_date(articles[0].record.withdrawn)))
        if articles[0] in catalog.held:
            print(render("wechat.not_yet", path=rel, state=articles[0].state_label))
    elif args.target in catalog.by_issue:
        articles, folder = catalog.by_issue[args.target], args.out / args.target
        for a in (x for x in catalog.withdrawn + catalog.held if x.issue and x.issue.id == args.target):
            print(render("wechat.left_out", path=a.path, state=a.state_label))
    else:
        raise Refused(Msg("wechat.not_found", target=args.target))
    custom_dir = setting(_config_text(args.content), "custom_dir", indented=True) or "theme_overrides"
    theme = args.content.resolve().parent / custom_dir  # the site image's folder
    for a in articles:
        name = (f"p{a.page:03d}-" if len(articles) > 1 and a.page is not None else "") + a.slug
        ex = wechat_files.write_article(folder / name, args.content, a, site_url, site_name, theme, {x.path: x.url for x in catalog.articles})
        print(render("wechat.written", folder=folder / name))
        for w in ex.warnings:
            print("  " + render("wechat.warning", message=w))
    if args.zip:
        print(render("wechat.zipped", path=wechat_files.zip_folder(folder if len(articles) > 1 else folder / articles[0].slug)))
    return 0


COMMANDS = {"check": cmd_check, "status": cmd_status, "new": cmd_new, "new-issue": cmd_new_issue, "import": cmd_import, "ids": cmd_ids, "qr": cmd_qr, "wechat": cmd_wechat}

if __name__ == "__main__":
    sys.exit(main())
