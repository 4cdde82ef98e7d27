"""The web editor (Decap CMS at /admin/): its configuration, built from our registries.

Every choice an editor makes in a form (栏目, people, orgs, issues, publications)
comes from ``content/_data/*.yml`` and the issue folders at build time, so the
forms never need a second list kept in sync.  No MkDocs import: the thin
``kexie/cms`` plugin only places what this module returns into the site.

Registries are top-level YAML lists, which Decap cannot edit as a form; the
page registers a ``kexie-yaml`` format (admin/kexie-cms.js) that shows a list
as ``items`` and writes it back with the file's comments kept.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from ..core.catalog import ISSUES_DIR, NEWS_DIR
from ..core.messages import render
from ..core.model import ORG_KINDS, Issue, Org, Person, Publication, Section
from ..core.problems import Problems
from ..core.house import House, load_house
from ..proofread.house import KINDS, decap_file
from ..core.registries import DATA_DIR, load_issue, load_orgs, load_people, load_publications, load_sections

BACKENDS = ("github", "gitlab", "gitea", "forgejo")
# Decap's Gitea backend throws "does not support editorial workflow" in the editor's browser.
NO_REVIEW = ("gitea",)
# Where each backend's API lives relative to a self-hosted base_url.
API_PATHS = {"gitlab": "/api/v4", "gitea": "/api/v1", "forgejo": "/api/v1"}
SLUG_PATTERN = ["^[a-z0-9]+(?:-[a-z0-9]+)*$", "只能用小写拼音字母、数字和“-”，例如 li-weirong"]
SECTION_KIND_LABELS = {"magazine": "杂志栏目", "cover": "封面类：封面、封二、封三，不填页码", "hub": "新闻中心"}
SECTION_KIND_NOTES = {"cover": "封面类，不填页码", "hub": "新闻中心"}
ADMIN = "admin"
# decap-cms's browser bundle, its lazily loaded chunks and WebAssembly; and the YAML module our format uses.
DECAP_DIST = Path("decap-cms") / "dist"
# ours, beside the page: the format and start, the form's checks, the preview pane's look
OUR_FILES = ("kexie-cms.js", "kexie-form.js", "kexie-preview.js", "kexie-preview.css", "kexie-words.js",
             "kexie-uploads.js")
YAML_BROWSER = Path("yaml") / "browser"


class CmsSetupError(Exception):
    """The editor cannot be built (missing npm packages, bad backend settings)."""


@dataclass
class Backend:
    """Where the editor commits: a Git host reachable from the editors' browsers."""

    name: str
    repo: str
    branch: str = "main"
    base_url: str = ""
    api_root: str = ""
    app_id: str = ""
    auth_endpoint: str = ""
    publish_mode: str = "simple"  # or editorial_workflow: a branch + PR/MR per article

    def config(self) -> dict:
        if self.name not in BACKENDS:
            raise CmsSetupError(render("cms.bad_backend", name=self.name, choices=list(BACKENDS)))
        if not re.fullmatch(r"[\w.-]+(/[\w.-]+)+", self.repo or ""):
            raise CmsSetupError(render("cms.bad_repo", repo=self.repo))
        if self.publish_mode == "editorial_workflow" and self.name in NO_REVIEW:
            raise CmsSetupError(render("cms.review_unsupported", name=self.name))
        out = {"name": self.name, "repo": self.repo, "branch": self.branch}
        base = self.base_url.rstrip("/")
        api_root = self.api_root or (base + API_PATHS[self.name] if base and self.name in API_PATHS else "")
        for key, value in (("base_url", base), ("api_root", api_root), ("app_id", self.app_id), ("auth_endpoint", self.auth_endpoint)):
            if value:
                out[key] = value
        if self.name in ("gitlab", "gitea", "forgejo") and self.app_id:
            out["auth_type"] = "pkce"  # log in from the browser, no OAuth server of our own
        return out


@dataclass
class Registries:
    sections: list[Section]
    people: list[Person]
    orgs: list[Org]
    publications: list[Publication]
    issues: list[Issue]
    house: House


def read_registries(content: Path) -> Registries:
    """The registries as the build reads them; their problems are the site plugin's to report."""
    p = Problems()
    issues = []
    base = content / ISSUES_DIR
    for folder in sorted(base.iterdir()) if base.is_dir() else []:
        if (folder / "issue.yml").is_file():
            issue = load_issue(content, f"{ISSUES_DIR}/{folder.name}/issue.yml", p)
            if issue:
                issues.append(issue)
    issues.sort(key=lambda i: i.sort_key, reverse=True)  # newest issue first in the menu
    return Registries(load_sections(content, p), load_people(content, p), load_orgs(content, p), load_publications(content, p), issues,
                      load_house(content, p))


# ------------------------------------------------------------------ field builders


def _field(name: str, label: str, widget: str = "string", required: bool = False, hint: str = "", **extra) -> dict:
    out = {"name": name, "label": label, "widget": widget, "required": required}
    if hint:
        out["hint"] = hint
    return out | extra


def _number(name: str, label: str, hint: str = "", required: bool = False, widget: str = "number") -> dict:
    return _field(name, label, widget, required, hint, value_type="int", min=1, step=1)


DATE_PATTERN = [r"^\d{4}-\d{2}-\d{2}$", "：应写作 年-月-日，例如 2023-10-01"]


def _date(name: str, label: str, required: bool, hint: str = "") -> dict:
    """Typed as 2023-10-01: the browser's date picker shows mm/dd/yyyy on an English system."""
    hint = f"{hint}（写作 2023-10-01）" if hint else "写作 年-月-日，例如 2023-10-01"
    return _field(name, label, "string", required, hint, pattern=DATE_PATTERN)


def _names(name: str, label: str, hint: str) -> dict:
    """A list of plain texts; each item is labelled as the list is (身份, 荣誉), not 姓名."""
    return _field(name, label, "list", False, hint, label_singular=label, field={"name": "name", "label": label, "widget": "string"})


def _one_of(values: list[str]) -> str:
    """A JS regex accepting one of ``values``; a select's list value is checked joined by commas."""
    alternatives = "|".join(re.sub(r"[\\^$.*+?()[\]{}|/]", lambda m: "\\" + m.group(), v) for v in values)
    return f"^(?:{alternatives})(?:,(?:{alternatives}))*$"


def _registry_select(name: str, label: str, options: list[dict], accepted: list[str], registry: str, source: str, hint: str) -> dict:
    """Multi-select over a registry; the pattern refuses names it does not hold (e.g. in a hand-edited file)."""
    field = _field(name, label, "select", False, hint, multiple=True, options=options)
    if accepted:
        field["pattern"] = [_one_of(accepted), f"：只能选{registry}库（{source}）里已有的名称；新的{registry}请先在“资料库 → {registry}”里添加"]
    return field


def _section_options(sections: list[Section]) -> list[dict]:
    return [{"label": f"{s.name}（{SECTION_KIND_NOTES[s.kind]}）" if s.kind in SECTION_KIND_NOTES else s.name, "value": s.name} for s in sections]


def shared_fields(reg: Registries) -> dict[str, dict]:
    """The fields every article form has alike, made once: each issue's form holds the same
    objects, which config.yml then writes once and names (``&people`` … ``*people``)."""
    people = [{"label": f"{x.name}（{x.org}）" if x.org else x.name, "value": x.name} for x in reg.people]
    orgs = [{"label": f"{o.name}（{o.short}）" if o.short else o.name, "value": o.name} for o in reg.orgs]
    return {
        "section": _field("section", "栏目", "select", True, "栏目按印刷目录的顺序排列", options=_section_options(reg.sections)),
        "authors": _names("authors", "作者", "印刷署名“文 | 张婷”里的作者，每人一项"),
        "org": _registry_select("org", "机构", orgs, _keys(reg.orgs, "name", "short", "slug"), "机构", f"{DATA_DIR}/orgs.yml", "文中报道的机构，可多选；列表来自机构库"),
        "person": _registry_select("person", "人物", people, _keys(reg.people, "name", "slug"), "人物", f"{DATA_DIR}/people.yml", "文中报道的人物，可多选；列表来自人物库"),
        "summary": _field("summary", "摘要", "text", hint="一两句话，显示在首页、栏目页、新闻列表和订阅里（期刊目录和文章页不显示）"),
        "body": _field("body", "正文", "markdown", True),
        "publishing": publishing_fields(reg.house),
    }


TIME_PATTERN = [r"^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2})?$", "：应写作 年-月-日 时:分（北京时间），例如 2023-10-01 08:00"]


def publishing_fields(house: House) -> list[dict]:
    """草稿, 定时, 撤稿, 更正, 责任编辑 and 审签, 转载: the same fields the build reads (kexie.core.publishing)."""
    levels = [_field(level, level, hint="签字人姓名；未审留空") for level in house.signoff.levels]
    required = "编辑部要求发布前填写（_data/house.yml）" if house.signoff.required else "编辑部目前不要求；可以填写备查"
    return [
        _field("draft", "草稿（只在预览中显示）", "boolean", hint="勾选后这篇不会发布到网站；定稿后取消勾选"),
        _field("publish_at", "定时发布", pattern=TIME_PATTERN, hint="北京时间，到点后的第一次构建公开；留空则保存后即发布"),
        _field("editor", "责任编辑", "kexie-editor", hint=f"显示在文章末尾；{required}"),
        _field("signoff", "审签（三审）", "kexie-signoff", collapsed=not house.signoff.required, hint=required, fields=levels),
        _field("corrections", "更正", "list", collapsed=False, label_singular="一条更正", hint="文章发布后改正错误时，在这里写明哪天改了什么；读者在文章开头和订阅里看到",
               fields=[_date("date", "更正日期", True), _field("note", "更正说明", "text", True)]),
        _field("withdrawn", "撤稿日期", pattern=DATE_PATTERN, hint="撤稿时填写（写作 2023-10-01）：网址保留，只显示撤稿说明"),
        _field("withdrawn_reason", "撤稿原因", "text", hint="撤稿时必填，读者会看到"),
        _field("repost", "转载", "boolean", hint="转载的文章必须写明来源、原作者、原标题"),
        _field("source", "来源", hint="转载时填写，例如 科技日报"),
        _field("original_author", "原作者"),
        _field("original_title", "原标题"),
    ]


def article_fields(reg: Registries, issue: Issue | None, shared: dict[str, dict] | None = None) -> list[dict]:
    """The form of one article, in the order its front matter is written."""
    shared = shared_fields(reg) if shared is None else shared
    fields = [
        _field("title", "标题", required=True, hint="按印刷目录填写完整标题"),
        _field("slug", "网址用词", "kexie-slug", pattern=SLUG_PATTERN,
               hint="新文章必填：文章网址的最后一段，用标题的小写拼音，例如 li-weirong；同时是文件名。"
                    "已有文章可以不填（网址保持不变）"),
    ]
    if issue:
        fields.append(_field("issue", "期号", "select", True, "本文所在的一期", options=[{"label": issue.full_label, "value": issue.id}], default=issue.id))
    else:
        fields.append(_field("issue", "期号", "select", False, "新闻稿一般不填；若转载自某期杂志，选该期",
                             options=[{"label": i.full_label, "value": i.id} for i in reg.issues]))
    fields.append(shared["section"])
    if issue:
        fields += [_number("page", "印刷页码", "目录上的页码；封面、封二、封三不填", widget="kexie-page"),
                   _number("order", "同页顺序", "同一页有几篇时，本篇排第几（可不填）"),
                   _date("date", "日期", False, "一般不填，默认是本期印刷日期")]
    else:
        fields.append(_date("date", "发布日期", True))
        fields.append(_number("page", "印刷页码", "只在选了期号（转载自某期杂志）时填写：该期目录上的页码", widget="kexie-page"))
    # link_id: the short address of the print QR code; the form gives a new article one (kexie-form.js), never changes it
    link_id = _field("link_id", "短网址（印刷二维码用）", "kexie-link-id", False, "自动生成，不能修改：印刷出去的二维码靠它打开本文")
    return fields + [shared[name] for name in ("authors", "org", "person", "summary")] + [link_id, shared["body"]] + shared["publishing"]


def _keys(items: list, *attrs: str) -> list[str]:
    return sorted({getattr(x, a) for x in items for a in attrs if getattr(x, a)}, key=lambda k: (-len(k), k))


# ------------------------------------------------------------------ collections


def _article_collection(name: str, label: str, folder: str, reg: Registries, issue: Issue | None, preview: str,
                        shared: dict[str, dict]) -> dict:
    return {
        "name": name, "label": label, "label_singular": "文章", "folder": folder, "create": True,
        "extension": "md", "format": "kexie-frontmatter", "slug": "{{fields.slug}}", "identifier_field": "title",
        "summary": "{{page}} · {{section}} · {{title}}" if issue else "{{date}} · {{title}}",
        # listed as the printed CONTENTS (by page), news newest first
        "sortable_fields": [{"field": "page", "default_sort": "asc"}, "title", "section"] if issue
        else [{"field": "date", "default_sort": "desc"}, "title"],
        "media_folder": "", "public_folder": "",  # pictures sit next to the article, linked relatively
        "preview_path": preview, "fields": article_fields(reg, issue, shared),
    }


def issue_fields(reg: Registries) -> list[dict]:
    publications = [p.name for p in reg.publications]
    return [
        _field("id", "期号", required=True, pattern=SLUG_PATTERN, hint="与文件夹同名，例如 2023-03（年-期）；保存后不要再改"),
        _field("publication", "刊物", "select", True, options=publications, default=publications[0] if publications else ""),
        _number("year", "年份", required=True),
        _number("number", "期数", "当年第几期", required=True),
        _number("total", "总期数", "总第几期"),
        _field("theme", "本期关注"),
        _date("print_date", "印刷日期", True),
        _field("cover", "封面图片", "image", hint="放在本期文件夹里的图片"),
        _field("cover_caption", "封面说明", "text"),
        _field("contents_heading", "目录标题", hint="默认“目录”"),
        _field("masthead", "编委名单", "list", fields=[_field("role", "职务", required=True), _names("names", "姓名", "每人一项")]),
        _field("colophon", "版权页", "list", fields=[_field("label", "项目", required=True), _field("value", "内容", required=True)]),
        _field("back_cover", "封底", "markdown"),
    ]


def _registry_file(name: str, label: str, file: str, item_label: str, fields: list[dict], hint: str) -> dict:
    # kexie-registry: a name, short name or slug that articles still use cannot be deleted or renamed
    return {"name": name, "label": label, "file": file, "fields": [
        _field("items", label, "kexie-registry", True, hint, registry=name, label_singular=item_label, summary="{{fields.name}}",
               collapsed=True, fields=fields)]}


def registry_collection(reg: Registries, data: str) -> dict:
    def org_names() -> list[str]:  # a list each: one shared list would be written as an alias (&id001)
        return [o.name for o in reg.orgs]

    sections = [_field("name", "栏目名", required=True), _field("slug", "网址用词", required=True, pattern=SLUG_PATTERN),
                _field("kind", "类别", "select", True, options=[{"label": v, "value": k} for k, v in SECTION_KIND_LABELS.items()], default="magazine"),
                _field("description", "说明", "text")]
    people = [_field("name", "姓名", required=True), _field("slug", "网址用词", pattern=SLUG_PATTERN, hint="姓名的拼音，例如 li-weirong；多音字姓氏请核对"),
              _field("org", "单位", "select", options=org_names(), hint="单位须先在机构库里"), _field("region", "地区"), _field("title", "职务"),
              _names("roles", "身份", "例如 创新达人、科协负责人"), _names("honours", "荣誉", "每项一条"), _number("honour_year", "获评年份"),
              _field("photo", "照片", "image"), _field("bio", "简介", "text")]
    orgs = [_field("name", "全称", required=True), _field("short", "简称"), _field("slug", "网址用词", pattern=SLUG_PATTERN),
            _field("kind", "类别", "select", options=list(ORG_KINDS), default="其他"), _field("region", "地区"),
            _field("parent", "上级机构", "select", options=org_names()), _field("description", "简介", "text")]
    publications = [_field("name", "刊名", required=True), _field("slug", "网址用词", pattern=SLUG_PATTERN),
                    _field("publisher", "编印单位"), _field("description", "简介", "text")]
    return {"name": "registries", "label": "资料库", "format": "kexie-yaml", "extension": "yml", "editor": {"preview": False}, "files": [
        _registry_file("sections", "栏目", f"{data}/sections.yml", "栏目", sections, "按印刷目录的顺序排列，可拖动调整"),
        _registry_file("people", "人物", f"{data}/people.yml", "人物", people, "文章的“人物”只能选这里的人"),
        _registry_file("orgs", "机构", f"{data}/orgs.yml", "机构", orgs, "文章的“机构”和人物的“单位”只能选这里的机构"),
        _registry_file("publications", "刊物", f"{data}/publications.yml", "刊物", publications, ""),
        house_file(f"{data}/house.yml"),
        decap_file(data, _field, {k: render(f"proof.kind_{k}") for k in KINDS}),  # proofreading's house file
    ]}


def house_file(file: str) -> dict:
    """_data/house.yml: which review levels the house requires before publishing (kexie.core.house)."""
    kinds = [{"label": v.split("：")[0], "value": k} for k, v in SECTION_KIND_LABELS.items()]
    return {"name": "house", "label": "编辑部规则（审签）", "file": file, "fields": [
        _field("signoff", "审签要求", "object", True, fields=[
            _field("required", "发布前必须审签", "boolean", default=False, hint="打开后，发布（含定时）的文章必须写责任编辑和下面每一级审签，否则构建不通过"),
            _names("levels", "审签级别", "例如 初审、复审、终审，按顺序"),
            _names("sections", "只要求这些栏目", "栏目名；不填则所有栏目都要求"),
            _field("kinds", "只要求这些类别", "select", multiple=True, options=kinds, hint="不选则所有类别都要求"),
        ])]}


def cms_config(content: Path, repo: Path, backend: Backend, site_url: str, local_backend: bool | dict = True) -> dict:
    """The whole Decap configuration (admin/config.yml) for ``content`` inside the Git checkout ``repo``."""
    reg = read_registries(content)
    docs = Path(os.path.relpath(content, repo)).as_posix()
    shared = shared_fields(reg)
    collections = [
        _article_collection(f"issue-{i.id}", f"《{i.publication}》{i.full_label}", f"{docs}/{ISSUES_DIR}/{i.id}", reg, i,
                            f"{ISSUES_DIR}/{i.id}/{{{{fields.slug}}}}/", shared)
        for i in reg.issues
    ]
    collections.append(_article_collection("news", "新闻中心", f"{docs}/{NEWS_DIR}", reg, None, f"{NEWS_DIR}/{{{{fields.slug}}}}/", shared))
    collections.append({
        "name": "issues", "label": "期刊信息（新建一期）", "label_singular": "一期", "folder": f"{docs}/{ISSUES_DIR}", "create": True,
        "path": "{{slug}}/issue", "slug": "{{fields.id}}", "extension": "yml", "format": "kexie-yaml", "identifier_field": "id",
        "summary": "{{id}} · {{theme}}", "media_folder": "", "public_folder": "", "editor": {"preview": False},
        "fields": issue_fields(reg),
    })
    collections.append(registry_collection(reg, f"{docs}/{DATA_DIR}"))
    config = {
        "locale": "zh_Hans",
        "backend": backend.config() | {"commit_messages": COMMIT_MESSAGES},
        "publish_mode": backend.publish_mode,
        "site_url": site_url,
        "display_url": site_url,
        "logo_url": "../assets/images/favicon.png",  # from our own site, wherever it is served
        # uploads get safe names (kexie-uploads.js renames them first; Decap then keeps ASCII letters, digits, '-', '_', '.')
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "media_folder": f"{docs}/assets/uploads",
        "public_folder": "/assets/uploads",
        "collections": collections,
    }
    if local_backend:
        config["local_backend"] = local_backend
    return config


# What each commit says in the repository's history (Decap fills the {{…}}).
COMMIT_MESSAGES = {
    "create": "网页编辑器：新建{{collection}} {{path}}",
    "update": "网页编辑器：修改{{collection}} {{path}}",
    "delete": "网页编辑器：删除{{collection}} {{path}}",
    "uploadMedia": "网页编辑器：上传 {{path}}",
    "deleteMedia": "网页编辑器：删除 {{path}}",
    "openAuthoring": "{{message}}",
}


class _Dumper(yaml.SafeDumper):
    """Writes a field that every article form shares once, as ``&person``, and then ``*person``:
    with a form per issue, a 5,000-article archive's file is ~0.4 MB, not 13 MB, for the
    browser to fetch each time /admin/ opens (Decap reads aliases; its loader sets no limit)."""

    def generate_anchor(self, node) -> str:
        for data_id, represented in self.represented_objects.items():
            if represented is node and data_id in self.names:
                return self.names[data_id]
        return super().generate_anchor(node)


def config_yaml(config: dict) -> str:
    forms = [c["fields"] for c in config.get("collections", []) if "folder" in c and c.get("format") == "kexie-frontmatter"]
    names = {id(field): field["name"] for fields in forms[:1] for field in fields} | {id(SLUG_PATTERN): "slug_pattern", id(DATE_PATTERN): "date_pattern"}
    dumper = type("_NamedDumper", (_Dumper,), {"names": names})
    return "# 由构建生成（kexie/cms），请勿手改：栏目、人物、机构与期号都来自 content/ 里的资料库。\n" + yaml.dump(
        config, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000)


# ------------------------------------------------------------------ the page and its files


def admin_page(site_name: str, site_url: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    template = resources.files("kexie.editor").joinpath("admin/index.html").read_text(encoding="utf-8")
    return (template.replace("{{ site_name }}", html.escape(site_name))
            .replace("{{ admin_url }}", html.escape(base + ADMIN + "/"))
            .replace("{{ image_url }}", html.escape(base + "assets/images/favicon.png")))


def find_node_modules(start: Path, configured: str = "") -> Path:
    """``configured`` (relative to ``start``), else the nearest node_modules above ``start``,
    else the one beside this package's checkout (sites built from a temporary folder)."""
    if configured:
        return start / configured
    here = Path(__file__).resolve().parents[3]
    for folder in (start, *start.parents, here):
        if (folder / "node_modules" / DECAP_DIST).is_dir():
            return folder / "node_modules"
    return start / "node_modules"


def admin_files(node_modules: Path) -> list[tuple[str, Path]]:
    """(site path, source file) for every script the editor loads; all from our own site."""
    dist, yaml_dir = node_modules / DECAP_DIST, node_modules / YAML_BROWSER
    bundle = dist / "decap-cms.js"
    if not bundle.is_file() or not (yaml_dir / "index.js").is_file():
        raise CmsSetupError(render("cms.scripts_missing", bundle=bundle, yaml_dir=yaml_dir))
    files = [(f"{ADMIN}/{p.name}", p) for p in sorted(dist.iterdir())
             if p.name.endswith("decap-cms.js") or p.suffix == ".wasm"]
    files += [(f"{ADMIN}/yaml/{p.relative_to(yaml_dir).as_posix()}", p) for p in sorted(yaml_dir.rglob("*.js"))]
    ours = resources.files("kexie.editor").joinpath("admin")
    return files + [(f"{ADMIN}/{name}", Path(str(ours.joinpath(name)))) for name in OUR_FILES]

