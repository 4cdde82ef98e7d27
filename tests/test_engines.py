"""Two engines, one site (README "Engines"): ProperDocs builds the seed site byte for byte as MkDocs does,
and no engine can leave out one of our plugins without the build or the publishing step saying so in Chinese."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from kexie.engines import output, roster
from sitekit import REPO, make_site

GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-[^"]*">')


def engine_build(engine: str, config: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, "-m", engine, "build", "--strict", "-q", "-f", str(config), "-d", str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=config.parent, timeout=600)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_both_engines_find_every_plugin_of_the_roster():
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        ours = {ep.name: ep.value for ep in entry_points(group=group) if ep.name.startswith("kexie/")}
        assert set(ours) == set(roster.PLUGINS), group
    named = roster.named_in((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert [n.name for n in named] == list(roster.PLUGINS)


def test_properdocs_builds_the_seed_site_as_mkdocs_does_but_for_the_generator_tag(seed_site, tmp_path):
    built = engine_build("properdocs", REPO / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    mkdocs, properdocs = files(seed_site), files(tmp_path / "site")
    assert sorted(mkdocs) == sorted(properdocs)
    tagged = [path for path, data in mkdocs.items() if GENERATOR.search(data)]
    assert "index.html" in tagged and "issues/index.html" in tagged
    # the only difference: the generator tag, in every HTML page (mkdocs-1.6.1 / mkdocs-ProperDocs 1.6.7)
    assert b'content="mkdocs-ProperDocs ' in properdocs["index.html"]
    differ = [path for path in mkdocs if mkdocs[path] != properdocs[path]]
    assert differ and set(differ) <= set(tagged)
    unlike = [path for path in differ if GENERATOR.sub(b"", mkdocs[path]) != GENERATOR.sub(b"", properdocs[path])]
    assert unlike == []
    assert output.lacking(tmp_path / "site") == []


@pytest.mark.parametrize("engine, left_out", [("mkdocs", "kexie/feeds"), ("properdocs", "kexie/site")])
def test_a_plugin_left_out_of_mkdocs_yml_stops_the_build_naming_it(tmp_path, engine, left_out):
    site = make_site(tmp_path)
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(rf"^- {re.escape(left_out)}\n", "", text, flags=re.M), encoding="utf-8")
    built = engine_build(engine, config, site.out)
    assert built.returncode == 1
    said = built.stdout + built.stderr
    assert f"构建程序没有加载本网站的插件 “{left_out}”" in said and "Traceback" not in said
    assert not site.out.exists()


def test_a_misspelt_plugin_is_named_in_chinese_by_the_build_command(tmp_path):
    site = make_site(tmp_path)
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("- kexie/search\n", "- kexie/serch\n"), encoding="utf-8")
    line = 1 + config.read_text(encoding="utf-8").splitlines().index("- kexie/serch")
    env = {**os.environ, "KEXIE_CONFIG": str(config)}
    run = subprocess.run(["bash", "scripts/build.sh"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert f"mkdocs.yml 第{line}行 plugins：没有名为“kexie/serch”的插件，应为“kexie/search”" in run.stderr
    assert "构建程序没有加载本网站的插件 “kexie/search”" in run.stderr and "Traceback" not in run.stderr


def publishing_root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts/publish.sh", root / "scripts/publish.sh")
    (root / "plugins").symlink_to(REPO / "plugins")
    return root


def test_publishing_refuses_a_site_an_engine_built_without_our_plugins(tmp_path, seed_site):
    """What Zensical leaves (the Markdown pages, no CONTENTS, feeds or search) never reaches the host."""
    root = publishing_root(tmp_path)
    site = root / "site"
    shutil.copytree(seed_site, site)
    for mark in ("feed.xml", "atom.xml", "search/manifest.json"):
        (site / mark).unlink()
    (site / "issues/index.html").write_text("<h1>期刊</h1>", encoding="utf-8")  # a page rendered from Markdown
    target = tmp_path / "www"
    env = {**os.environ, "PUBLISH_TARGET": f"{target}/", "PATH": "/usr/bin:/bin"}  # the runner's python3, no venv
    run = subprocess.run(["bash", "scripts/publish.sh"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and not target.exists()
    assert "网站不完整，不能发布：site 里没有 “issues/index.html”、“feed.xml”、“atom.xml”、“search/manifest.json”" in run.stderr
    assert "“kexie/site”、“kexie/feeds”、“kexie/search”" in run.stderr and "Traceback" not in run.stderr
