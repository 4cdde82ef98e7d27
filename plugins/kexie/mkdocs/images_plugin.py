"""MkDocs adapter for photos: phone-sized versions of every raster image in content,
``<picture>`` markup in pages, and ``kx_picture`` for templates (covers, people).

The Pillow work is in ``core/images.py``; this only hands files to it and back.
Photos the build cannot use (not an image, a name its versions would take) are
problems of the content check (``core/checks.py``), which has run before this:
they are reported with the rest, and here they are only left out.  Whatever the
reason, a page that still shows a photo full size gets a warning naming the article,
the line and the photo (``--strict`` builds fail on it): nothing reaches readers silently.
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

from collections import defaultdict

from ..core.articles import without_code
from ..core.images import (Picture, fix_photo_targets, format_problem, is_raster, make_variants, name_key, photo_refs,
                           picture_html, rewrite_images, target_path)
from ..core.messages import Msg, render
from ..core.problems import Problem
from . import roster_guard

log = logging.getLogger("mkdocs.plugins.kexie.images")
# why a page shows a photo full size → what the editor can do about it
ADVICE = {"image.reason_missing": "image.advice_path", "image.reason_format": "image.advice_export",
          "image.reason_unusable": "image.advice_reupload", "image.reason_name_taken": "image.advice_rename"}


class ImagesConfig(Config):
    # Made versions, named by the original's content hash, reused by every build and checkout.
    # Outside the project, so no copy of it (Git, the web editor's commits) ever picks them up.
    cache_dir = c.Type(str, default="")


class ImagesPlugin(BasePlugin[ImagesConfig]):
    def on_config(self, config):
        roster_guard.require_all(config)
        self.pictures: dict[str, Picture] = {}  # original's site path → its versions
        self.site_files: set[str] = set()
        self.by_key: dict[str, list[str]] = {}  # name_key → the files so named
        self.unusable: dict[str, str] = {}  # site path of a photo left without versions → why (a catalogue key)
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
                self.unusable[f.dest_uri] = "image.reason_unusable"
                continue  # the content check has reported it (image.unidentified): the build stops or serve shows it
            except (FileNotFoundError, NotADirectoryError):
                files.remove(f)  # deleted or renamed since MkDocs listed it (the preview's next build sees what came instead)
                continue
            except (OSError, ValueError):
                # a known format with damaged data: browsers show what they can, so publish it as it is
                log.info(render("image.damaged", path=f.src_uri))
                self.unusable[f.dest_uri] = "image.reason_unusable"
                continue
            if any(files.get_file_from_path(uri) for uri in made):
                self.unusable[f.dest_uri] = "image.reason_name_taken"
                continue  # a name taken by another file: reported by the content check (image.name_taken)
            self.pictures[pic.uri] = pic
            for uri, path in made.items():
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        self.site_files = {f.dest_uri for f in files}
        self.by_key = defaultdict(list)
        for uri in self.site_files:
            self.by_key[name_key(uri)].append(uri)
        return files

    def _file_meant(self, uri: str) -> str | None:
        """The site file an image's path means, forgiving Unicode form and letter case (``name_key``)."""
        if uri in self.site_files:
            return uri
        found = self.by_key.get(name_key(uri), [])
        return found[0] if len(found) == 1 else None

    def _picture_of(self, uri: str) -> Picture | None:
        meant = self._file_meant(uri)
        return self.pictures.get(meant) if meant else None

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        # ![说明](照片.JPG) for 照片.jpg, or a Mac's NFD name: MkDocs would not find the file
        folder = posixpath.dirname(page.file.src_uri)
        return fix_photo_targets(markdown, folder, self._file_meant, scan=without_code(markdown))

    # Before kexie/feeds keeps the page HTML, so pages and feeds see the same photos.
    @event_priority(50)
    def on_page_content(self, html: str, page, config, files) -> str:
        if not self.pictures:
            return html
        url = page.url
        page_dir = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
        # pages made from registries and templates name their photos elsewhere (image.template_missing)
        missed: list[str] | None = None if page.file.generated_by else []
        html = rewrite_images(html, page_dir, self._picture_of, lambda uri: get_relative_url(uri, url), missed=missed)
        for uri in dict.fromkeys(missed or ()):
            log.warning(str(self._full_size(page, uri)))
        return html

    def _full_size(self, page, uri: str) -> Problem:
        """The warning for a photo ``page`` shows full size: the article, the line, the photo, why."""
        meant = self._file_meant(uri)
        if meant is None:
            reason = "image.reason_missing"
        elif format_problem(meant) or not is_raster(meant):
            reason = "image.reason_format"
        else:
            reason = self.unusable.get(meant, "image.reason_unusable")
        src = page.file.src_uri
        return Problem(src, _line_of(page, uri), "image", Msg("image.no_versions", photo=uri, reason=Msg(reason), advice=Msg(ADVICE[reason])))

    def on_page_context(self, context, page, config, nav):
        context["kx_picture"] = lambda uri, alt, sizes="", lazy=True, css_class="": self.markup(uri, alt, page.url, sizes, lazy, css_class)
        return context

    def markup(self, uri: str, alt: str, page_url: str, sizes: str = "", lazy: bool = True, css_class: str = "") -> str:
        """A template's photo: ``<picture>`` for a raster original, a plain ``<img>`` otherwise, nothing if missing."""
        uri = posixpath.normpath(uri).lstrip("/")
        href = lambda u: get_relative_url(u, page_url)  # noqa: E731
        if pic := self._picture_of(uri):
            kwargs = {"sizes": sizes} if sizes else {}
            return picture_html(pic, alt, href, lazy=lazy, css_class=css_class, **kwargs)
        if uri not in self.site_files:
            log.warning(render("image.template_missing", uri=uri, page=page_url))
            return ""
        extra = (f' class="{escape(css_class)}"' if css_class else "") + (' loading="lazy"' if lazy else "")
        return f'<img src="{escape(href(uri))}" alt="{escape(alt)}"{extra}>'


def _line_of(page, uri: str) -> int | None:
    """The line of the article file that shows ``uri``, if the file names it where an editor wrote it."""
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError):
        return None
    folder = posixpath.dirname(page.file.src_uri)
    for start, _, written, _ in photo_refs(without_code(source)):
        if name_key(posixpath.normpath(posixpath.join(folder, target_path(written)))) == name_key(uri):
            return source.count("\n", 0, start) + 1
    name = posixpath.basename(uri)  # written some other way (a reference-style image): the first line naming it
    for n, line in enumerate(source.splitlines(), 1):
        if name_key(name) in name_key(target_path(line)):
            return n
    return None
