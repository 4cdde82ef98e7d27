"""Proofreading (校对单): recall on planted errors of every class, false warnings on clean
text, the seed site and the raw seed issue, and where editors see it (check, CI, preview,
web editor's problems.json; never the published site)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from kexie.core.checks import check_site
from kexie.proofread.site import proofread_site
from sitekit import CONTENT, REPO, article, make_site
from test_editor_tools import full_manifest, run
from test_seed_content import SEED_ISSUE, seed

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "proofread"
PLANTED = yaml.safe_load((FIXTURES / "planted.yml").read_text(encoding="utf-8"))


def planted_site(tmp_path, house: str | None = None):
    """One article per class, one planted sentence a paragraph, with the fixture house file."""
    site = make_site(tmp_path)
    site.write("_data/proofread.yml", house or (FIXTURES / "house.yml").read_text(encoding="utf-8"))
    where = {}
    for n, (kind, cases) in enumerate(PLANTED.items()):
        body = "\n\n".join(c["text"] for c in cases) + "\n"
        rel = f"issues/2023-02/planted-{kind.replace('_', '-')}.md"
        text = article(f"校对样例{n}", "工作简讯", 50 + n, body)
        site.write(rel, text)
        first = text.count("\n", 0, text.index(body)) + 1
        where[kind] = [(rel, first + 2 * i, c["at"]) for i, c in enumerate(cases)]
    return site, where


def recall(report, where) -> dict[str, tuple[int, int]]:
    out = {}
    for kind, cases in where.items():
        hits = sum(any(w.kind == kind and w.path == rel and w.line == line and at.strip() in w.context for w in report.warnings)
                   for rel, line, at in cases)
        out[kind] = (hits, len(cases))
    return out


def test_planted_errors_of_every_class_are_found(tmp_path):
    site, where = planted_site(tmp_path)
    report = proofread_site(site.content, check_site(site.content))
    found = recall(report, where)
    print("recall per class:", found)
    # 新新时代 is missed: jieba leaves both copies alone (新/新/时代), which 校企、企企合作 does too
    assert found == {kind: (len(cases) - (kind == "doubled"), len(cases)) for kind, cases in where.items()}, found
    stale = [w for w in report.warnings if w.kind == "stale"]
    assert any("卷首语" in str(w.message) for w in stale) and all(w.path == "_data/sections.yml" for w in stale)
    w = next(w for w in report.warnings if w.kind == "doubled" and "北北" in w.context)
    assert (w.column, w.fix) == (4, "会议由北京市科协主持，各") and "多了一个字" in str(w)
    # nothing but what was planted (and the stale 栏目): every warning sits on a planted line
    lines = {(rel, line) for cases in where.values() for rel, line, _ in cases}
    assert [str(w) for w in report.warnings if w.kind != "stale" and (w.path, w.line) not in lines] == []


def test_clean_text_gives_almost_no_warning(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT / "_data", root / "_data")
    shutil.copy(FIXTURES / "house.yml", root / "_data/proofread.yml")
    shutil.copy(FIXTURES / "clean.md", root / "clean.md")
    shutil.copytree(CONTENT / "news", root / "news")
    report = proofread_site(root)
    per_10k = len(report.warnings) * 10_000 / report.chars
    print(f"clean text: {len(report.warnings)} warnings in {report.chars} characters ({per_10k:.2f} per 10,000)")
    assert report.chars > 6_000 and per_10k <= 2, [str(w) for w in report.warnings]


def test_seed_site_gives_only_real_problems():
    report = proofread_site(CONTENT, check_site(CONTENT))
    counts = report.counts()
    assert set(counts) <= {"doubled", "punctuation", "spacing", "numbers", "short_name"}, counts
    # the one doubling left in the printed issue: 实行政任任务化
    assert [w.context for w in report.warnings if w.kind == "doubled"] == ["榜挂帅”的实行政任任务化，同时避免多"]
    assert "latin" not in counts and report.problems == []


def test_raw_seed_issue_as_imported_shows_the_known_artefacts(tmp_path):
    seed(SEED_ISSUE)  # skips when the seed texts are absent
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=lambda folder, names: [n for n in names if n.endswith(".md") and "issues" in folder])
    (tmp_path / "m.yml").write_text(full_manifest(CONTENT), encoding="utf-8")
    assert run("import", str(Path(__file__).parent / "fixtures/seeds" / SEED_ISSUE), str(tmp_path / "m.yml"), content=content).returncode == 0
    result = run("check", content=content)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("内容检查通过") < out.index("校对单：") < out.index("按类别：")
    assert "校对·叠字：“天天”多了一个字" in out and "建议“导小组成员单位，天津市科协认为人才”" in out
    assert "“银银”多了一个字" in out and "建议“培训等活动，展示银川市双创成效和双”" in out
    assert "校对·夹英文：中文句子里夹着英文词“and”" in out and "建议“体，探索行业科协和区域企业科协联合”" in out


def test_check_and_ci_show_warnings_and_the_house_can_make_a_class_an_error(tmp_path):
    site, _ = planted_site(tmp_path)
    text = run("check", content=site.content)
    assert text.returncode == 0 and "校对单：" in text.stdout and "夹英文 4" in text.stdout
    github = run("check", "--format", "github", content=site.content)
    assert github.returncode == 0 and "::warning file=" in github.stdout and "::error" not in github.stdout
    gitlab = json.loads(run("check", "--format", "gitlab", content=site.content).stdout)
    assert {e["severity"] for e in gitlab} == {"minor"} and "proofread.latin" in {e["check_name"] for e in gitlab}
    strict = (FIXTURES / "house.yml").read_text(encoding="utf-8") + "errors: [latin]\n"
    site.write("_data/proofread.yml", strict)
    refused = run("check", content=site.content)
    assert refused.returncode == 1 and "校对单：4 条按本刊规定算作错误" in refused.stderr
    built = site.build()
    assert built.returncode != 0 and "4 条校对提示按本刊规定算作错误" in built.stderr
    site.write("_data/proofread.yml", "errors: [latn]\nspacing: wide\n")
    bad = run("check", content=site.content)
    assert bad.returncode == 1 and "_data/proofread.yml 第1行 errors" in bad.stderr and "没有“latn”这一类" in bad.stderr
    assert "写成了“wide”" in bad.stderr and "Traceback" not in bad.stderr


def test_preview_shows_the_sheet_and_marks_the_published_site_never(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site, _ = planted_site(tmp_path)
    assert site.build().returncode == 0
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.out.rglob("*")
                        if p.suffix in (".html", ".xml", ".json") and "admin" not in p.parts)  # admin/: the editor's message templates
    assert "kx-proofread" not in published and "校对提示" not in published and not (site.out / "proofread").exists()
    assert "warnings" not in json.loads((site.out / "admin/problems.json").read_text()) or \
        json.loads((site.out / "admin/problems.json").read_text())["warnings"] == []
    preview = tmp_path / "preview"
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(preview))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    sheet = (preview / "proofread/index.html").read_text(encoding="utf-8")
    assert "校对单" in sheet and 'href="../issues/2023-02/planted-latin/"' in sheet and "夹着英文词“and”" in sheet
    page = (preview / "issues/2023-02/planted-latin/index.html").read_text(encoding="utf-8")
    assert "校对提示 4 条（只在预览中显示）" in page and 'href="../../../proofread/"' in page
    assert "校对提示" not in (preview / "issues/2023-02/juan-shou-yu/index.html").read_text(encoding="utf-8")
    state = json.loads((preview / "admin/problems.json").read_text(encoding="utf-8"))
    mine = [w for w in state["warnings"] if w["path"].endswith("planted-latin.md")]
    assert len(mine) == 4 and all(w["kind"] == "latin" and "第" in w["text"] for w in mine)


def test_a_word_spaced_on_both_sides_is_one_warning_with_one_fix():
    """在 2023 年: the two spaces are one slip, said once; a chain of them is one warning each."""
    from kexie.proofread.marks import spacing

    assert [(f.fix) for f in spacing("干部，在 2023 年我们要", "none")] == ["在2023年"]
    assert [(f.fix) for f in spacing("在 2023 年和 5G 网络", "none")] == ["在2023年", "和5G网"]
    assert [(f.fix) for f in spacing("工作基地；2022 年，银川", "none")] == ["2年"]
    assert spacing("在2023年和5G网络", "none") == []


def test_the_preview_proofreads_a_working_set_and_what_is_saved_while_it_runs(tmp_path, monkeypatch):
    """An archive of 50,000 articles took minutes to proofread before the preview served a page: the preview
    reads the newest articles (2 here), the held ones and the pages, then any file saved while it runs, and
    keeps the findings of files that did not change."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import kexie.proofread.site as proof

    monkeypatch.setattr(proof, "PREVIEW_NEWEST", 2)
    site, where = planted_site(tmp_path)
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(tmp_path / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    plugin = config.plugins["kexie/proofread"]
    catalog = config.plugins["kexie/site"].catalog
    newest = sorted(catalog.articles, key=lambda a: a.sort_key, reverse=True)[:2]
    assert plugin.report.files == len({a.path for a in newest} | {a.path for a in catalog.held} | set(catalog.pages))
    sheet = (tmp_path / "preview/proofread/index.html").read_text(encoding="utf-8")
    assert "预览只校对最新的 2 篇文章" in sheet and "editor.py check" in sheet
    old = next(rel for rel, *_ in where["latin"])
    assert old not in {a.path for a in newest} and old not in plugin.report.by_path()

    kept = dict(plugin.cache)
    (site.content / old).write_text((site.content / old).read_text(encoding="utf-8") + "\n又一个 and 词。\n", encoding="utf-8")
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    assert len(plugin.report.by_path()[old]) == 5, "the saved article is proofread, with its new sentence"
    assert set(kept) < set(plugin.cache) and len(plugin.cache) == len(kept) + 1, "only the saved file is read again"
    assert "planted-latin" in (tmp_path / "preview/proofread/index.html").read_text(encoding="utf-8")


def test_a_mended_mistake_leaves_the_preview_box_on_the_quick_save(tmp_path):
    """An editor fixes a flagged English word in the preview: the quick save (kexie/mkdocs/quick.py, no
    full rebuild) renders the page again, and its box says one warning fewer; a new slip shows at once."""
    from test_serve import first_build_done, quick_saves, serving, wait_for

    site, where = planted_site(tmp_path / "s")
    rel = next(rel for rel, *_ in where["latin"])
    url = "issues/2023-02/planted-latin/"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out, serving(site, out) as base:
        wait_for(base + url, "校对提示 4 条", seconds=180)
        first_build_done(base, seconds=60)
        text = (site.content / rel).read_text(encoding="utf-8")
        fixed = text.replace(" and ", "和", 1)
        assert fixed != text
        (site.content / rel).write_text(fixed, encoding="utf-8")
        wait_for(base + url, "校对提示 3 条", seconds=30)
        (site.content / rel).write_text(fixed + "\n新写的一句 or 错词。\n", encoding="utf-8")
        wait_for(base + url, "校对提示 4 条", seconds=30)
    assert quick_saves(log), "the saves went the quick way"
