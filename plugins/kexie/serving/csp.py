"""The inline scripts of a built site as Content-Security-Policy hashes.

material writes a few inline scripts (``__md_scope`` per folder depth, the
tab-target one) and reading.html one more; a CSP without ``'unsafe-inline'``
must list their hashes.  deploy/nginx/qyqx-headers.conf carries them; after an
upgrade of mkdocs-material, run

    python -m kexie.serving.csp site/

and replace the ``script-src`` hashes there with what it prints
(tests/test_serving.py fails until they match).  The web editor (admin/) has
its own policy and is left out.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

_INLINE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_SCOPE = re.compile(r'__md_scope=new URL\("(?P<base>[./]*)",location\)')
DEPTHS = ["/", "."] + ["/".join([".."] * n) for n in range(1, 7)]  # folders up to six deep


def inline_scripts(html: str) -> list[str]:
    """The executable inline scripts of one page (not JSON data, not src=)."""
    out = []
    for match in _INLINE.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs:
            continue
        out.append(match.group("body"))
    return out


def sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def site_hashes(site: Path) -> set[str]:
    """Every inline script's hash in ``site`` (admin/ left out), with material's
    ``__md_scope`` script for every folder depth up to six, as deeper pages may come."""
    scripts: set[str] = set()
    for page in site.rglob("*.html"):
        if page.relative_to(site).parts[0] == "admin":
            continue
        scripts.update(inline_scripts(page.read_text(encoding="utf-8")))
    for script in list(scripts):
        if _SCOPE.search(script):
            scripts.update(_SCOPE.sub(f'__md_scope=new URL("{base}",location)', script, count=1) for base in DEPTHS)
    return {sha256(s) for s in scripts}


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    site = Path(args[0] if args else "site")
    if not (site / "index.html").is_file():
        print(f"{site}/ 里没有构建好的网站（缺少 index.html）；先运行 bash scripts/build.sh", file=sys.stderr)
        return 1
    print("script-src 'self' " + " ".join(sorted(site_hashes(site))) + ";")
    return 0


if __name__ == "__main__":
    sys.exit(main())
