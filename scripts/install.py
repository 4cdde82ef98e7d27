"""Install what the build and the tests need, only when it is missing, broken or out of date.

    python3 scripts/install.py [site|test]      (run by scripts/_venv.sh, so by build.sh and test.sh)

Two installers, each with a stamp beside what it installed:

- ``.venv/.kexie-installed``: a hash of pyproject.toml, the extra ("test" or none)
  and the Python that made the venv.  A "test" install also serves a plain build.
- ``node_modules/.kexie-installed``: a hash of package-lock.json and node's version.

An installer runs again when its stamp differs, or what it installed is missing
or broken (``kexie``, ``mkdocs``, ``material`` do not import from this project,
a package of package.json is not in node_modules).  Otherwise nothing is run:
a build starts in a fraction of a second instead of a minute.

A registry that cannot be reached fails within seconds (small timeouts, one
retry), never as a silent hang: the editor reads in Chinese what failed, that
PyPI or npm could not be reached and what to do.  When an older install is
still there and working, the command goes on with it.

Environment: ``KEXIE_VENV`` (the venv's folder, default .venv),
``KEXIE_FORCE_INSTALL=1`` (install even when the stamps say it is up to date).
Only the standard library is used: this runs before the venv exists (then with python3,
later with the venv's Python, which starts faster).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = ".kexie-installed"
# pip gives up on a registry at its first request (setuptools, for the isolated build of `-e .`):
# 5 s per connection or read and one retry make a dead registry fail in ~12 s, a fresh venv included < 30 s.
PIP_TIMEOUT, PIP_RETRIES = 5, 1
# npm ci asks for package data one after another (react, decap-cms-app, react-dom …), each wait adding up
# to minutes: one `npm ping` with a short limit tells first whether the registry answers at all.
NPM_PING_TIMEOUT_MS = 8_000
NPM_TIMEOUT_MS, NPM_RETRIES = 30_000, 2
# what every command imports, and what the tests add
IMPORTS = {"site": ("kexie", "mkdocs", "material"), "test": ("kexie", "mkdocs", "material", "pytest", "feedparser", "playwright", "properdocs")}
# how pip and npm say a connection failed (their words differ with the version; any one will do)
NETWORK_WORDS = re.compile(
    r"NewConnectionError|ConnectTimeoutError|ReadTimeoutError|Connection refused|connection error|Max retries exceeded"
    r"|Temporary failure in name resolution|Name or service not known|Network is unreachable|ProxyError|SSLError|timed out"
    r"|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|FETCH_ERROR|network",
    re.I)
URL = re.compile(r"https?://[^\s/'\"]+")


def _messages():
    """The message catalogue, loaded by path: the kexie package may not be installed yet."""
    spec = importlib.util.spec_from_file_location("kexie_messages", ROOT / "plugins/kexie/core/messages.py")
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # (its dataclasses look it up)
    spec.loader.exec_module(module)
    return module


def say(key: str, **values) -> None:
    print(_messages().render(key, **values), file=sys.stderr, flush=True)


# -- Python: the venv -----------------------------------------------------------


def python_stamp(extra: str) -> str:
    h = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    h.update(f"\0extra={extra}\0python={sys.version}".encode())  # the same from python3 and from the venv
    return h.hexdigest()


def python_works(venv: Path, extra: str) -> bool:
    """The venv's Python runs and imports the project (from this folder, not a copy's) and its tools."""
    check = ("import sys\nimport " + ", ".join(IMPORTS[extra]) +
             "\nsys.exit(not kexie.__file__.startswith(sys.argv[1]))")
    try:
        return subprocess.run([str(venv / "bin/python"), "-c", check, str(ROOT / "plugins") + os.sep],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def python_up_to_date(venv: Path, extra: str) -> bool:
    stamp = _read(venv / STAMP)
    # a test install serves a plain build as well
    return stamp in {python_stamp(extra), python_stamp("test")} and python_works(venv, extra)


def install_python(venv: Path, extra: str) -> bool:
    """pip install -e . (with the extra); False when it failed (the editor has been told why)."""
    say("install.python")
    (venv / STAMP).unlink(missing_ok=True)  # an install stopped halfway is redone next time
    if not _runs(venv / "bin/python", "-m", "pip", "--version"):  # no venv, or one whose Python or pip is gone
        made = subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], capture_output=True, text=True)
        if made.returncode != 0:
            print(_tail(made.stdout + made.stderr), file=sys.stderr)
            say("install.venv_failed", python=sys.executable)
            return False
    spec = ".[test]" if extra == "test" else "."
    # pip's isolated build (setuptools for `-e .`) is a pip of its own: it reads the limits from the environment
    env = dict(os.environ, PIP_TIMEOUT=str(PIP_TIMEOUT), PIP_DEFAULT_TIMEOUT=str(PIP_TIMEOUT), PIP_RETRIES=str(PIP_RETRIES),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    run = _run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", "--timeout", str(PIP_TIMEOUT),
                "--retries", str(PIP_RETRIES), "-e", spec], env)
    if run.returncode == 0:
        (venv / STAMP).write_text(python_stamp(extra) + "\n", encoding="ascii")
        return True
    return _failed(run, "install.pypi_unreachable", "install.pip_failed", "https://pypi.org/simple")


# -- npm: node_modules ------------------------------------------------------------


def node_stamp() -> str:
    h = hashlib.sha256((ROOT / "package-lock.json").read_bytes())
    h.update(f"\0node={_output(['node', '--version'])}".encode())
    return h.hexdigest()


def node_works(modules: Path) -> bool:
    """Every package package.json names is in node_modules."""
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    names = [*manifest.get("dependencies", {}), *manifest.get("devDependencies", {})]
    return all((modules / name / "package.json").is_file() for name in names)


def node_up_to_date(modules: Path) -> bool:
    return _read(modules / STAMP) == node_stamp() and node_works(modules)


def install_node(modules: Path) -> bool:
    """npm ci; False when it failed.  The old node_modules waits aside (npm ci deletes it first)
    and comes back when the install fails, so a dead registry never leaves the site without it."""
    say("install.node")
    ping = _run(["npm", "ping", "--loglevel=error", f"--fetch-timeout={NPM_PING_TIMEOUT_MS}", "--fetch-retries=0"])
    if ping.returncode != 0 and NETWORK_WORDS.search(ping.stdout):
        return _failed(ping, "install.npm_unreachable", "install.npm_failed", "https://registry.npmjs.org/")
    aside = modules.with_name(modules.name + ".kexie-old")
    _remove(aside)
    if modules.exists() or modules.is_symlink():
        modules.rename(aside)
    run = _run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", f"--fetch-timeout={NPM_TIMEOUT_MS}",
                f"--fetch-retries={NPM_RETRIES}"])
    if run.returncode == 0:
        _remove(aside)
        (modules / STAMP).write_text(node_stamp() + "\n", encoding="ascii")
        return True
    _remove(modules)
    if aside.exists() or aside.is_symlink():
        aside.rename(modules)
    return _failed(run, "install.npm_unreachable", "install.npm_failed", "https://registry.npmjs.org/")


# -- the command ----------------------------------------------------------------------


def main(argv: list[str]) -> int:
    extra = "test" if argv[1:2] == ["test"] else "site"
    venv = Path(os.environ.get("KEXIE_VENV") or ROOT / ".venv")
    if not venv.is_absolute():
        venv = ROOT / venv
    force = os.environ.get("KEXIE_FORCE_INSTALL") == "1"
    if force or not python_up_to_date(venv, extra):
        if not install_python(venv, extra):
            if not python_works(venv, extra):
                say("install.cannot_continue", what=_shown(venv))
                return 1
            say("install.kept", what=_shown(venv))
    modules = ROOT / "node_modules"
    if (ROOT / "package-lock.json").is_file() and shutil.which("npm") and (force or not node_up_to_date(modules)):
        if not install_node(modules):
            if not node_works(modules):
                say("install.cannot_continue", what="node_modules")
                return 1
            say("install.kept", what="node_modules")
    return 0


def _failed(run: subprocess.CompletedProcess, unreachable: str, failed: str, registry: str) -> bool:
    """Tell why an installer failed: the registry out of reach (with the line that says so), or its own words."""
    network = next((line.strip() for line in run.stdout.splitlines() if NETWORK_WORDS.search(line)), None)
    if network is None:
        print(_tail(run.stdout), file=sys.stderr)
        say(failed)
    else:
        print(f"  {network[:300]}", file=sys.stderr)
        say(unreachable, registry=_registry(run.stdout, registry))
    return False


def _run(cmd: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    """An installer, from the project folder, its output kept for when it fails."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as out:
        code = subprocess.run(cmd, cwd=ROOT, env=env or os.environ, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT).returncode
        out.seek(0)
        return subprocess.CompletedProcess(cmd, code, out.read())


def _runs(python: Path, *args: str) -> bool:
    try:
        return subprocess.run([str(python), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _registry(output: str, default: str) -> str:
    """The registry the installer tried, as its own messages name it."""
    found = URL.search(output)
    return found.group() if found else default


def _tail(text: str, lines: int = 8) -> str:
    """The installer's last words, for whoever helps the editor (English, as pip and npm write them)."""
    return "\n".join("  " + line for line in text.strip().splitlines()[-lines:])


def _output(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
