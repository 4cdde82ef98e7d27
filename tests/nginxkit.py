"""Run the shipped nginx rules (deploy/nginx/qyqx-site.conf) on a built site, on 127.0.0.1.

    with nginx_serving(site_dir) as base:
        urllib.request.urlopen(base + "index.html")
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/etc/nginx/modules-enabled")
MODULES = Path("/usr/lib/nginx/modules")


def need_nginx() -> str:
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: the serving test needs Debian's nginx and its brotli module. Run scripts/test.sh, "
                    "which installs them (apt-get install nginx-light libnginx-mod-http-brotli-static)", pytrace=False)
    return NGINX


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(prefix: Path, site: Path, port: int) -> str:
    temps = "\n".join(f"  {name}_temp_path {prefix}/tmp/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # as root, workers would run as nobody and meet pytest's private temp folders
    user = "user root;\n" if os.geteuid() == 0 else ""
    return user + f"""include {BROTLI_MODULE}/*.conf;
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
{temps}
  server {{
    listen 127.0.0.1:{port};
    root {site};
    include qyqx/qyqx-site.conf;
  }}
}}
"""


@contextlib.contextmanager
def nginx_serving(site: Path, prefix: Path):
    """nginx with the shipped rules serving ``site``; yields its base URL."""
    binary = need_nginx()
    (prefix / "qyqx").mkdir(parents=True, exist_ok=True)
    for conf in DEPLOY.glob("qyqx-*.conf"):
        shutil.copy(conf, prefix / "qyqx" / conf.name)
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / name).mkdir(parents=True, exist_ok=True)
    if not (prefix / "modules").exists():  # Debian's module lines name modules/… relative to the prefix
        (prefix / "modules").symlink_to(MODULES)
    port = _free_port()
    (prefix / "nginx.conf").write_text(_config(prefix, site.resolve(), port), encoding="utf-8")
    args = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t refused the shipped configuration:\n{check.stderr}"
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base, timeout=1).close()
                break
            time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        server.wait(10)
