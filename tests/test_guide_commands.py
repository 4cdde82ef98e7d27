"""Every command the editors' guide shows, run as written, in order, on a copy of the project.

An editor copies the lines of the guide's ``sh`` blocks into a terminal in the site's
folder; so does this test.  The servers (the local web editor, the preview) are
started, asked for their page and stopped with Ctrl+C, as the guide says.  The copy
gets a venv that imports the copy's own code and borrows the installed packages of
this one (no download), stamped as installed, so `bash scripts/build.sh` goes
straight to its work as it does on an editor's machine after the first install.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from sitekit import REPO

GUIDE = REPO / "docs/editors-guide.md"
# commands that keep running until Ctrl+C, and the address that answers once they are up
SERVERS = {"scripts/editor.sh": "/admin/", "scripts/build.sh serve": "/"}


def guide_commands() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _copy_project(root: Path) -> None:
    files = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           capture_output=True, text=True, check=True).stdout.split("\0")
    for rel in filter(None, files):
        source = REPO / rel
        if source.is_file() and not source.is_symlink():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / rel)
    (root / "node_modules").symlink_to(REPO / "node_modules")
    _borrowed_venv(root)
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.cn", "GIT_COMMITTER_NAME": "编辑",
           "GIT_COMMITTER_EMAIL": "e@example.cn"}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "网站仓库"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _borrowed_venv(root: Path) -> None:
    """.venv for the copy: its own code first, this venv's packages after (their .pth hooks,
    among them our editable install, are not run), stamped as scripts/install.py stamps it."""
    venv = root / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin/python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "kexie-guide-test.pth").write_text(f"{root / 'plugins'}\n{sysconfig.get_path('purelib')}\n", encoding="utf-8")
    script = f"#!{venv / 'bin/python'}\nimport sys\nfrom mkdocs.__main__ import cli\nsys.exit(cli())\n"
    (venv / "bin/mkdocs").write_text(script, encoding="utf-8")
    (venv / "bin/mkdocs").chmod(0o755)
    spec = importlib.util.spec_from_file_location("kexie_install_for_test", root / "scripts/install.py")
    install = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(install)
    (venv / install.STAMP).write_text(install.python_stamp("test") + "\n", encoding="ascii")


def _port(command: str) -> int:
    found = re.search(r"--port (\d+)", command)
    return int(found.group(1)) if found else 8000


def _serve_and_stop(root: Path, command: str, env: dict, log: Path) -> None:
    """Start a server command, wait for its page, press Ctrl+C, check it stopped."""
    path = next(p for key, p in SERVERS.items() if key in command)
    url = f"http://127.0.0.1:{_port(command)}{path}"
    with open(log, "w") as out:
        proc = subprocess.Popen(["bash", "-c", command], cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            deadline, answered = time.monotonic() + 90, False
            while not answered and time.monotonic() < deadline and proc.poll() is None:
                try:
                    with urllib.request.urlopen(url, timeout=3) as r:
                        answered = r.status == 200
                except OSError:
                    time.sleep(0.3)
            assert answered, f"{command!r} did not serve {url}:\n{log.read_text(encoding='utf-8')[-3000:]}"
        finally:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C reaches the terminal's whole process group
            proc.wait(30)
    if "editor.sh" in command:
        assert "本地网页编辑器已停止" in log.read_text(encoding="utf-8")
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=3)


def test_the_guide_shows_commands():
    commands = guide_commands()
    assert any("scripts/editor.sh" in c for c in commands) and any("editor.py check" in c for c in commands)
    assert any(" import " in c for c in commands) and any("new-issue" in c for c in commands)


def test_every_command_in_the_guide_works_as_written(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    _copy_project(root)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEXIE_", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(str(REPO / ".venv")))
    for n, command in enumerate(guide_commands()):
        log = tmp_path / f"command-{n}.log"
        if any(key in command for key in SERVERS):
            _serve_and_stop(root, command, env, log)
            continue
        result = subprocess.run(["bash", "-c", command], cwd=root, env=env, capture_output=True, text=True, timeout=300)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"the guide's command failed: {command}\n{output[-3000:]}"
        assert "Traceback" not in output and "pip install" not in output, output[-3000:]
    # what the commands made is what the guide says
    assert (root / "content/issues/2023-03/issue.yml").is_file()
    assert (root / "content/issues/2023-03/moushi-kexie-tuijinhui.md").is_file()
    assert (root / "site/issues/2023-03/moushi-kexie-tuijinhui/index.html").is_file()
    # and a mistake: the build says it in Chinese only, and the last good site stays
    home = (root / "site/index.html").read_bytes()
    article = root / "content/issues/2023-03/moushi-kexie-tuijinhui.md"
    article.write_text(article.read_text(encoding="utf-8").replace("section: 工作简讯", "section: 工作简迅"), encoding="utf-8")
    failed = subprocess.run(["bash", "-c", "bash scripts/build.sh"], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1 and "“工作简迅”不是已有栏目" in output and "共 1 个内容问题" in output
    assert "Aborted" not in output and "Traceback" not in output
    assert (root / "site/index.html").read_bytes() == home
