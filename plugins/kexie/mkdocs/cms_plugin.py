"""MkDocs adapter for the web editor: /admin/index.html, /admin/config.yml and the
editor's scripts, as generated files (nothing is written into content/).

The configuration itself is built by ``kexie.editor.cms`` from the registries.
The Git host can be set per deployment without editing mkdocs.yml:
KEXIE_CMS_BACKEND, KEXIE_CMS_REPO, KEXIE_CMS_BRANCH, KEXIE_CMS_BASE_URL,
KEXIE_CMS_API_ROOT, KEXIE_CMS_APP_ID, KEXIE_CMS_AUTH_ENDPOINT, KEXIE_CMS_PUBLISH_MODE override the
options; KEXIE_CMS_LOCAL_URL is decap-server's address for the local editor (scripts/editor.sh).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.catalog import ISSUES_DIR, build_catalog
from ..core.form_rules import form_rules, rules_digest
from ..core.problems import Problems
from ..core.forked import Background
from ..core.registries import DATA_DIR
from ..editor.cms import ADMIN, BACKENDS, Backend, CmsSetupError, admin_files, admin_page, cms_config, config_yaml, find_node_modules
from .admin_serving import AdminFiles
from .parallel_plugin import may_fork
from . import roster_guard

BACKEND_OPTIONS = ("backend", "repo", "branch", "base_url", "api_root", "app_id", "auth_endpoint")


class CmsConfig(Config):
    enabled = c.Type(bool, default=True)
    backend = c.Choice(BACKENDS, default="gitea")
    repo = c.Type(str, default="")
    branch = c.Type(str, default="main")
    base_url = c.Type(str, default="")
    api_root = c.Type(str, default="")
    app_id = c.Type(str, default="")
    auth_endpoint = c.Type(str, default="")
    publish_mode = c.Choice(("simple", "editorial_workflow"), default="simple")
    # true, or {url: http://localhost:8081/api/v1}: Decap uses it only when /admin/ is opened on localhost
    local_backend = c.Type((bool, dict), default=True)
    node_modules = c.Type(str, default="")  # default: the nearest node_modules holding decap-cms


class CmsPlugin(BasePlugin[CmsConfig]):
    """The Decap CMS web editor at /admin/."""

    # Having on_startup keeps this object across `mkdocs serve` rebuilds, and with it
    # the last config.yml: dumping it takes seconds with thousands of menu entries.
    def on_startup(self, *, command, dirty):
        self.last: tuple[str, dict, str] | None = None  # (digest of its inputs, configuration, config.yml)
        self.serving = command == "serve"
        self.admin = AdminFiles()  # the preview answers /admin/ itself (admin_serving.py)

    def on_config(self, config):
        roster_guard.require_all(config)

    def on_serve(self, server, config, builder):
        if self.config.enabled:
            self.admin.wrap(server, server.mount_path)
        return server

    def on_files(self, files: Files, config) -> Files:
        self.making = None
        if not self.config.enabled:
            return files
        repo = Path(config.config_file_path).resolve().parent
        site_url = config.site_url or "/"
        try:
            scripts = admin_files(find_node_modules(repo, self.config.node_modules))
        except CmsSetupError as e:
            raise PluginError(str(e)) from None
        page = admin_page(config.site_name, site_url)
        files.append(File.generated(config, f"{ADMIN}/index.html", content=page, inclusion=InclusionLevel.NOT_IN_NAV))
        # config.yml's text is made while MkDocs reads the pages (in a child on a full build:
        # ~0.4 s at 5,000 articles, when the build has one core's work); a preview keeps it here
        self.config_file = File.generated(config, f"{ADMIN}/config.yml", content="", inclusion=InclusionLevel.NOT_IN_NAV)
        fork = may_fork(config, kept=True) and not getattr(self, "serving", False)
        self.making = Background("cms", lambda: self._config_text(Path(config.docs_dir), repo, site_url), fork=fork)
        files.append(self.config_file)
        docs = Path(os.path.relpath(config.docs_dir, repo)).as_posix()
        site = config.plugins.get("kexie/site")
        made = {"index.html": page.encode()} | self._rules_files(config, site, docs)
        for name in ("kexie-rules.json", "problems.json"):
            files.append(File.generated(config, f"{ADMIN}/{name}", content=made[name], inclusion=InclusionLevel.NOT_IN_NAV))
        for uri, source in scripts:
            files.append(File.generated(config, uri, abs_src_path=str(source), inclusion=InclusionLevel.NOT_IN_NAV))
        self.served = made | {uri.removeprefix(f"{ADMIN}/"): Path(source) for uri, source in scripts}
        return files

    def _rules_files(self, config, site, docs: str) -> dict[str, bytes]:
        """kexie-rules.json and problems.json; the open editor polls the latter, whose digest of
        the rules tells it to fetch them again."""
        rules = form_rules(self._catalog(config, site), docs)
        return {"kexie-rules.json": _json(rules),
                "problems.json": _json({"rules": rules_digest(rules),
                                        "problems": [_problem(p, docs) for p in getattr(site, "problems", [])],
                                        "warnings": _proofreading(config, docs)})}

    def refresh_rules(self, config) -> None:
        """After a preview's quick save (serve --dirty), which runs no on_files: rules from its catalog."""
        if not getattr(self, "serving", False) or not self.config.enabled:
            return
        repo = Path(config.config_file_path).resolve().parent
        docs = Path(os.path.relpath(config.docs_dir, repo)).as_posix()
        self.served = getattr(self, "served", {}) | self._rules_files(config, config.plugins.get("kexie/site"), docs)
        self.admin.update(self.served)

    @staticmethod
    def _catalog(config, site):
        """The build's catalog; while content has problems, what of it can be read (the source
        cache makes that cheap), so the form still knows every address and reference."""
        if site is not None and site.catalog is not None and not site.problems:
            return site.catalog
        return build_catalog(Path(config.docs_dir), Problems(), cache=getattr(site, "sources", None))

    # First: MkDocs copies generated files after on_env.
    @event_priority(100)
    def on_env(self, env, config, files):
        if self.making is not None:
            try:
                self.config_file.content_string = self.making.finish()
            except CmsSetupError as e:
                raise PluginError(str(e)) from None
            self.making = None
            self.served["config.yml"] = self.config_file.content_string.encode()
            if getattr(self, "serving", False):
                self.admin.update(self.served)
        return env

    def _config_text(self, content: Path, repo: Path, site_url: str) -> str:
        """admin/config.yml, dumped again only when the configuration changed: the files it is
        made from are compared first (nothing read), then the configuration itself (a
        person's bio or an article changes no menu)."""
        backend = self._backend()
        local = {"url": os.environ["KEXIE_CMS_LOCAL_URL"]} if os.environ.get("KEXIE_CMS_LOCAL_URL") else self.config.local_backend
        key = _inputs_digest(content, repr((str(content), str(repo), backend, site_url, local)))
        last = getattr(self, "last", None)
        if last is not None and last[0] == key:
            return last[2]
        cms = cms_config(content, repo, backend, site_url, local)
        if last is not None and last[1] == cms:
            self.last = (key, cms, last[2])
            return last[2]
        self.last = (key, cms, config_yaml(cms))
        return self.last[2]

    def _backend(self) -> Backend:
        values = {k: os.environ.get(f"KEXIE_CMS_{k.upper()}") or self.config[k] for k in BACKEND_OPTIONS}
        mode = os.environ.get("KEXIE_CMS_PUBLISH_MODE") or self.config.publish_mode
        return Backend(publish_mode=mode, name=values.pop("backend"), **values)


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _problem(p, docs: str) -> dict:
    """A problem as the editor's banner shows it: the repository path opens the entry."""
    return {"path": f"{docs}/{p.path}", "line": p.line, "text": str(p)}


def _proofreading(config, docs: str) -> list[dict]:
    """The preview's proofreading warnings (kexie/proofread), shown for the entry being edited."""
    proofread = config.plugins.get("kexie/proofread")
    return proofread.warnings_for_editor(docs) if proofread is not None else []


def _inputs_digest(content: Path, options: str) -> str:
    """What cms_config reads: the registries, every issue folder and its issue.yml."""
    h = hashlib.sha1(options.encode())
    data, issues = content / DATA_DIR, content / ISSUES_DIR
    files = sorted(data.glob("*.yml")) if data.is_dir() else []
    folders = sorted(issues.iterdir()) if issues.is_dir() else []
    for path in files + [f / "issue.yml" for f in folders if f.is_dir()]:
        h.update(path.relative_to(content).as_posix().encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"(none)")
        h.update(b"\0")
    return h.hexdigest()
