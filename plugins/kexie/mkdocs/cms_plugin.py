"""MkDocs adapter for the web editor: /admin/index.html, /admin/config.yml and the
editor's scripts, as generated files (nothing is written into content/).

The configuration itself is built by ``kexie.editor.cms`` from the registries.
The Git host can be set per deployment without editing mkdocs.yml:
KEXIE_CMS_BACKEND, KEXIE_CMS_REPO, KEXIE_CMS_BRANCH, KEXIE_CMS_BASE_URL,
KEXIE_CMS_API_ROOT, KEXIE_CMS_APP_ID, KEXIE_CMS_AUTH_ENDPOINT override the options.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from ..editor.cms import ADMIN, BACKENDS, Backend, CmsSetupError, admin_files, admin_page, cms_config, config_yaml, find_node_modules

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

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled:
            return files
        repo = Path(config.config_file_path).resolve().parent
        site_url = config.site_url or "/"
        try:
            cms = cms_config(Path(config.docs_dir), repo, self._backend(), site_url, self.config.local_backend)
            scripts = admin_files(find_node_modules(repo, self.config.node_modules))
        except CmsSetupError as e:
            raise PluginError(str(e)) from None
        pages = {f"{ADMIN}/index.html": admin_page(config.site_name, site_url), f"{ADMIN}/config.yml": config_yaml(cms)}
        for uri, text in pages.items():
            files.append(File.generated(config, uri, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
        for uri, source in scripts:
            files.append(File.generated(config, uri, abs_src_path=str(source), inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def _backend(self) -> Backend:
        values = {k: os.environ.get(f"KEXIE_CMS_{k.upper()}") or self.config[k] for k in BACKEND_OPTIONS}
        return Backend(publish_mode=self.config.publish_mode, name=values.pop("backend"), **values)
