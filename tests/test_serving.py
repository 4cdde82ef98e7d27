"""A fast first visit: precompressed copies, the shipped nginx rules serving them
with cache and security headers, and valid HTML (W3C Nu HTML Checker) on one page
of each kind.  Real nginx, real Chromium, the seed site."""

from __future__ import annotations

import brotli
import gzip
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from browserkit import PHONE, PageView, chromium_browser
from kexie.serving.csp import site_hashes
from kexie.serving.precompress import precompress
from nginxkit import DEPLOY, nginx_serving

REPO = Path(__file__).resolve().parent.parent
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KINDS = ["index.html", "issues/index.html", "issues/2023-02/index.html", "issues/2023-02/li-weirong/index.html",
         "issues/2023-02/jiebang-guashuai/index.html", "people/li-weirong/index.html", "orgs/tianjin-kexie/index.html",
         "sections/chuangxin-daren/index.html", "news/index.html", "search/index.html", "404.html"]


@pytest.fixture(scope="module")
def packed(seed_site, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("packed") / "site"
    shutil.copytree(seed_site, site)
    tally = precompress(site)
    assert tally.files > 100 and tally.br < tally.gz < tally.raw / 2
    return site


def fetch(url: str, encoding: str | None = None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_precompressed_copies_are_the_same_text(packed):
    for rel in ["index.html", "issues/2023-02/index.html", "feed.xml"]:
        raw = (packed / rel).read_bytes()
        assert gzip.decompress((packed / (rel + ".gz")).read_bytes()) == raw
        assert brotli.decompress((packed / (rel + ".br")).read_bytes()) == raw
    css = next((packed / "assets" / "stylesheets").glob("main.*.min.css"))
    assert Path(str(css) + ".br").stat().st_size < css.stat().st_size / 5
    assert not list(packed.rglob("*.webp.gz")) and not list(packed.rglob("*.jpg.br")), "photos are compressed already"


def test_nginx_sends_the_copies_with_cache_and_security_headers(packed, tmp_path):
    css = next((packed / "assets" / "stylesheets").glob("main.*.min.css")).relative_to(packed).as_posix()
    with nginx_serving(packed, tmp_path / "nginx") as base:
        status, headers, body = fetch(base + "issues/2023-02/", "br, gzip")
        assert status == 200 and headers["Content-Encoding"] == "br"
        assert body == (packed / "issues/2023-02/index.html.br").read_bytes()
        assert headers["Cache-Control"] == "public, max-age=300" and "Accept-Encoding" in headers["Vary"]
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert fetch(base + css, "gzip")[1]["Content-Encoding"] == "gzip"
        assert "immutable" in fetch(base + css, "gzip")[1]["Cache-Control"]
        status, headers, body = fetch(base + "feed.xml")
        assert status == 200 and "Content-Encoding" not in headers and headers["Cache-Control"] == "public, max-age=300"
        status, headers, body = fetch(base + "no-such-page/")
        assert status == 404 and "页面未找到" in body.decode() and headers["X-Content-Type-Options"] == "nosniff"
        # a browser under that policy: every inline script allowed, nothing blocked
        with chromium_browser() as browser:
            view = PageView(browser, base, PHONE)
            errors: list[str] = []
            view.page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            for url in ["", "issues/2023-02/li-weirong/", "search/?q=镁合金"]:
                view.goto(url)
            assert view.page.locator("[data-kx-reading-toggle]").is_visible()
            assert not errors and not view.requests.problems(), errors + view.requests.problems()
            view.close()


def test_the_shipped_policy_lists_every_inline_script_of_the_site(seed_site):
    shipped = (DEPLOY / "qyqx-headers.conf").read_text(encoding="utf-8")
    allowed = set(re.findall(r"'sha256-[^']+'", shipped))
    missing = site_hashes(seed_site) - allowed
    assert not missing, ("deploy/nginx/qyqx-headers.conf lacks inline-script hashes: run "
                         "`.venv/bin/python -m kexie.serving.csp site/` and paste its script-src line there: " + " ".join(sorted(missing)))


def test_nu_html_checker_finds_no_error_on_any_page_kind(seed_site):
    java = shutil.which("java")
    if not VNU.is_file() or not java:
        pytest.fail("the Nu HTML Checker needs node_modules/vnu-jar (npm ci) and java "
                    "(apt-get install default-jre-headless; scripts/test.sh installs both)", pytrace=False)
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "text", *KINDS],
                            cwd=seed_site, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
