"""What changed since the last publish, and the push of it to Baidu's 普通收录 API.

Run by ``scripts/publish.sh`` in the publish job, which has the built site/ but no .venv:
standard library only.

- ``list``: every sitemap address's digest (its ``<title>`` and article text, so a new
  header or footer does not count as a change) is compared with the manifest of the
  last publish (``kexie-pages.json``, published with the site: read from a folder target,
  else fetched from the live site); the addresses new or changed are written one a
  line, and the new manifest into site/ (uploaded with it).
- ``push``: posts that list to ``http://data.zz.baidu.com/urls?site=…&token=…``
  (``BAIDU_PUSH_TOKEN``, a CI secret; ``BAIDU_PUSH_ENDPOINT`` to point elsewhere),
  2,000 addresses a request (the API's limit); a refusal is reported, never fatal:
  the site is published already.

    PYTHONPATH=plugins python3 -m kexie.channels.changes list --site site --target "$PUBLISH_TARGET" --out changed-urls.txt
    PYTHONPATH=plugins python3 -m kexie.channels.changes push changed-urls.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..core.messages import render

MANIFEST = "kexie-pages.json"
ENDPOINT = "http://data.zz.baidu.com/urls"
PER_REQUEST = 2000
LOC = re.compile(r"<loc>([^<]+)</loc>")
TITLE = re.compile(rb"<title>.*?</title>", re.S)
ARTICLE = re.compile(rb'<article class="md-content__inner.*?</article>', re.S)


def sitemap_names(site: Path) -> list[str]:
    extra = sorted((p.name for p in site.glob("sitemap-*.xml")), key=lambda n: int(re.sub(r"\D", "", n) or 0))
    return ["sitemap.xml", *extra] if (site / "sitemap.xml").is_file() else []


def addresses(site: Path) -> list[str]:
    return [u for name in sitemap_names(site) for u in LOC.findall((site / name).read_text(encoding="utf-8"))]


def digest(page: bytes) -> str:
    parts = TITLE.findall(page)[:1] + (ARTICLE.findall(page)[:1] or [page])
    return hashlib.sha256(b"\n".join(parts)).hexdigest()[:20]


def manifest(site: Path) -> dict[str, str]:
    """address → digest of what a reader sees there; the first address is the home page (the site's URL)."""
    urls = addresses(site)
    base = min(urls, key=len) if urls else ""  # the home page: every other address starts with it
    out = {}
    for url in urls:
        rel = urllib.parse.unquote(url[len(base):]) if url.startswith(base) else ""
        path = site / rel / "index.html" if not rel or rel.endswith("/") else site / rel
        if path.is_file():
            out[url] = digest(path.read_bytes())
    return out


def previous(target: str, site_url: str) -> dict[str, str] | None:
    """The last publish's manifest: in a folder target, else from the live site; None if there is none."""
    local = Path(target) if target and not re.match(r"^[a-z0-9]+://|^[^/]*:", target) else None
    try:
        if local is not None:
            return json.loads((local / MANIFEST).read_text(encoding="utf-8")) if (local / MANIFEST).is_file() else None
        with urllib.request.urlopen(site_url + MANIFEST, timeout=10) as r:
            return json.loads(r.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError):
        return None


def changed(current: dict[str, str], before: dict[str, str] | None) -> list[str]:
    return [u for u, d in current.items() if before is None or before.get(u) != d]


def push(urls: list[str], token: str, site_url: str, endpoint: str = ENDPOINT) -> list[tuple[int, dict]]:
    """(HTTP status, Baidu's JSON answer) of each request of up to 2,000 addresses."""
    site = site_url.rstrip("/")
    query = urllib.parse.urlencode({"site": site, "token": token})
    answers = []
    for start in range(0, len(urls), PER_REQUEST):
        body = "\n".join(urls[start:start + PER_REQUEST]).encode("utf-8")
        request = urllib.request.Request(f"{endpoint}?{query}", data=body, method="POST", headers={"Content-Type": "text/plain"})
        try:
            with urllib.request.urlopen(request, timeout=20) as r:
                answers.append((r.status, _json(r.read())))
        except urllib.error.HTTPError as e:
            answers.append((e.code, _json(e.read())))
        except (OSError, urllib.error.URLError) as e:
            answers.append((0, {"message": str(getattr(e, "reason", e))}))
    return answers


def _json(data: bytes) -> dict:
    try:
        value = json.loads(data.decode("utf-8", "replace"))
        return value if isinstance(value, dict) else {}
    except ValueError:
        return {"message": data[:200].decode("utf-8", "replace")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m kexie.channels.changes")
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list")
    listing.add_argument("--site", type=Path, default=Path("site"))
    listing.add_argument("--target", default=os.environ.get("PUBLISH_TARGET", ""))
    listing.add_argument("--out", type=Path, required=True)
    pushing = sub.add_parser("push")
    pushing.add_argument("list", type=Path)
    args = parser.parse_args(argv)
    if args.command == "list":
        current = manifest(args.site)
        if not current:
            print(render("channels.no_sitemap", site=args.site), file=sys.stderr)
            return 0
        site_url = min(current, key=len)
        before = previous(args.target, site_url)
        urls = changed(current, before)
        args.out.write_text("".join(u + "\n" for u in urls), encoding="utf-8")
        (args.site / MANIFEST).write_text(json.dumps(current, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        print(render("channels.urls_changed" if before is not None else "channels.urls_first", n=len(urls), total=len(current), out=args.out))
        return 0
    token = os.environ.get("BAIDU_PUSH_TOKEN", "")
    urls = [u for u in args.list.read_text(encoding="utf-8").split() if u] if args.list.is_file() else []
    if not token or not urls:
        print(render("channels.push_skipped" if not token else "channels.push_nothing"))
        return 0
    site_url = urllib.parse.urlsplit(urls[0])._replace(path="/", query="", fragment="").geturl()
    for status, answer in push(urls, token, site_url, os.environ.get("BAIDU_PUSH_ENDPOINT") or ENDPOINT):
        if status == 200 and "success" in answer:
            print(render("channels.push_ok", n=answer.get("success"), remain=answer.get("remain", "?")))
        else:
            print(render("channels.push_failed", status=status, message=answer.get("message", answer)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
