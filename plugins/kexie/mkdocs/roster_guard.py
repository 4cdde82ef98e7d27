"""Every plugin of ours checks in on_config that the engine loaded all the others (kexie.engines.roster).

Each does it, so a build stops whichever one is missing, the site plugin included; an engine that
loads none of them is caught after the build by ``python -m kexie.engines verify``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ..engines import roster


def require_all(config) -> None:
    absent = roster.missing(config.plugins)
    if absent:
        raise PluginError(roster.not_loaded(absent, Path(config.config_file_path or "mkdocs.yml").name))
