"""MkDocs adapter for the channels (``kexie/channels``): short addresses ``/a/<id>/`` of
print QR codes, share cards in every page's head, flat sitemaps for Baidu.  The work is
in ``kexie.channels``; articles come from kexie/site's catalog (the one the feeds use),
so whatever the catalog leaves out (drafts, withdrawn pieces) is left out here too."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from ..channels.shortlinks import redirect_pages


class ChannelsPlugin(BasePlugin):
    def _catalog(self, config):
        return config.plugins["kexie/site"].catalog

    # Before kexie/site swaps the finished folder in (-1000).
    @event_priority(-50)
    def on_post_build(self, config) -> None:
        catalog = self._catalog(config)
        out = Path(config.site_dir)
        for rel, text in redirect_pages(catalog.articles, config.site_url).items():
            _write(out / rel, text.encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    """Written only when different (serve keeps site_dir between builds)."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
