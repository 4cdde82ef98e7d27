"""The built site in a real browser, on a phone-sized screen, fully offline.

Debian's Chromium (/usr/bin/chromium, installed by scripts/test.sh) driven by
Playwright; the seed site is served from 127.0.0.1 and every request to any
other host is blocked and recorded.  Screenshots of the reader journey go to
test-output/screenshots/.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitekit import REPO

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
WIDTH, HEIGHT = 375, 812
SHOTS = REPO / "test-output" / "screenshots"
TIMEOUT_MS = 10_000

ISSUE = "issues/2023-02/"
ARTICLE_TITLE = "李卫荣：争当医用镁合金技术开发与产业化的排头兵"
PHONE_PAGES = ["", "issues/", "issues/2023-02/", "people/", "people/li-weirong/", "orgs/tianjin-kexie/",
               "news/", "sections/chuangxin-daren/"]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("KEXIE_SKIP_BROWSER") == "1":
            pytest.skip("KEXIE_SKIP_BROWSER=1: browser tests skipped")
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's chromium. Run scripts/test.sh, "
                    "which installs it (apt-get install chromium), or set KEXIE_SKIP_BROWSER=1 to skip them.",
                    pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="module")
def server(chromium, seed_site):
    """The seed site on http://127.0.0.1:<free port>/, served from a background thread."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(seed_site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="seed-site-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def browser(chromium):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        pytest.fail("playwright is not installed in .venv: run scripts/test.sh (it installs the test tools)", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


class Tab:
    """A phone-sized page whose requests may only go to 127.0.0.1."""

    def __init__(self, browser, base: str):
        self.base = base
        self.foreign: list[str] = []
        self.context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True,
                                           has_touch=True, device_scale_factor=2, locale="zh-CN",
                                           service_workers="block")
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.route("**/*", self._route)
        # Requests that bypass routing (workers …) still show up here.
        self.context.on("request", lambda r: self._check(r.url))
        self.page = self.context.new_page()

    def _check(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        if parts.hostname == "127.0.0.1":
            return True
        if url not in self.foreign:
            self.foreign.append(url)
        return False

    def _route(self, route):
        if self._check(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def goto(self, url: str):
        response = self.page.goto(self.base + url)
        assert response is not None and response.ok, f"GET /{url}: {response and response.status}"
        return response

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path.lstrip("/")

    def screenshot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / name))

    def scroll_width(self) -> int:
        return self.page.evaluate("document.documentElement.scrollWidth")

    def horizontal_overflow(self) -> str | None:
        """None, or what is wider than the 375 px screen."""
        width = self.scroll_width()
        if width > WIDTH + 1:
            culprits = self.page.evaluate(
                """(w) => [...document.querySelectorAll('body *')]
                     .filter(e => e.getBoundingClientRect().right > w + 1 && e.getClientRects().length)
                     .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
                        ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                        + ' right=' + Math.round(e.getBoundingClientRect().right))""", WIDTH)
            return (f"/{self.path}: document scrollWidth {width}px > {WIDTH}px, the page scrolls sideways; "
                    f"elements reaching past the right edge: {culprits}")
        return None

    def assert_no_foreign_requests(self) -> None:
        assert not self.foreign, "requests to hosts other than 127.0.0.1 were attempted (blocked):\n" + "\n".join(self.foreign)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, server):
    t = Tab(browser, server)
    try:
        yield t
    finally:
        t.close()


def open_search(tab: Tab, query: str):
    """Phone header: the magnifier label opens our search dialog; type and wait for results."""
    page = tab.page
    icon = page.locator('.md-header label[for="__search"]')
    assert icon.count() > 0, (f"/{tab.path}: no search icon (label[for=\"__search\"]) in the header, "
                              "so readers cannot search on a phone")
    icon.first.click()
    field = page.locator("[data-kx-search] input[data-kx-search-input]").first
    field.wait_for(state="visible")
    field.fill(query)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    page.wait_for_timeout(300)  # let material's fade-in end, so screenshots show the results
    return results


def result_links(tab: Tab) -> list[str]:
    hrefs = tab.page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


# ---------------------------------------------------------------- tests


def test_reader_journey(tab):
    soft: list[str] = []  # problems that do not stop the journey; reported at the end
    try:
        reader_journey(tab, soft)
    except Exception as e:
        if soft:
            raise AssertionError(f"{type(e).__name__}: {e}\n\nalso found on the way:\n" + "\n".join(soft)) from e
        raise
    assert not soft, "\n".join(soft)
    tab.assert_no_foreign_requests()


def reader_journey(tab: Tab, soft: list[str]) -> None:
    """Home → latest issue → CONTENTS → article → search 镁合金 → result → search 职称评定."""
    page = tab.page

    # 1. home
    tab.goto("")
    tab.screenshot("01-home.png")

    # 2. the latest issue, from the home page
    page.locator(".md-content a", has_text="2023年第2期").first.click()
    page.wait_for_url(tab.base + ISSUE)
    tab.screenshot("02-issue.png")
    contents = page.locator(".kx-contents")
    assert contents.get_by_role("heading", name=re.compile("CONTENTS")).is_visible()
    entries = page.locator(".kx-contents__entries li")
    assert entries.count() >= 20, f"only {entries.count()} CONTENTS entries"
    hidden = [squash(entries.nth(i).inner_text()) for i in range(entries.count()) if not entries.nth(i).is_visible()]
    assert not hidden, f"CONTENTS entries not visible: {hidden}"
    if problem := tab.horizontal_overflow():
        soft.append(problem)

    # 3. an article from the CONTENTS
    entry = page.locator(".kx-contents__entries a", has_text=ARTICLE_TITLE)
    entry.scroll_into_view_if_needed()
    tab.screenshot("03-issue-contents.png")
    entry.click()
    page.wait_for_url(tab.base + ISSUE + "li-weirong/")
    tab.screenshot("04-article.png")
    locator = squash(page.locator(".kx-article__locator").inner_text())
    assert locator == "2023年第2期 · 创新达人 · 第42页", locator
    assert squash(page.locator(".kx-article__header h1").inner_text()) == ARTICLE_TITLE
    assert page.locator(".kx-article__header h1").is_visible()

    # 4. search 镁合金 → the article
    open_search(tab, "镁合金")
    tab.screenshot("05-search-meihejin.png")
    links = result_links(tab)
    assert ISSUE + "li-weirong/" in links, f"search 镁合金: results {links}"
    page.locator(".md-search-result__item a").nth(links.index(ISSUE + "li-weirong/")).click()
    page.wait_for_url(re.compile(re.escape(tab.base + ISSUE + "li-weirong/") + r"(\?[^#]*)?(#.*)?$"))
    assert tab.path == ISSUE + "li-weirong/"
    tab.screenshot("06-search-result-opened.png")

    # 5. search again, from the article page: 职称评定 → the 天津市科协 article among the results
    open_search(tab, "职称评定")
    tab.screenshot("07-search-zhicheng.png")
    links = result_links(tab)
    assert ISSUE + "tianjin-kexie-zhicheng/" in links, f"search 职称评定: results {links}"


def test_phone_layout(tab):
    """No horizontal scrolling at 375 px; article text big and airy enough to read on a phone."""
    problems = []
    for url in [*PHONE_PAGES, ISSUE + "li-weirong/"]:  # the list, then the article measured below
        tab.goto(url)
        if problem := tab.horizontal_overflow():
            problems.append(problem)
    font_px, line_px = tab.page.locator(".kx-article > p").first.evaluate(
        """p => { const s = getComputedStyle(p);
                  return [parseFloat(s.fontSize), s.lineHeight === 'normal' ? NaN : parseFloat(s.lineHeight)]; }""")
    if font_px < 14:
        problems.append(f"article body text is {font_px}px, smaller than 14px")
    if not line_px >= 1.6 * font_px:
        problems.append(f"article line-height {line_px}px is under 1.6 × {font_px}px")
    assert not problems, "\n".join(problems)

    tab.assert_no_foreign_requests()
