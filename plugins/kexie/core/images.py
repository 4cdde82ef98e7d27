"""Photos for phones: WebP + JPEG versions at a few widths, and the markup that offers them.

An original (``issues/2023-02/photo.jpg``) stays where it is; beside it the site
gets ``photo-480w.webp``, ``photo-480w.jpg``, ``photo-800w.webp`` … (never wider
than the original).  Pages offer them through ``<picture>`` with ``srcset`` and
``sizes``, width and height set so nothing jumps while loading.

Variants are made once per original content (a hash names them in a cache
folder), so rebuilds and ``mkdocs serve`` only copy them.  No MkDocs import.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

RASTER = (".jpg", ".jpeg", ".png", ".webp")
WIDTHS = (480, 800, 1200)
FORMATS = (("webp", "image/webp"), ("jpg", "image/jpeg"))
QUALITY = {"webp": 80, "jpg": 82}
# Article column: full width on a phone, at most ~42em (≈ 760 px) on a desktop.
ARTICLE_SIZES = "(max-width: 800px) 100vw, 760px"


@dataclass(frozen=True)
class Variant:
    uri: str  # site path, e.g. "issues/2023-02/photo-800w.webp"
    width: int
    height: int
    ext: str  # "webp" or "jpg"


@dataclass(frozen=True)
class Picture:
    """An original photo and its phone-sized versions."""

    uri: str
    width: int  # of the original, after EXIF rotation
    height: int
    variants: tuple[Variant, ...]

    def srcset(self, ext: str, href: Callable[[str], str]) -> str:
        return ", ".join(f"{href(v.uri)} {v.width}w" for v in self.variants if v.ext == ext)

    def fallback(self) -> Variant:
        """The JPEG for browsers that read neither srcset nor WebP: the middle width."""
        jpegs = [v for v in self.variants if v.ext == "jpg"]
        return jpegs[min(1, len(jpegs) - 1)]


def is_raster(uri: str) -> bool:
    return uri.lower().endswith(RASTER)


def target_widths(width: int) -> list[int]:
    """The widths to make for an original ``width`` px wide: never upscaled."""
    widths = [w for w in WIDTHS if w < width]
    if width <= WIDTHS[-1] or not widths:
        widths.append(min(width, WIDTHS[-1]))
    return sorted(set(widths))


def variant_uri(uri: str, width: int, ext: str) -> str:
    stem = uri.rsplit(".", 1)[0]
    return f"{stem}-{width}w.{ext}"


# -- the check: what the build would refuse, found without decoding a photo ----------
VARIANT_NAME = re.compile(r"^(?P<stem>.+)-\d+w\.(?:webp|jpg)$")
# EXIF orientations that turn the photo a quarter: width and height swap (ImageOps.exif_transpose).
QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Header:
    """What an image's header tells: its size, or why it is no photo we can use."""

    size: tuple[int, int] | None = None  # as stored, before EXIF rotation
    problem: str = ""  # a catalogue key: image.unidentified, image.too_many_pixels


_headers: dict[tuple, Header] = {}  # (path, mtime, size, inode) → Header: `mkdocs serve` rebuilds re-read only changed files


def read_header(path: Path) -> Header:
    """Open ``path`` as Pillow would for the build, reading only its header (no pixel is decoded)."""
    try:
        st = path.stat()
    except OSError:
        return Header()  # unreadable: the build publishes it as it is (the copy names it)
    key = (str(path), st.st_mtime_ns, st.st_size, st.st_ino)
    if (known := _headers.get(key)) is None:
        known = _headers[key] = _open_header(path)
        if len(_headers) > 200_000:
            _headers.clear()
    return known


def _open_header(path: Path) -> Header:
    try:
        with Image.open(path) as opened:
            return Header(opened.size)
    except UnidentifiedImageError:
        return Header(problem="image.unidentified")
    except Image.DecompressionBombError:
        return Header(problem="image.too_many_pixels")
    except (OSError, ValueError, SyntaxError):  # a known format with damaged data: published as it is
        return Header()


def oriented_size(path: Path, size: tuple[int, int]) -> tuple[int, int]:
    """The size after EXIF rotation, as ``make_variants`` sees it."""
    try:
        with Image.open(path) as opened:
            orientation = opened.getexif().get(ExifTags.Base.Orientation, 1)
    except (OSError, ValueError, SyntaxError):
        return size
    return (size[1], size[0]) if orientation in QUARTER_TURNS else size


def variant_uris(uri: str, width: int) -> list[str]:
    """The site paths ``make_variants`` writes for an original ``width`` px wide."""
    return [variant_uri(uri, w, ext) for w in target_widths(width) for ext, _ in FORMATS]


def image_problems(root: Path, files: list[str]) -> list[tuple[str, str, dict]]:
    """(file, catalogue key, values) for every photo the build could not make versions of.

    ``files`` are the published non-Markdown files under ``root`` in the build's order.
    Every raster file's header is read (cheap, and cached between rebuilds); the exact
    version names (which need the size after EXIF rotation) are worked out only for
    photos that share a name stem with another file that could clash.
    """
    rasters = [rel for rel in files if is_raster(rel)]
    present = set(files)
    # stems that can clash: a file named like a version (photo-800w.webp), or two originals photo.jpg / photo.png
    stems: dict[str, int] = defaultdict(int)
    for rel in rasters:
        stems[rel.rsplit(".", 1)[0]] += 1
    for rel in files:
        if m := VARIANT_NAME.match(rel):
            stems[m.group("stem")] += 1
    out: list[tuple[str, str, dict]] = []
    made: dict[str, str] = {}  # version → its original
    for rel in rasters:
        header = read_header(root / rel)
        if header.problem:
            out.append((rel, header.problem, {}))
            continue
        if header.size is None or stems[rel.rsplit(".", 1)[0]] < 2:
            continue
        width = oriented_size(root / rel, header.size)[0]
        versions = variant_uris(rel, width)
        if taken := [v for v in versions if v in made]:
            out.append((rel, "image.same_versions", {"other": posixpath.basename(made[taken[0]]), "names": [posixpath.basename(v) for v in taken]}))
            continue
        for v in versions:
            if v in present:
                out.append((v, "image.name_taken", {"original": posixpath.basename(rel)}))
        if not any(v in present for v in versions):
            made |= {v: rel for v in versions}
    return out


def make_variants(uri: str, source: Path, cache: Path) -> tuple[Picture, dict[str, Path]]:
    """The Picture for ``source`` and {variant uri: file in ``cache``}; files made only if missing."""
    data = source.read_bytes()
    key = hashlib.sha256(data).hexdigest()[:20]
    cache.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as opened:
        image = ImageOps.exif_transpose(opened)
        width, height = image.size
        variants, files = [], {}
        for w in target_widths(width):
            h = max(1, round(height * w / width))
            resized = None
            for ext, _ in FORMATS:
                path = cache / f"{key}-{w}.{ext}"
                if not path.is_file():
                    resized = resized or _rgb(image).resize((w, h), Image.Resampling.LANCZOS)
                    _save(resized, path, ext)
                v = Variant(variant_uri(uri, w, ext), w, h, ext)
                variants.append(v)
                files[v.uri] = path
    return Picture(uri, width, height, tuple(variants)), files


def _rgb(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: flatten onto white."""
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _save(image: Image.Image, path: Path, ext: str) -> None:
    tmp = path.with_suffix(f".tmp.{ext}")
    if ext == "webp":
        image.save(tmp, "WEBP", quality=QUALITY[ext], method=4)
    else:
        image.save(tmp, "JPEG", quality=QUALITY[ext], optimize=True, progressive=True)
    tmp.replace(path)  # never a half-written variant in the cache


def picture_html(pic: Picture, alt: str, href: Callable[[str], str], *, sizes: str = ARTICLE_SIZES,
                 lazy: bool = True, css_class: str = "") -> str:
    """``<picture>``: WebP sources, a JPEG ``<img>`` with srcset, width/height and lazy loading."""
    sizes_attr = html.escape(sizes)
    first = pic.variants[-1]  # width/height: the aspect ratio of the largest version
    fallback = pic.fallback()
    attrs = [f'src="{html.escape(href(fallback.uri))}"', f'srcset="{html.escape(pic.srcset("jpg", href))}"',
             f'sizes="{sizes_attr}"', f'width="{first.width}"', f'height="{first.height}"', f'alt="{html.escape(alt)}"',
             'decoding="async"', 'loading="lazy"' if lazy else 'fetchpriority="high"']
    if css_class:
        attrs.append(f'class="{html.escape(css_class)}"')
    return (f'<picture><source type="image/webp" srcset="{html.escape(pic.srcset("webp", href))}" sizes="{sizes_attr}">'
            f'<img {" ".join(attrs)}></picture>')


IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("([^"]*)"|\'([^\']*)\'|([^\s"\'>]+))')


def img_attributes(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(3) if m.group(3) is not None else m.group(4) if m.group(4) is not None else m.group(5))
            for m in ATTR.finditer(tag)}


def rewrite_images(content: str, page_dir: str, pictures: dict[str, Picture], href: Callable[[str], str],
                   eager: int = 1) -> str:
    """Every ``<img>`` of a known photo in ``content`` becomes a ``<picture>``.

    ``page_dir`` is the page's folder in the site (its ``src`` are relative to it);
    the first ``eager`` photos load at once (they may be on the first screen), the rest lazily.
    """
    seen = 0

    def replace(m: re.Match) -> str:
        nonlocal seen
        attrs = img_attributes(m.group(0))
        src = attrs.get("src", "")
        if not src or re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I):
            return m.group(0)
        uri = posixpath.normpath(posixpath.join(page_dir, src.split("#")[0].split("?")[0])).lstrip("/")
        pic = pictures.get(uri)
        if pic is None:
            return m.group(0)
        seen += 1
        return picture_html(pic, attrs.get("alt", ""), href, lazy=seen > eager, css_class=attrs.get("class", ""))

    return IMG_TAG.sub(replace, content)
