"""Photos for phones: WebP + JPEG versions at a few widths, and the markup that offers them.

An original (``issues/2023-02/photo.jpg``) stays where it is; beside it the site
gets ``photo-480w.webp``, ``photo-480w.jpg``, ``photo-800w.webp`` … (never wider
than the original).  Phones, WeChat and cameras name photos ``微信图片_20231001 (2).JPG``;
their versions get a lowercase ASCII name with a short hash of the original name
(``weixin-tupian-20231001-2-3f9a1c-800w.webp``), so every version URL is plain ASCII
and two such photos never share versions.  Pages offer them through ``<picture>`` with ``srcset`` and
``sizes``, width and height set so nothing jumps while loading.

Variants are made once per original content (a hash names them in a cache
folder), so rebuilds and ``mkdocs serve`` only copy them.  No MkDocs import.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

RASTER = (".jpg", ".jpeg", ".jfif", ".png", ".webp")  # .jfif: how Windows and WeChat for PC save JPEGs
# Image files the site cannot give phone versions of (browsers, WeChat's included, show few of them):
# an article that shows one is refused with advice to export a JPEG. SVG (drawings) is shown as it is.
NOT_FOR_WEB = {".heic": "image.heic", ".heif": "image.heic", ".avif": "image.format", ".gif": "image.format",
               ".bmp": "image.format", ".tif": "image.format", ".tiff": "image.format", ".dng": "image.format"}
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
    return f"{version_stem(uri)}-{width}w.{ext}"


# A name kept as it is for versions: lowercase ASCII, as the README asks (photo.jpg → photo-800w.webp).
PLAIN_STEM = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def version_stem(uri: str) -> str:
    """The site path its versions start with: ``photo`` for ``photo.jpg``; for any other name
    its ASCII form and 6 hex digits of the name's hash, so names that read alike stay apart:
    ``微信图片_20231001 (2).JPG`` → ``weixin-tupian-20231001-2-<hash>``."""
    folder, name = posixpath.split(uri)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if PLAIN_STEM.match(stem):
        return uri[: len(uri) - len(name)] + stem
    digest = hashlib.sha1(nfc(name).encode("utf-8")).hexdigest()[:6]  # NFC: one name, however the disk spells it
    readable = ascii_stem(stem)
    return posixpath.join(folder, f"{readable}-{digest}" if readable else digest)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# -- names from phones, WeChat and cameras -------------------------------------------
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
EXTENSION_ALIASES = {"jpeg": "jpg", "jfif": "jpg", "jpe": "jpg"}


def ascii_stem(stem: str) -> str:
    """Lowercase ASCII words joined by '-': Han characters as pinyin syllables, letters
    without accents, digits kept, anything else a separator. '' when nothing is left."""
    text = unicodedata.normalize("NFKC", stem)  # full-width （２） → (2)
    if HAN.search(text):
        from pypinyin import Style, lazy_pinyin  # imported late: 0.2 s, and most names are plain

        text = HAN.sub(lambda m: "-" + "-".join(lazy_pinyin(m.group(), style=Style.NORMAL)) + "-", text)
    text = unicodedata.normalize("NFKD", text.replace("ü", "v").replace("Ü", "v"))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def safe_upload_name(name: str) -> str:
    """A lowercase ASCII file name for a photo uploaded under any name.

    The rule (kept simple so the web editor can do the same in a few lines of JS):

    1. Unicode NFKC (full-width letters, digits and （） become ASCII);
    2. split at the last '.': the extension is lower-cased, ``jpeg``/``jfif``/``jpe`` → ``jpg``
       (no '.', or an extension that is not ASCII letters and digits: no extension);
    3. in the stem, each Han character becomes its toneless pinyin syllable (pypinyin;
       in JS pinyin-pro), with '-' around and between syllables; ü → v;
    4. accents dropped (NFKD, then any non-ASCII character dropped), lower case;
    5. every run of characters other than ``a-z0-9`` becomes one '-'; '-' trimmed at both ends;
    6. an empty stem becomes ``photo``.

    ``微信图片_20231001 (2).JPG`` → ``wei-xin-tu-pian-20231001-2.jpg``;
    ``IMG_20231001_123456.JPEG`` → ``img-20231001-123456.jpg``.
    """
    name = unicodedata.normalize("NFKC", posixpath.basename(name.replace("\\", "/")))
    stem, dot, ext = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]+", ext):
        stem, ext = name, ""
    ext = EXTENSION_ALIASES.get(ext.lower(), ext.lower())
    stem = ascii_stem(stem) or "photo"
    return f"{stem}.{ext}" if ext else stem


# -- where pages show photos, and which file each one means ---------------------------
# A Markdown target: (<with spaces>) or bare, where Python-Markdown allows balanced
# parentheses and spaces: ![说明](微信图片_20231001%20(2).JPG), ![说明](照片 (2).jpg "标题").
TARGET = r"\(\s*(?:<([^>\n]*)>|((?:[^()\s]|\([^()\n]*\))+(?:[ \t]+(?![\"'])(?:[^()\s]|\([^()\n]*\))+)*))"
IMAGE = re.compile(r"!\[[^\]]*\]" + TARGET)
HTML_IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def photo_refs(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, target as written, whether Markdown) of every image in Markdown ``text``,
    raw ``<img src>`` included; start/end delimit the target itself."""
    refs = []
    for pattern in (IMAGE, HTML_IMG_SRC):
        markdown = pattern is IMAGE
        for m in pattern.finditer(text):
            group = next(i for i in range(1, pattern.groups + 1) if m.group(i) is not None)
            written = m.group(group) if markdown else html.unescape(m.group(group))
            refs.append((m.start(group), m.end(group), written, markdown))
    return sorted(refs)


def target_path(target: str) -> str:
    """The file a written target means: query and fragment cut, percent-escapes decoded."""
    return unquote(target.split("#")[0].split("?")[0]).strip()


def name_key(path: str) -> str:
    """How an editor's computer compares names: one Unicode form, any letter case
    (``照片.JPG`` and ``照片.jpg``, NFD from a Mac and NFC from Windows, are one photo)."""
    return nfc(path).casefold()


def same_name(rel: str, candidates) -> str | None:
    """The one candidate that is ``rel`` under ``name_key``; None when none is or several are."""
    key = name_key(rel)
    found = [c for c in candidates if name_key(c) == key]
    return found[0] if len(found) == 1 else None


def find_photo(root: Path, rel: str) -> str | None:
    """``rel`` if it is a file under ``root``, else the one file its name means (``same_name``)."""
    if (root / rel).is_file():
        return rel
    folder = posixpath.dirname(rel)
    try:
        names = [e.name for e in (root / folder).iterdir() if e.is_file()]
    except OSError:
        return None
    found = same_name(posixpath.basename(rel), names)
    return posixpath.join(folder, found) if found else None


def format_problem(rel: str, target: str = "") -> tuple[str, dict] | None:
    """(catalogue key, values) when ``rel`` is an image kind the site gives no phone versions;
    ``target``: the image as the article names it."""
    suffix = posixpath.splitext(rel)[1].lower()
    if (key := NOT_FOR_WEB.get(suffix)) is None:
        return None
    jpeg = safe_upload_name(posixpath.basename(rel)[: -len(suffix)] + ".jpg")
    return key, {"target": target or posixpath.basename(rel), "ext": suffix.lstrip(".").upper(), "suggest": jpeg}


# Characters a web address reads as something else: # starts a fragment, ? a query, % an escape.
URL_SPECIAL = re.compile(r"[#?%]")


def fix_photo_targets(markdown: str, folder: str, lookup: Callable[[str], str | None], scan: str | None = None) -> str:
    """Image targets as MkDocs and browsers need them, each meaning the file the editor meant.

    A Markdown target that differs from the file's name only as ``name_key`` forgives gets the
    file's exact name (MkDocs compares names byte for byte). A raw ``<img src>``, which MkDocs
    leaves alone and a browser reads relative to the page's address (``li-weirong/``, not the
    article's folder), gets the file's site path from the root (``/issues/2023-02/照片.jpg``,
    percent-encoded); ``rewrite_images`` turns it into a ``<picture>`` with relative addresses.
    ``lookup(site path)`` gives the exact path of the one file meant, or None; ``scan``: the
    text to look for images in, offset for offset (``markdown`` with its code blanked out).
    """
    out, last = [], 0
    for start, end, target, is_markdown in photo_refs(markdown if scan is None else scan):
        path = target_path(target)
        if not path or re.match(r"^[a-z][a-z0-9+.-]*:|^/", path, re.I):
            continue
        rel = posixpath.normpath(posixpath.join(folder, path))
        exact = lookup(rel)
        if exact is None or (exact == rel and is_markdown):
            continue
        if not is_markdown:
            fixed = "/" + quote(exact)
        elif markdown[start - 1 : start] == "<":
            fixed = posixpath.relpath(exact, folder or ".")
        else:
            fixed = f"<{posixpath.relpath(exact, folder or '.')}>"
        out += [markdown[last:start], fixed]
        last = end
    return "".join(out) + markdown[last:]


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
            size = opened.size
    except UnidentifiedImageError:
        return Header(problem="image.heic_renamed" if _is_heic(path) else "image.unidentified")
    except Image.DecompressionBombError:
        return Header(problem="image.too_many_pixels")
    except (OSError, ValueError, SyntaxError):  # a known format cut short in its header: no version can be made either
        return Header(problem="image.truncated")
    return Header(size, problem="" if _pixels_read(path) else "image.truncated")


def _pixels_read(path: Path) -> bool:
    """Whether the pixel data reads to its end (an upload cut short does not): a page would
    show such a photo full size, since no version can be made. JPEGs are read at 1/8 scale."""
    try:
        with Image.open(path) as opened:
            opened.draft("RGB", (max(1, opened.width // 8), max(1, opened.height // 8)))
            opened.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def _is_heic(path: Path) -> bool:
    """An iPhone photo (HEIF container) whatever its name says: ``ftypheic``, ``ftypmif1`` … at byte 4."""
    try:
        with path.open("rb") as f:
            head = f.read(12)
    except OSError:
        return False
    return head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")


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
        stems[version_stem(rel)] += 1
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
        if header.size is None or stems[version_stem(rel)] < 2:
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
SRC_ATTR = re.compile(r"""(\ssrc\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("([^"]*)"|\'([^\']*)\'|([^\s"\'>]+))')


def img_attributes(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(3) if m.group(3) is not None else m.group(4) if m.group(4) is not None else m.group(5))
            for m in ATTR.finditer(tag)}


def rewrite_images(content: str, page_dir: str, picture_of: Callable[[str], Picture | None], href: Callable[[str], str],
                   eager: int = 1, missed: list[str] | None = None) -> str:
    """Every ``<img>`` of a known photo in ``content`` becomes a ``<picture>``.

    ``page_dir`` is the page's folder in the site (its ``src`` are relative to it);
    ``picture_of(site path)`` gives a photo's versions; a ``src`` is percent-decoded before it
    is looked up (MkDocs writes ``%E5%BE%AE…%20%282%29.JPG``).
    The first ``eager`` photos load at once (they may be on the first screen), the rest lazily.
    ``missed`` collects the site path of every other local image but drawings (SVG):
    shown full size, which the caller tells the editor.
    """
    seen = 0

    def replace(m: re.Match) -> str:
        nonlocal seen
        attrs = img_attributes(m.group(0))
        src = attrs.get("src", "")
        if not src or re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I):
            return m.group(0)
        uri = posixpath.normpath(posixpath.join(page_dir, target_path(src))).lstrip("/")
        pic = picture_of(uri)
        if pic is None:
            if missed is not None and not uri.lower().endswith(".svg"):
                missed.append(uri)
            if src.startswith("/"):  # from the root (a raw <img>, see fix_photo_targets): relative, as MkDocs writes
                return SRC_ATTR.sub(lambda a: f'{a.group(1)}"{html.escape(href(uri))}"', m.group(0), count=1)
            return m.group(0)
        seen += 1
        return picture_html(pic, attrs.get("alt", ""), href, lazy=seen > eager, css_class=attrs.get("class", ""))

    return IMG_TAG.sub(replace, content)
