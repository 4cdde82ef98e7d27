"""Search engines: flat sitemaps Baidu accepts (no index file, ≤ 50,000 URLs and ≤ 10 MB
each, ASCII addresses ≤ 256 bytes, lastmod from content), the addresses new or changed
since the last publish, and their push to Baidu's 普通收录 API from scripts/publish.sh,
received by a local HTTP server that records the request."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kexie.channels import sitemaps
from sitekit import REPO, article, make_site

SITE_URL = "https://qyqx.example.cn/"


def locs(site: Path, name: str = "sitemap.xml") -> dict[str, str]:
    text = (site / name).read_text(encoding="ascii")
    return dict(re.findall(r"<url><loc>([^<]+)</loc><lastmod>([^<]+)</lastmod></url>", text))


def test_sitemap_files_stay_within_baidus_limits():
    day = dt.date(2023, 4, 30)
    many = [sitemaps.Entry(f"{SITE_URL}news/n{i}/", day) for i in range(120_001)]
    files, too_long = sitemaps.files(many)
    assert list(files) == ["sitemap.xml", "sitemap-2.xml", "sitemap-3.xml"] and not too_long
    assert [f.count(b"<url>") for f in files.values()] == [50_000, 50_000, 20_001]
    long = [sitemaps.Entry(f"{SITE_URL}news/{'x' * 220}{i:06d}/", day) for i in range(45_000)]  # ~290 bytes a line
    files, _ = sitemaps.files(long)
    assert len(files) == 2 and all(len(f) <= sitemaps.MAX_BYTES for f in files.values())
    assert sum(f.count(b"<url>") for f in files.values()) == 45_000
    _, too_long = sitemaps.files([sitemaps.Entry(SITE_URL + "news/" + "y" * 240 + "/", day)])
    assert len(too_long) == 1


def test_built_sitemap_is_flat_ascii_and_dated_by_content(tmp_path):
    site = make_site(tmp_path)
    site.write("news/later.md", article("后来的新闻", "地方动态", None, date="2023-12-05"))
    assert site.build("--strict").returncode == 0
    assert not (site.out / "sitemap.xml.gz").exists() and "sitemapindex" not in (site.out / "sitemap.xml").read_text()
    entries = locs(site.out)
    assert all(len(u.encode("ascii")) <= 256 and u.startswith(SITE_URL) for u in entries)
    assert entries[SITE_URL + "issues/2023-02/li-weirong/"] == "2023-04-30"  # the print date
    assert entries[SITE_URL + "news/tianjin/"] == "2023-10-01"
    assert entries[SITE_URL + "issues/2023-02/"] == "2023-04-30"  # its newest article, not the newest on the site
    assert entries[SITE_URL] == "2023-12-05"
    assert not [u for u in entries if "/search/" in u or "/admin/" in u or "/a/" in u]
    pages = {SITE_URL + p.parent.relative_to(site.out).as_posix() + "/" for p in site.out.rglob("index.html")}
    assert set(entries) <= {u.replace("/./", "/") for u in pages}
    assert "Sitemap: https://qyqx.example.cn/sitemap.xml" in (site.out / "robots.txt").read_text()
    # the build clock plays no part: a later build writes the same bytes
    first = (site.out / "sitemap.xml").read_bytes()
    assert site.build("--strict").returncode == 0 and (site.out / "sitemap.xml").read_bytes() == first


class Baidu:
    """A local stand-in for data.zz.baidu.com/urls that records each request and answers as Baidu does."""

    def __init__(self):
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                outer.requests.append({"path": self.path, "type": self.headers["Content-Type"], "urls": body.split("\n")})
                answer = json.dumps({"remain": 2990, "success": len(body.split("\n"))}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/urls"


def publish(root: Path, target: Path, baidu: Baidu) -> subprocess.CompletedProcess:
    env = {**os.environ, "PUBLISH_TARGET": f"{target}/", "BAIDU_PUSH_TOKEN": "s3cret", "BAIDU_PUSH_ENDPOINT": baidu.url}
    run = subprocess.run(["bash", "scripts/publish.sh"], cwd=root, capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    return run


def test_publish_lists_and_pushes_only_what_changed(tmp_path):
    site = make_site(tmp_path / "src")
    assert site.build("--strict").returncode == 0
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts/publish.sh", root / "scripts/publish.sh")
    (root / "plugins").symlink_to(REPO / "plugins")
    shutil.copytree(site.out, root / "site")
    target, baidu = tmp_path / "www", Baidu()
    try:
        first = publish(root, target, baidu)
        assert "全部" in first.stdout and "已向百度推送" in first.stdout
        (request,) = baidu.requests
        assert parse_qs(urlsplit(request["path"]).query) == {"site": ["https://qyqx.example.cn"], "token": ["s3cret"]}
        assert request["type"] == "text/plain" and set(request["urls"]) == set(locs(site.out))
        assert (target / "kexie-pages.json").is_file()  # the manifest went up with the site
        # an edited article: only its address is new to search engines; a template change elsewhere is not
        site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["李卫荣"], authors=["张婷"], body="改过的正文。\n"))
        site.write("news/new-item.md", article("新的新闻", "地方动态", None, date="2023-10-01"))
        assert site.build("--strict").returncode == 0
        shutil.rmtree(root / "site")
        shutil.copytree(site.out, root / "site")
        second = publish(root, target, baidu)
        assert "新增或改动的网址" in second.stdout
        pushed = set(baidu.requests[1]["urls"])
        assert {SITE_URL + "issues/2023-02/li-weirong/", SITE_URL + "news/new-item/"} <= pushed
        assert SITE_URL + "issues/2023-02/juan-shou-yu/" not in pushed
        assert pushed == set((root / ".kexie/changed-urls.txt").read_text().split())
    finally:
        baidu.server.shutdown()
