"""Share cards: what a page shows when its link is shared into a chat or another app.

Every page carries ``og:`` and ``itemprop`` title, description, image (absolute, with
width and height) and canonical URL.  The image: an article's first photo, an issue's
cover, else the site image (``SITE_IMAGE``, a 1200×630 card made by
``scripts/make_share_image.py`` with a CJK font).  A JPEG version is shared, never WebP
(WeChat's and QQ's crawlers do not all read it).

What WeChat reads: without its JS-SDK (since 2017-04-25) a link shared inside WeChat shows
the page's ``<title>`` and a default thumbnail; ``og:`` tags are ignored there.  A custom
card in WeChat needs a certified 公众号, the domain registered as its JS safe domain (ICP
备案) and a server that signs each page URL with the account's jsapi_ticket; the page
then loads the JS-SDK and calls ``wx.updateAppMessageShareData``.  QQ, QQ空间, 钉钉, 飞书,
微博 and the system share sheets read ``og:`` and ``itemprop``.  The hook: set
``extra.wechat.signature_endpoint`` (and ``app_id``) in mkdocs.yml and every page names
them in ``<meta name="kexie:wechat-*">`` beside its share data, for a script served by the
operator (README: 分享卡片); no signing endpoint is built here.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from ..core.articles import without_code
from ..core.images import photo_refs, target_path

SITE_IMAGE = ("assets/kexie/share.png", 1200, 630)
SHARE_WIDTH = 1200  # the widest JPEG version at most: apps show ~500 px; a smaller file loads sooner
TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Card:
    kind: str  # og:type: "article" or "website"
    title: str
    description: str
    url: str  # canonical, absolute
    image: str  # absolute
    width: int
    height: int
    image_type: str


def first_photo(markdown: str, folder: str) -> str | None:
    """Site path of the first photo an article's Markdown shows (files beside it)."""
    for _, _, written, _ in photo_refs(without_code(markdown)):
        target = target_path(written)
        if target and not re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.I):
            return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
    return None


def shared_image(picture) -> tuple[str, int, int] | None:
    """(site path, width, height) of the JPEG version to share of a ``Picture``."""
    jpegs = sorted((v for v in picture.variants if v.ext == "jpg" and v.width <= SHARE_WIDTH), key=lambda v: v.width)
    if jpegs:
        v = jpegs[-1]
        return v.uri, v.width, v.height
    return None


def card(*, kind: str, title: str, description: str, url: str, site_url: str,
         image: tuple[str, int, int] | None) -> Card:
    base = site_url.rstrip("/") + "/"
    uri, width, height = image or SITE_IMAGE
    ext = uri.rsplit(".", 1)[-1].lower()
    return Card(kind, plain(title), plain(description), url, base + uri, width, height,
                "image/png" if ext == "png" else "image/jpeg")


def meta_tags(c: Card) -> str:
    """The card as head tags, for pages made without templates (short addresses' redirects)."""
    import html

    pairs = [("og:type", c.kind), ("og:title", c.title), ("og:description", c.description), ("og:url", c.url),
             ("og:image", c.image), ("og:image:width", str(c.width)), ("og:image:height", str(c.height))]
    tags = [f'<meta property="{k}" content="{html.escape(v)}">' for k, v in pairs]
    tags += [f'<meta itemprop="{k}" content="{html.escape(v)}">' for k, v in (("name", c.title), ("description", c.description), ("image", c.image))]
    return "".join(t + "\n" for t in tags)


def plain(text: str) -> str:
    """One line of text: tags out, whitespace folded (escaping is the template's)."""
    import html

    return " ".join(html.unescape(TAGS.sub("", text or "")).split())
