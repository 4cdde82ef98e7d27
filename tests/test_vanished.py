"""A file deleted or renamed while the preview builds (an editor saving, renaming, deleting) is gone:
no Python traceback, no stuck preview; the next build shows the files as they are.

The race is made deterministic: the core is given the walk of files one of which is then deleted,
and the real `mkdocs serve` runs a hook that deletes files after MkDocs listed them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from kexie.core.checks import check_site
from kexie.core.problems import Problems
from kexie.core.source_cache import SourceCache
from kexie.core.tree import _symlink, walk
from sitekit import article, make_site
from test_serve import fetch, free_port, wait_for


@pytest.mark.parametrize("gone", ["news/tianjin.md", "issues/2023-02/li-weirong.md", "about.md", "issues/2023-02 (folder → file)"])
@pytest.mark.parametrize("warm", [False, True], ids=["fresh check", "preview cache"])
def test_a_file_gone_between_the_walk_and_its_read_is_left_out(tmp_path, gone, warm):
    site = make_site(tmp_path)
    site.write("about.md", "# 关于我们\n\n正文。\n")
    cache = SourceCache()
    if warm:
        check_site(site.content, cache=cache)  # the preview's earlier build parsed every file
    tree = walk(site.content, Problems())
    if gone.endswith("(folder → file)"):  # an issue folder replaced by a file: reading inside it fails with ENOTDIR
        folder = site.content / gone.split(" ")[0]
        shutil.rmtree(folder)
        folder.write_text("x", encoding="utf-8")
        gone_files, read = ["issues/2023-02/juan-shou-yu.md", "issues/2023-02/li-weirong.md"], False
    else:
        (site.content / gone).unlink()
        gone_files, read = [gone], True
    p = Problems()
    try:
        catalog = check_site(site.content, p, cache=cache, tree=tree)
    except Exception as e:  # only content problems may stop the check, never an OSError
        assert type(e).__name__ == "ContentError", repr(e)
        catalog = None
    for rel in gone_files:
        if read:  # (a folder whose issue.yml went with it is not read at all)
            assert rel not in tree.markdown  # the next step (the site check, the build) sees the file gone
        assert not p.about(rel), [str(x) for x in p.items]
        assert catalog is None or rel not in catalog.by_path
    if catalog is not None:
        assert "news/tianjin.md" in catalog.by_path or "news/tianjin.md" in gone_files


def test_a_symbolic_link_gone_before_it_is_read_is_left_out(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    p = Problems()
    assert _symlink(content.resolve(), content / "gone.jpg", "gone.jpg", p, folder=False) is False
    assert not p.items


def _hooked_site(root: Path):
    """The site with a hook that deletes every file named vanish-* once MkDocs has listed it and
    our content check has read it: the moment an editor's rename or delete lands mid-build."""
    site = make_site(root)
    (site.root / "vanish_hook.py").write_text(
        "import os\n\n"
        "def on_nav(nav, config, files):\n"
        "    for f in files:\n"
        "        if os.path.basename(f.src_uri).startswith('vanish-') and f.abs_src_path and os.path.exists(f.abs_src_path):\n"
        "            os.unlink(f.abs_src_path)\n", encoding="utf-8")
    with (site.root / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("\nhooks:\n  - vanish_hook.py\n")
    return site


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_the_preview_builds_again_when_a_file_vanishes_mid_build(tmp_path, dirty):
    site = _hooked_site(tmp_path / "site")
    port, log = free_port(), tmp_path / "serve.log"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KEXIE_LANG": "zh"}
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(cmd, cwd=site.root, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "news/tianjin/", "天津：民营企业")
        time.sleep(1.1)  # mtimes: the new files must be newer than the first build's output
        Image.new("RGB", (900, 600), (200, 60, 60)).save(site.content / "news/vanish-photo.jpg")
        site.write("news/vanish-item.md", article("转瞬即逝的稿件", "地方动态", None, date="2023-10-02",
                                                  body="![照片](vanish-photo.jpg)\n"))
        deadline = time.monotonic() + 60
        while "在预览生成时被删除或改名" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.2)
        # the preview goes on: a later save shows, and the vanished article is nowhere
        site.write("news/after.md", article("后来保存的稿件", "地方动态", None, date="2023-10-03"))
        wait_for(base + "news/after/", "后来保存的稿件")
        assert "转瞬即逝的稿件" not in (fetch(base + "news/") or "")
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log.read_text(encoding="utf-8")
    assert "news/vanish-item.md 在预览生成时被删除或改名，已按现在的文件重新生成" in text \
        or "news/vanish-photo.jpg 在预览生成时被删除或改名，已按现在的文件重新生成" in text, text
    assert "Traceback" not in text and "stuck" not in text, text
    assert "ERROR" not in text, text
