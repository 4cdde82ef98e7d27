"""MkDocs adapter for the channels (``kexie/channels``): short addresses ``/a/<id>/`` of
print QR codes, share cards in every page's head, flat sitemaps for Baidu.  The work is
in ``kexie.channels``; articles come from kexie/site's catalog (the one the feeds use),
so whatever the catalog leaves out (drafts, withdrawn pieces) is left out here too."""

from __future__ import annotations

import posixpath
from pathlib import Path

import logging

from mkdocs.plugins import BasePlugin, event_priority

from ..channels import share, sitemaps
from ..core.messages import render
from ..channels.settings import setting
from ..channels.shortlinks import redirect_pages
from . import roster_guard


log = logging.getLogger("mkdocs.plugins.kexie.channels")
SKIPPED = ("search/", "admin/")  # no content of their own for search engines
EXPORT_PATH = "/_kexie/wechat.json"  # the preview's 公众号 export, made on request


class ChannelsPlugin(BasePlugin):
    def on_startup(self, *, command, dirty):
        self.cards: dict[str, share.Card] = {}  # article URL → its card (kept: serve --dirty renders a few pages a save)
        self.photos: dict[str, str | None] = {}  # article source → site path of its first photo
        self.preview = command == "serve"  # the 复制到公众号 button: the preview's only, never a built site's
        self.site_url = ""  # as written in mkdocs.yml (serve replaces config.site_url with its own address)

    def on_config(self, config):
        roster_guard.require_all(config)
        if not hasattr(self, "cards"):  # built without on_startup
            self.on_startup(command="build", dirty=False)
        if self.preview and config.config_file_path:  # 阅读原文 is the published address, also in the preview
            self.site_url = setting(Path(config.config_file_path).read_text(encoding="utf-8"), "site_url")
        # our own sitemaps replace MkDocs' (one file, lastmod of every page, also rendered at every save)
        config.theme.static_templates -= {"sitemap.xml", "sitemap.xml.gz"}
        return config

    # After every plugin has added its pages (kexie/site: 50, kexie/images: 0).
    @event_priority(-100)
    def on_files(self, files, config):
        self.pages = [(f.src_uri, "" if f.url in (".", "./") else f.url) for f in files.documentation_pages()]
        return files

    def _catalog(self, config):
        return config.plugins["kexie/site"].catalog

    # Read while the page's Markdown is there: kexie/parallel lets it go after on_page_content (-1000).
    def on_page_content(self, html, page, config, files):
        src, catalog = page.file.src_uri, self._catalog(config)
        if catalog is not None and src in catalog.by_path:
            self.photos[src] = share.first_photo(page.markdown or "", posixpath.dirname(src))
        return html

    # After kexie/site (0) and kexie/images put the page's article, view and photos in reach.
    @event_priority(-60)
    def on_page_context(self, context, page, config, nav):
        context["kx_share"] = card = self.card(context, page, config)
        if context.get("kx_article"):
            self.cards[context["kx_article"].url] = card  # for its short address's redirect page
        wechat = config.extra.get("wechat") or {}  # the hook for a signing endpoint (kexie.channels.share)
        context["kx_wechat"] = wechat if isinstance(wechat, dict) else {}
        return context

    def card(self, context, page, config) -> share.Card:
        article, view = context.get("kx_article"), context.get("kx")
        candidates = []  # site paths of photos that may represent the page, best first
        if article:
            candidates.append(self.photos.get(page.file.src_uri))
            title, description = article.title, article.summary
        else:
            title = view.title if view else config.site_name if page.is_homepage else page.title or config.site_name
            description = view.description if view else (page.meta or {}).get("description", "")
        data = view.data if view else {}
        if (issue := data.get("issue")) and issue.cover:
            candidates.append(issue.url + issue.cover)  # written relative to the issue's folder
        if (person := data.get("person")) is not None and getattr(person, "photo", ""):
            candidates.append(person.photo)
        image = next((found for uri in candidates if uri and (found := self._image(config, uri))), None)
        return share.card(kind="article" if article else "website", title=title, description=description or config.site_description or "",
                          url=page.canonical_url or config.site_url, site_url=config.site_url, image=image)

    def _image(self, config, uri: str):
        images = config.plugins.get("kexie/images")
        picture = images._picture_of(posixpath.normpath(uri).lstrip("/")) if images is not None else None
        return share.shared_image(picture) if picture else None

    def on_post_page(self, output: str, page, config) -> str:
        """The preview's 复制到公众号 button on each article; the export itself is made when the page asks
        (``_answer``): making it for every page would add ~12 ms an article to every preview build."""
        article = self._catalog(config).by_path.get(page.file.src_uri) if getattr(self, "preview", False) else None
        if article is None or article in self._catalog(config).withdrawn or "</body>" not in output:
            return output
        from ..channels import wechat_button  # the preview's only

        return output.replace("</body>", wechat_button.panel(page.file.src_uri, EXPORT_PATH) + "</body>", 1)

    def on_serve(self, server, config, builder):
        inner = server.get_app()
        if getattr(inner, "kexie_wechat", None) is not self:
            app = lambda environ, start_response: self._answer(environ, start_response) or inner(environ, start_response)  # noqa: E731
            app.kexie_wechat = self
            server.set_app(app)
        return server

    def _answer(self, environ, start_response):
        """GET …/_kexie/wechat.json?src=<article file>: the 公众号 export as JSON, from the last finished build."""
        if not environ.get("PATH_INFO", "").endswith(EXPORT_PATH) or not getattr(self, "ready", None):
            return None
        import json
        from urllib.parse import parse_qs

        from ..channels import wechat, wechat_files

        config, catalog = self.ready
        src = parse_qs(environ.get("QUERY_STRING", "")).get("src", [""])[0]
        article = catalog.by_path.get(src)
        if article is None:
            return None
        images = config.plugins.get("kexie/images")
        listed: list[tuple[str, str]] = []

        def image_for(site_path: str):
            picture = images._picture_of(site_path) if images is not None else None
            versions = sorted((v for v in picture.variants if v.ext == "jpg" and v.width <= wechat.MAX_IMAGE_WIDTH), key=lambda v: v.width) if picture else []
            if not versions:
                return None
            v = versions[-1]
            listed.append(("/" + v.uri, f"{len(listed) + 1:02d}.jpg"))
            return "/" + v.uri, v.width, v.height

        ex = wechat.export(article, wechat_files.body_html(Path(config.docs_dir), article), self.site_url or config.site_url, config.site_name,
                           image_for, {a.path: a.url for a in catalog.articles})
        body = json.dumps({"html": ex.html, "images": listed, "warnings": [str(w) for w in ex.warnings]}, ensure_ascii=False).encode()
        start_response("200 OK", [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
        return [body]

    # Before kexie/site swaps the finished folder in (-1000).
    @event_priority(-50)
    def on_post_build(self, config) -> None:
        catalog = self._catalog(config)
        self.ready = (config, catalog)  # what the preview's export answers from until the next build ends
        out = Path(config.site_dir)
        self._write_sitemaps(config, out)
        heads = {url: share.meta_tags(card) for url, card in self.cards.items()}
        # a printed code of a withdrawn piece still leads to its address (the notice)
        for rel, text in redirect_pages(catalog.articles + catalog.withdrawn, config.site_url, heads).items():
            _write(out / rel, text.encode("utf-8"))


    def _write_sitemaps(self, config, out: Path) -> None:
        site = config.plugins["kexie/site"]
        catalog, views = site.catalog, site.views
        newest = catalog.newest_date
        entries = []
        for src, url in self.pages:
            if url.startswith(SKIPPED):
                continue
            if article := catalog.by_path.get(src):
                if article in catalog.withdrawn:
                    continue  # its address stays for the notice, but search engines are told to forget it (noindex)
                lastmod = sitemaps.modified(article)
            elif view := views.get(src):
                lastmod = sitemaps.newest(view.data, newest)
            elif src.split("/")[0] in ("issues", "news"):
                continue  # a file the catalog does not publish
            else:
                lastmod = newest
            entries.append(sitemaps.Entry(sitemaps.location(config.site_url, url), lastmod))
        written, too_long = sitemaps.files(entries)
        for e in too_long:
            log.warning(render("channels.url_too_long", url=e.loc, n=len(e.loc), limit=sitemaps.MAX_URL_BYTES))
        for name, data in written.items():
            _write(out / name, data)
        for stale in [*out.glob("sitemap-*.xml"), out / "sitemap.xml.gz"]:
            if stale.name not in written:
                stale.unlink(missing_ok=True)
        if not (Path(config.docs_dir) / "robots.txt").is_file():  # an editor's own robots.txt wins
            _write(out / "robots.txt", sitemaps.robots(config.site_url, list(written)).encode())


def _write(path: Path, data: bytes) -> None:
    """Written only when different (serve keeps site_dir between builds)."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
