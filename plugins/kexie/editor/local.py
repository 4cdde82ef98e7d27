"""The local web editor: the preview and decap-server together, on this computer only.

    bash scripts/editor.sh        then open http://127.0.0.1:8000/admin/ ; Ctrl+C stops both

decap-server in Git mode commits every save and, for review (草稿 → 待审 → 待发布),
keeps each article on a ``cms/…`` branch that it checks out while it works.  Done
in the tree the preview watches, every such checkout rebuilt the site, in a loop.
So it works on its own clone (``.kexie/editor-repo``); what is published there
(a commit on the main branch) is brought into this working tree with a
fast-forward, and the preview rebuilds once, with the published article.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ..core.messages import render
from .cli import Parser
from .ports import taken

CLONE = Path(".kexie") / "editor-repo"
NOTES = Path(".kexie") / "editor-notes.json"  # read by the preview (KEXIE_EDITOR_NOTES) for the editor's foot
DECAP_SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check)


def head(repo: Path, branch: str) -> str:
    return git(repo, "rev-parse", "--verify", "-q", f"refs/heads/{branch}", check=False).stdout.strip()


def ahead_of(repo: Path, older: str, newer: str) -> bool:
    """``newer`` holds every commit of ``older`` (a fast-forward can go from one to the other)."""
    return git(repo, "merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


def prepare_clone(project: Path, branch: str) -> Path:
    """The editor's own clone, brought up to this tree's ``branch`` when it is behind."""
    clone = project / CLONE
    if not (clone / ".git").is_dir():
        clone.parent.mkdir(exist_ok=True)
        git(project, "clone", "--quiet", "--branch", branch, str(project), str(clone))
    else:
        git(clone, "checkout", "--quiet", branch)
        catch_up(project, clone, branch)
    for key, default in (("user.name", "网页编辑器"), ("user.email", "editor@localhost")):
        if not git(clone, "config", key, check=False).stdout.strip():
            value = git(project, "config", key, check=False).stdout.strip() or default
            git(clone, "config", key, value)
    return clone


def catch_up(project: Path, clone: Path, branch: str) -> str | None:
    """Commits made in this tree (a pull, a hand edit committed) reach the clone, so that its next
    publication can come home; only while decap-server has the clone on ``branch`` and clean."""
    git(clone, "fetch", "--quiet", str(project), branch)
    if ahead_of(clone, "FETCH_HEAD", branch):
        return None  # the clone has all of it (and maybe newer publications)
    if not ahead_of(clone, branch, "FETCH_HEAD"):
        return render("editor.diverged", clone=CLONE)
    on_branch = git(clone, "symbolic-ref", "--short", "HEAD", check=False).stdout.strip() == branch
    if on_branch and not git(clone, "status", "--porcelain", check=False).stdout.strip():
        git(clone, "merge", "--quiet", "--ff-only", "FETCH_HEAD", check=False)
    return None


def bring_home(project: Path, clone: Path, branch: str) -> str | None:
    """Fast-forward this tree to what was published in the clone; a Chinese reason if it cannot."""
    if git(project, "symbolic-ref", "--short", "HEAD", check=False).stdout.strip() != branch:
        return render("editor.not_on_branch", branch=branch)
    git(project, "fetch", "--quiet", str(clone), branch)
    if not ahead_of(project, branch, "FETCH_HEAD"):
        return render("editor.diverged", clone=CLONE)
    merged = git(project, "merge", "--quiet", "--ff-only", "FETCH_HEAD", check=False)
    return None if merged.returncode == 0 else render("editor.cannot_merge", detail="、".join(uncommitted(project)[:5]))


def uncommitted(project: Path) -> list[str]:
    """Files under content/ changed or made here and not committed: the editor's clone lacks them."""
    status = git(project, "status", "--porcelain", "--untracked-files=all", "--", "content", check=False).stdout
    return [line[3:].strip('"') for line in status.splitlines() if line[3:]]


def write_notes(project: Path, notes: list[str]) -> None:
    """What the open editor shows at its foot besides the preview's problems (admin_serving reads it)."""
    path = project / NOTES
    text = json.dumps(notes, ensure_ascii=False)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def notes_now(project: Path, sync_problem: str | None) -> list[str]:
    files = uncommitted(project)
    shown = "、".join(files[:5]) + (" 等" if len(files) > 5 else "")
    return ([render("editor.uncommitted", n=len(files), files=shown)] if files else []) + ([sync_problem] if sync_problem else [])


def wait_for(url: str, child: subprocess.Popen, seconds: float, data: bytes | None = None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and child.poll() is None:
        try:
            request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=2):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="bash scripts/editor.sh", description=render("editor.description"))
    parser.add_argument("--port", type=int, default=8000, help=render("editor.port_help"))
    parser.add_argument("--cms-port", type=int, default=8081, help=render("editor.cms_port_help"))
    args = parser.parse_args(argv)
    try:
        return run(Path.cwd(), args.port, args.cms_port)
    except subprocess.CalledProcessError as e:  # git refused (a stale lock, a broken clone): said, not a traceback
        print(render("editor.git_failed", command=" ".join(e.cmd[3:]), detail=(e.stderr or "").strip()[:300]), file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C before the servers were up
        print(render("editor.stopped"), flush=True)
        return 0


def run(project: Path, port: int, cms_port: int) -> int:
    branch = os.environ.get("KEXIE_CMS_BRANCH", "main")
    if git(project, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0 or not head(project, branch):
        print(render("editor.no_git", branch=branch), file=sys.stderr)
        return 1
    if not (project / DECAP_SERVER).is_file():
        print(render("editor.no_decap_server", path=DECAP_SERVER), file=sys.stderr)
        return 1
    if reasons := taken({port: f"--port {port + 1}", cms_port: f"--cms-port {cms_port + 1}"}):
        print("\n".join(reasons), file=sys.stderr)
        return 1
    clone = prepare_clone(project, branch)
    write_notes(project, notes_now(project, None))
    cms_url = f"http://127.0.0.1:{cms_port}/api/v1"
    children = start(project, clone, port, cms_port, cms_url)
    stop = lambda *_: (_ for _ in ()).throw(KeyboardInterrupt)  # noqa: E731  SIGTERM, a closed terminal: as Ctrl+C
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        preview, decap = children
        if not (wait_for(cms_url, decap, 30, b'{"action":"info"}') and wait_for(f"http://127.0.0.1:{port}/admin/", preview, 120)):
            print(render("editor.start_failed"), file=sys.stderr)
            return 1
        print(render("editor.ready", admin=f"http://127.0.0.1:{port}/admin/", site=f"http://127.0.0.1:{port}/"), flush=True)
        watch(project, clone, branch, children)
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
        print(render("editor.stopped"), flush=True)
    return 0


def start(project: Path, clone: Path, port: int, cms_port: int, cms_url: str) -> list[subprocess.Popen]:
    """The preview (this tree) and decap-server (the clone), both on the loopback address only."""
    decap_env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(clone), "BIND_HOST": "127.0.0.1",
                 "PORT": str(cms_port), "LOG_LEVEL": os.environ.get("LOG_LEVEL", "warn")}
    decap = subprocess.Popen(["node", str(project / DECAP_SERVER)], env=decap_env, start_new_session=True, preexec_fn=_die_with_parent)
    preview_env = {**os.environ, "KEXIE_CMS_LOCAL_URL": cms_url, "NO_MKDOCS_2_WARNING": "1",
                   "KEXIE_EDITOR_NOTES": str(project / NOTES)}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    # --quiet: MkDocs' English progress lines stay out of the editor's terminal; problems (in Chinese) still
    # show.  KEXIE_EDITOR_VERBOSE=1 keeps them (developers; the tests count the preview's builds by them)
    quiet = [] if os.environ.get("KEXIE_EDITOR_VERBOSE") == "1" else ["--quiet"]
    preview = subprocess.Popen([str(mkdocs), "serve", *quiet, "--dev-addr", f"127.0.0.1:{port}"], env=preview_env, start_new_session=True,
                               preexec_fn=_die_with_parent)
    return [preview, decap]


def _die_with_parent() -> None:
    """In the child: stop when this program dies however it dies (Linux prctl PR_SET_PDEATHSIG),
    so no server keeps its port after a killed terminal."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def watch(project: Path, clone: Path, branch: str, children: list[subprocess.Popen]) -> None:
    """Bring each publication home; stop when either server stops."""
    seen, here = head(clone, branch), head(project, branch)
    told = None
    ticks = 0
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
        ticks += 1
        if ticks % 4 == 1:  # every 2 s: what the editor cannot see, and why a publication did not come in
            write_notes(project, notes_now(project, told))
        if head(project, branch) != here:  # a pull or a commit made here: the clone follows
            here = head(project, branch)
            if (problem := catch_up(project, clone, branch)) and problem != told:
                print(problem, file=sys.stderr, flush=True)
                told = problem
        now = head(clone, branch)
        if now and now != seen and now != head(project, branch):
            problem = bring_home(project, clone, branch)
            if problem is None:
                seen, told = now, None
                print(render("editor.published", commit=now[:8]), flush=True)
            elif problem != told:
                print(problem, file=sys.stderr, flush=True)
                told = problem
        elif now == head(project, branch):
            seen = now


if __name__ == "__main__":
    sys.exit(main())
