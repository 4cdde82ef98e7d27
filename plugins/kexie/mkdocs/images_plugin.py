"""MkDocs adapter for photos: phone-sized versions of every raster image in content,
``<picture>`` markup in pages, and ``kx_picture`` for templates (covers, people).

The Pillow work is in ``core/images.py``; this only hands files to it and back.
Photos the build cannot use (not an image, a name its versions would take) are
problems of the content check (``core/checks.py``), which has run before this:
they are reported with the rest, and here they are only left out.
"""

from __future__ import annotations

import logging
import os
from html import escape
import posixpath
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url
from PIL import Image, UnidentifiedImageError

from ..core.images import Picture, is_raster, make_variants, picture_html, rewrite_images
from ..core.messages import render

log = logging.getLogger("mkdocs.plugins.kexie.images")


class ImagesConfig(Config):
    # Made versions, named by the original's content hash, reused by every build and checkout.
    # Outside the project, so no copy of it (Git, the web editor's commits) ever picks them up.
    cache_dir = c.Type(str, default="")


class ImagesPlugin(BasePlugin[ImagesConfig]):
    def on_config(self, config):
        self.pictures: dict[str, Picture] = {}  # original's site path → its versions
        self.site_files: set[str] = set()
        default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kexie" / "images"
        self.cache = Path(config.config_file_path or ".").parent / self.config.cache_dir if self.config.cache_dir else default

    # After kexie/site (50) has dropped data files; before nothing else needs images.
    @event_priority(0)
    def on_files(self, files: Files, config) -> Files:
        for f in list(files):
            if f.generated_by or not is_raster(f.src_uri) or not f.abs_src_path:
                continue
            try:
                pic, made = make_variants(f.dest_uri, Path(f.abs_src_path), self.cache)
            except (UnidentifiedImageError, Image.DecompressionBombError):
                continue  # the content check has reported it (image.unidentified): the build stops or serve shows it
            except (FileNotFoundError, NotADirectoryError):
                files.remove(f)  # deleted or renamed since MkDocs listed it (the preview's next build sees what came instead)
                continue
            except (OSError, ValueError):
                # a known format with damaged data: browsers show what they can, so publish it as it is
                log.info(render("image.damaged", path=f.src_uri))
                continue
            if any(files.get_file_from_path(uri) for uri in made):
                continue  # a name taken by another file: reported by the content check (image.name_taken)
            self.pictures[pic.uri] = pic
            for uri, path in made.items():
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        self.site_files = {f.dest_uri for f in files}
        return files

    # Before kexie/feeds keeps the page HTML, so pages and feeds see the same photos.
    @event_priority(50)
    def on_page_content(self, html: str, page, config, files) -> str:
        if not self.pictures:
            return html
        url = page.url
        page_dir = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
        return rewrite_images(html, page_dir, self.pictures, lambda uri: get_relative_url(uri, url))

    def on_page_context(self, context, page, config, nav):
        context["kx_picture"] = lambda uri, alt, sizes="", lazy=True, css_class="": self.markup(uri, alt, page.url, sizes, lazy, css_class)
        return context

    def markup(self, uri: str, alt: str, page_url: str, sizes: str = "", lazy: bool = True, css_class: str = "") -> str:
        """A template's photo: ``<picture>`` for a raster original, a plain ``<img>`` otherwise, nothing if missing."""
        uri = posixpath.normpath(uri).lstrip("/")
        href = lambda u: get_relative_url(u, page_url)  # noqa: E731
        if uri in self.pictures:
            kwargs = {"sizes": sizes} if sizes else {}
            return picture_html(self.pictures[uri], alt, href, lazy=lazy, css_class=css_class, **kwargs)
        if uri not in self.site_files:
            log.warning(render("image.template_missing", uri=uri, page=page_url))
            return ""
        extra = (f' class="{escape(css_class)}"' if css_class else "") + (' loading="lazy"' if lazy else "")
        return f'<img src="{escape(href(uri))}" alt="{escape(alt)}"{extra}>'
