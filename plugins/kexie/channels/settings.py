"""Settings read from mkdocs.yml's text (the file holds Python tags a safe YAML load refuses):
the tools run without MkDocs, and ``mkdocs serve`` replaces ``site_url`` with its own address."""

from __future__ import annotations

import re


def setting(config_text: str, key: str, indented: bool = False) -> str:
    """The value of a one-line ``key: value`` (quotes and comment removed), or ''."""
    indent = r"[ \t]+" if indented else ""
    m = re.search(rf"^{indent}{re.escape(key)}:[ \t]*(.*?)[ \t]*(?:#.*)?$", config_text, re.M)
    return m.group(1).strip("'\"") if m else ""
