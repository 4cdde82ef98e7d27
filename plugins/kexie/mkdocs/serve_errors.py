"""`mkdocs serve` with content problems: keep serving, show them in the browser.

Every address of the site answers with one page listing the problems in
Chinese (as index.html and as the 404 page the preview server falls back to);
the web editor (admin/) stays, so the mistake can be mended where it was made.  The page
asks the server for its home page every second (a 404 address would log a
warning each time) and reloads once the answer no longer is this page,
i.e. when the editor has fixed and saved the files.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.structure.files import Files

from ..core.messages import render
from .build_swap import _empty
from ..core.problems import Problem

MARKER = "kexie-content-problems"


def only_assets(files: Files) -> Files:
    """Drop every page: nothing is built from content that failed its checks."""
    return Files([f for f in files if not f.is_documentation_page()])


class _NavOfDroppedPages(logging.Filter):
    """MkDocs' English notes that the nav names pages we dropped on purpose (above): noise
    beside the Chinese problem list."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (paused and "is included in the 'nav'" in record.getMessage())


paused = False
logging.getLogger("mkdocs.structure.nav").addFilter(_NavOfDroppedPages())


def pause(on: bool) -> None:
    """While content has problems the preview builds no pages: quiet about that."""
    global paused
    paused = on


def page(problems: list[Problem]) -> str:
    items = "\n".join(f"<li><code>{html.escape(p.where)}</code> {html.escape(_what(p))}</li>" for p in problems)
    title = html.escape(render("serve.title", n=len(problems)))
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:16px/1.7 system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}
h1{{color:#b71c1c;font-size:1.5rem}}li{{margin:.6rem 0}}code{{background:#f5f5f5;padding:0 .3em}}</style></head>
<body id="{MARKER}"><h1>{title}</h1><p>{html.escape(render("serve.intro"))}</p><ol>
{items}
</ol>
<script>
setInterval(function () {{
  fetch("/", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }}).then(function (t) {{
    if (t.indexOf("{MARKER}") < 0) location.reload();
  }}).catch(function () {{}});
}}, 1000);
</script></body></html>
"""


def _what(problem: Problem) -> str:
    """The message without its leading file and line, which the page shows apart."""
    return str(problem).removeprefix(problem.where).lstrip(" ：:")


def write_pages(site_dir: str, problems: list[Problem]) -> None:
    """Only the problem page and the web editor are left: any other address falls back to
    the page (serve --dirty too)."""
    _empty(Path(site_dir), keep=("admin",))
    text = page(problems)
    for name in ("index.html", "404.html"):
        (Path(site_dir) / name).write_text(text, encoding="utf-8")


def remove_pages(site_dir: str) -> None:
    """The problem pages, once content is good again (serve --dirty keeps a newer index.html)."""
    for name in ("index.html", "404.html"):
        path = Path(site_dir) / name
        try:
            if MARKER in path.read_text(encoding="utf-8", errors="replace"):
                path.unlink()
        except OSError:
            pass
