"""No foreign requests, and sharing metadata, on the real built site.

Readers in mainland China must get every page without any request to another
host (Google Fonts, CDNs …): the built HTML, CSS and JS may only load
resources from the site itself.  Links to other sites in article text
(<a href>) are fine, they are not requests.
"""

from __future__ import annotations

import gzip
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from conftest import page_text
from sitekit import REPO

REPORT_DIR = REPO / "test-output"


def _site_url() -> str:
    config = yaml.unsafe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    url = config["site_url"]
    return url if url.endswith("/") else url + "/"


SITE_URL = _site_url()


def is_foreign(url: str) -> bool:
    """An absolute or protocol-relative URL: it points to another host."""
    u = url.strip().lower()
    return u.startswith(("http://", "https://", "//"))


# ---------------------------------------------------------------- CSS scanning


def css_resource_urls(css: str) -> list[str]:
    """Targets of url(...) and @import in a piece of CSS, comments skipped.

    A small tokenizer, not a regex: material's CSS holds url("data:image/svg+xml,
    <svg xmlns='http://www.w3.org/2000/svg' …>") which a naive regex takes for
    a foreign URL, and /* https://… */ licence comments which are not requests.
    """
    out: list[str] = []
    i, n = 0, len(css)
    lower = css.lower()

    def read_string(j: int) -> tuple[str, int]:
        quote, j = css[j], j + 1
        buf = []
        while j < n and css[j] != quote:
            if css[j] == "\\" and j + 1 < n:
                buf.append(css[j + 1])
                j += 2
                continue
            buf.append(css[j])
            j += 1
        return "".join(buf), j + 1

    def skip_ws(j: int) -> int:
        while j < n and css[j] in " \t\r\n\f":
            j += 1
        return j

    def read_url(j: int) -> tuple[str, int]:
        # j is just after "url("
        j = skip_ws(j)
        if j < n and css[j] in "\"'":
            value, j = read_string(j)
        else:
            end = css.find(")", j)
            end = n if end < 0 else end
            value, j = css[j:end].strip(), end
        end = css.find(")", j)
        return value, (n if end < 0 else end + 1)

    while i < n:
        c = css[i]
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c in "\"'":
            _, i = read_string(i)
        elif lower.startswith("url(", i) and (i == 0 or not (css[i - 1].isalnum() or css[i - 1] in "-_")):
            value, i = read_url(i + 4)
            out.append(value)
        elif lower.startswith("@import", i):
            j = skip_ws(i + 7)
            if j < n and css[j] in "\"'":
                value, i = read_string(j)
                out.append(value)
            else:
                i = j  # "@import url(...)": the url( branch picks it up
        else:
            i += 1
    return out


# ---------------------------------------------------------------- HTML scanning

# <link rel=…> kinds that make the browser fetch or connect.
FETCHING_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon",
    "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest",
}
# element -> attributes holding one URL that is loaded
SRC_ATTRS = {
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),  # SVG
    "use": ("href", "xlink:href"),  # SVG
    "base": ("href",),
}
SRCSET_TAGS = {"img", "source"}


def srcset_urls(value: str) -> list[str]:
    urls = []
    for candidate in re.split(r",\s+", value.strip()):
        parts = candidate.strip().split()
        if parts:
            urls.append(parts[0].rstrip(","))
    return urls


class ResourceScanner(HTMLParser):
    """Collects every URL the page would load: (where, url)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.resources: list[tuple[str, str]] = []
        self._in_style = False
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        where = f"line {line} <{tag}>"
        if tag == "html" and self.html_lang is None:
            self.html_lang = a.get("lang")
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if "canonical" in rels:
                self.canonical.append(a.get("href", ""))
            if rels & FETCHING_RELS and a.get("href"):
                self.resources.append((f"{where} rel={a.get('rel')}", a["href"]))
            if "imagesrcset" in a:
                self.resources += [(f"{where} imagesrcset", u) for u in srcset_urls(a["imagesrcset"])]
        if tag == "meta" and a.get("property", "").startswith("og:"):
            self.meta.setdefault(a["property"], a.get("content", ""))
        for attr in SRC_ATTRS.get(tag, ()):
            if a.get(attr):
                self.resources.append((f"{where} {attr}", a[attr]))
        if tag in SRCSET_TAGS and a.get("srcset"):
            self.resources += [(f"{where} srcset", u) for u in srcset_urls(a["srcset"])]
        if a.get("style"):
            self.resources += [(f"{where} style=", u) for u in css_resource_urls(a["style"])]
        if tag == "style":
            self._in_style = True
            self._style_line = line

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self._in_style = False

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.resources += [(f"line {self._style_line} <style>", u) for u in css_resource_urls(data)]


def scan(path: Path) -> ResourceScanner:
    scanner = ResourceScanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner


def html_files(site: Path) -> list[Path]:
    files = sorted(site.rglob("*.html"))
    assert len(files) > 50, f"expected the whole seed site, found {len(files)} HTML files"
    return files


# ---------------------------------------------------------------- tests: requests


def test_scanner_sees_what_it_must():
    """The scanners themselves: they catch foreign loads and ignore what is not one."""
    css = """/* see https://fontawesome.com */ a{background:url("data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>")}
    @import "https://fonts.googleapis.com/css?family=Noto";
    @import url(//cdn.example.com/x.css); b{background-image:URL( 'https://cdn.example.com/i.png' )}
    c{mask:url(../img/local.svg)}"""
    assert [u for u in css_resource_urls(css) if is_foreign(u)] == [
        "https://fonts.googleapis.com/css?family=Noto", "//cdn.example.com/x.css", "https://cdn.example.com/i.png"]
    s = ResourceScanner()
    s.feed("""<html lang="zh"><head><link rel="preload stylesheet" href="https://cdn.example.com/a.css">
      <link rel="alternate" href="https://elsewhere.example.com/feed.xml"><style>@import url(https://x.example/y.css);</style></head>
      <body><a href="https://elsewhere.example.com/">ok</a><img src="a.png" srcset="b.png 1x, //cdn.example.com/c.png 2x">
      <div style="background:url('http://x.example/bg.png')"></div><iframe src="https://video.example/embed"></iframe></body></html>""")
    foreign = [u for _, u in s.resources if is_foreign(u)]
    assert foreign == ["https://cdn.example.com/a.css", "https://x.example/y.css", "//cdn.example.com/c.png",
                       "http://x.example/bg.png", "https://video.example/embed"]
    assert s.html_lang == "zh"


def test_html_loads_nothing_from_other_hosts(seed_site):
    problems = []
    for path in html_files(seed_site):
        for where, url in scan(path).resources:
            if is_foreign(url):
                problems.append(f"{path.relative_to(seed_site)} {where}: {url}")
    assert not problems, "built HTML loads resources from other hosts:\n" + "\n".join(problems)


def test_css_imports_nothing_from_other_hosts(seed_site):
    css_files = sorted(seed_site.rglob("*.css"))
    assert css_files, "no CSS in the built site"
    problems = []
    for path in css_files:
        for url in css_resource_urls(path.read_text(encoding="utf-8", errors="replace")):
            if is_foreign(url):
                problems.append(f"{path.relative_to(seed_site)}: url()/@import {url}")
    assert not problems, "built CSS loads resources from other hosts:\n" + "\n".join(problems)


# JS that loads code or styles from a URL: importScripts("…"), import("…"),
# import … from "…", and CSS strings inside JS ("@import url(…)").
JS_LOADS = re.compile(
    r"""(?:importScripts\s*\(\s*|import\s*\(\s*|\bfrom\s*|@import\s+(?:url\(\s*)?)["'`]((?:https?:)?//[^"'`\s]+)""",
    re.IGNORECASE,
)
JS_URL = re.compile(r"""https?://[^\s"'`<>()\\]+""")


def test_js_loads_nothing_from_other_hosts(seed_site):
    """JS must not import code from other hosts; other URLs in JS (licence
    comments, docs links, source maps) are reported in test-output/, not failed."""
    js_files = sorted([*seed_site.rglob("*.js"), *seed_site.rglob("*.map")])
    assert js_files, "no JS in the built site"
    problems, mentions = [], []
    for path in js_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(seed_site)
        if path.suffix == ".js":
            problems += [f"{rel}: loads {m.group(1)}" for m in JS_LOADS.finditer(text)]
        mentions += [f"{rel}: {u}" for u in sorted(set(JS_URL.findall(text)))]
    if mentions:
        REPORT_DIR.mkdir(exist_ok=True)
        report = REPORT_DIR / "offline-js-url-mentions.txt"
        report.write_text("\n".join(mentions) + "\n", encoding="utf-8")
        warnings.warn(f"{len(mentions)} http(s) URL mention(s) in built JS/source maps (allowed: comments, "
                      f"docs links, code paths not enabled here); listed in {report.relative_to(REPO)}")
    assert not problems, "built JS loads code from other hosts:\n" + "\n".join(problems)


def test_no_google_fonts_anywhere(seed_site):
    banned = (b"fonts.googleapis.com", b"fonts.gstatic.com")
    hits = []
    for path in sorted(p for p in seed_site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        hits += [f"{path.relative_to(seed_site)}: {b.decode()}" for b in banned if b in data.lower()]
    assert not hits, "Google Fonts referenced in the built site (unreachable in mainland China):\n" + "\n".join(hits)


# ---------------------------------------------------------------- tests: Open Graph


def test_open_graph_on_every_page(seed_site):
    assert SITE_URL.startswith("https://"), f"site_url in mkdocs.yml should be https: {SITE_URL}"
    problems = []
    pages = [p for p in html_files(seed_site) if p.relative_to(seed_site).as_posix() != "404.html"]
    for path in pages:
        if path.relative_to(seed_site).parts[0] == "a":  # short addresses: their canonical is the article (test_channels_print)
            continue
        rel = path.relative_to(seed_site).as_posix()
        s = scan(path)
        og = s.meta
        for prop in ("og:title", "og:description", "og:image", "og:url"):
            if not og.get(prop, "").strip():
                problems.append(f"{rel}: missing or empty {prop}")
        image = og.get("og:image", "")
        if image and not (image.startswith("https://") and image.startswith(SITE_URL)):
            problems.append(f"{rel}: og:image {image!r} is not an absolute https URL under {SITE_URL}")
        if len(s.canonical) != 1:
            problems.append(f"{rel}: expected one <link rel=canonical>, found {s.canonical}")
            continue
        canonical = s.canonical[0]
        parts = urlsplit(canonical)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(f"{rel}: canonical URL {canonical!r} is not absolute")
        expected = SITE_URL + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        if canonical != expected:
            problems.append(f"{rel}: canonical {canonical!r}, expected {expected!r}")
        if og.get("og:url") and og["og:url"] != canonical:
            problems.append(f"{rel}: og:url {og['og:url']!r} differs from canonical {canonical!r}")
    assert not problems, f"Open Graph problems on {len(pages)} pages:\n" + "\n".join(problems)


def test_open_graph_image_is_in_the_site(seed_site):
    """og:image must name a file the site really publishes, or shares show no picture."""
    missing = {}
    for path in html_files(seed_site):
        image = scan(path).meta.get("og:image", "")
        if image.startswith(SITE_URL):
            target = seed_site / image[len(SITE_URL):].split("?")[0].split("#")[0]
            if not target.is_file():
                missing.setdefault(image, []).append(path.relative_to(seed_site).as_posix())
    assert not missing, "og:image points to files not in the built site:\n" + "\n".join(
        f"{img} (on {len(pages)} pages, e.g. {pages[0]})" for img, pages in missing.items())


# ---------------------------------------------------------------- tests: dates, language


def test_issue_page_shows_print_date(seed_site):
    text = re.sub(r"\s+", " ", page_text(seed_site, "issues/2023-02"))
    assert "2023年4月30日" in text, text[:500]


def test_html_lang_is_zh(seed_site):
    assert scan(seed_site / "index.html").html_lang == "zh"
    wrong = [f"{p.relative_to(seed_site)}: {scan(p).html_lang!r}" for p in html_files(seed_site) if scan(p).html_lang != "zh"]
    assert not wrong, "pages without <html lang=\"zh\">:\n" + "\n".join(wrong)
