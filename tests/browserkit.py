"""Reusable browser-test parts: a local server for a built site, a request
recorder, and axe-core run inside the page.

Any test module can use them (pages, search …):

    with serve(site_dir) as base, chromium_browser() as browser:
        view = PageView(browser, base, PHONE)
        view.goto("issues/2023-02/")
        assert not view.requests.problems()
        assert not run_axe(view.page)
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # 2.2: target size (2.5.8)
TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Screen:
    name: str
    width: int
    height: int
    mobile: bool


PHONE = Screen("phone", 375, 812, True)
DESKTOP = Screen("desktop", 1366, 900, False)
SCREENS = (PHONE, DESKTOP)


def need_chromium() -> Path:
    """Chromium's path, or a clear skip/fail when it is missing."""
    if not CHROMIUM.exists():
        if os.environ.get("KEXIE_SKIP_BROWSER") == "1":
            pytest.skip("KEXIE_SKIP_BROWSER=1: browser tests skipped")
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's chromium. Run scripts/test.sh, "
                    "which installs it (apt-get install chromium), or set KEXIE_SKIP_BROWSER=1 to skip them.",
                    pytrace=False)
    return CHROMIUM


@contextlib.contextmanager
def chromium_browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        pytest.fail("playwright is not installed in .venv: run scripts/test.sh (it installs the test tools)", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(need_chromium()), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def serve(site: Path):
    """``site`` on http://127.0.0.1:<free port>/; a missing page gets 404.html with status 404, as on the real host."""

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            page = site / "404.html"
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name=f"http-{site.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@dataclass
class RequestLog:
    """Every request a page view makes: failures, foreign hosts, bytes."""

    host: str = "127.0.0.1"
    urls: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "GET url: status or error"
    foreign: list[str] = field(default_factory=list)
    bytes: int = 0

    def attach(self, context) -> None:
        context.route("**/*", self._route)
        # requests that bypass routing (workers …) still show up here
        context.on("request", self._request)
        context.on("requestfailed", lambda r: self.failed.append(f"{r.method} {r.url}: {r.failure}"))
        context.on("requestfinished", self._finished)

    def clear(self) -> None:
        self.urls.clear(), self.failed.clear(), self.foreign.clear()
        self.bytes = 0

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("data", "blob", "about") or parts.hostname == self.host

    def _route(self, route):
        if self.is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _request(self, request) -> None:
        if urlsplit(request.url).scheme in ("data", "blob", "about"):
            return
        self.urls.append(request.url)
        if not self.is_local(request.url) and request.url not in self.foreign:
            self.foreign.append(request.url)

    def _finished(self, request) -> None:
        try:
            response = request.response()
        except Exception:  # the page closed while the request finished
            return
        if response is not None and response.status >= 400:
            self.failed.append(f"{request.method} {request.url}: HTTP {response.status}")
        with contextlib.suppress(Exception):
            self.bytes += request.sizes()["responseBodySize"]

    def sitemap_fetches(self) -> list[str]:
        return [u for u in self.urls if urlsplit(u).path.endswith("sitemap.xml")]

    def problems(self, allow_status: tuple[str, ...] = ()) -> list[str]:
        """Failed requests (except URLs in ``allow_status``), foreign hosts and sitemap.xml fetches."""
        out = [f"failed: {f}" for f in self.failed if not any(f.startswith(f"GET {a}:") for a in allow_status)]
        out += [f"other host: {u}" for u in self.foreign]
        out += [f"sitemap.xml fetched during a page view: {u}" for u in self.sitemap_fetches()]
        return out


class PageView:
    """A browser tab on one screen size whose requests are recorded and kept on 127.0.0.1."""

    def __init__(self, browser, base: str, screen: Screen = PHONE):
        self.base, self.screen = base, screen
        self.requests = RequestLog()
        options = dict(viewport={"width": screen.width, "height": screen.height}, locale="zh-CN",
                       service_workers="block")
        if screen.mobile:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        self.context = browser.new_context(**options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.requests.attach(self.context)
        self.page = self.context.new_page()

    def goto(self, url: str, settle_ms: int = 300, wait_until: str = "networkidle"):
        """Open ``url`` (site-relative) and wait until the network is quiet, so late fetches are recorded."""
        response = self.page.goto(self.base + url, wait_until=wait_until)
        self.page.wait_for_timeout(settle_ms)
        return response

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path.lstrip("/")

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)

    def close(self) -> None:
        self.context.close()


def run_axe(page, tags: list[str] = AXE_TAGS, exclude: tuple[str, ...] = ()) -> list[str]:
    """axe-core (from node_modules, injected into the page) → one line per violation and element.

    ``exclude``: CSS selectors of regions another test checks (each caller says why)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (scripts/test.sh does) to install axe-core", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""([tags, exclude]) => axe.run(exclude.length ? {include: [document], exclude: exclude.map(s => [s])} : document,
                                    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""", [tags, list(exclude)])
    lines = []
    for v in result["violations"]:
        for node in v["nodes"]:
            target = " ".join(json.dumps(t, ensure_ascii=False) if not isinstance(t, str) else t for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"{v['id']} ({v['impact']}): {target}: {summary[:240]}")
    return lines


def retype(box, text: str) -> None:
    """As an editor corrects a field: select what is there, type over it."""
    box.click()
    box.press("Control+a")
    box.press_sequentially(text)
    assert box.input_value() == text
