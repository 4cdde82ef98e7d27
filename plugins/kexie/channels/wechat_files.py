"""The 公众号 export on disk: one folder per article (article.html to open and copy, the
images to upload, the two cover crops, 说明.txt with title, digest, author, 阅读原文 and
warnings), an issue as a folder of those or a ZIP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import markdown
from PIL import Image, ImageOps

from ..core.html_safety import sanitise
from ..core.messages import render
from ..core.source import read_text, split_front_matter
from . import wechat
from .share import SITE_IMAGE, first_photo

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables"]  # mkdocs.yml's, less the toc's anchors


def body_html(content: Path, article) -> str:
    """The article's text as the site renders it (Markdown, then the same sanitiser)."""
    _, body, _ = split_front_matter(read_text(content / article.path))
    return sanitise(markdown.markdown(body, extensions=EXTENSIONS))


def web_image(path: Path) -> tuple[bytes, str, int, int]:
    """(bytes, extension, width, height): JPEG (PNG when the original is one), at most 1080 px wide, never WebP."""
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im)
        if im.width > wechat.MAX_IMAGE_WIDTH:
            im = im.resize((wechat.MAX_IMAGE_WIDTH, round(im.height * wechat.MAX_IMAGE_WIDTH / im.width)), Image.LANCZOS)
        out = io.BytesIO()
        if path.suffix.lower() == ".png":
            im.save(out, "PNG", optimize=True)
            return out.getvalue(), "png", im.width, im.height
        im.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
        return out.getvalue(), "jpg", im.width, im.height


def cover(path: Path, size: tuple[int, int]) -> bytes:
    """The photo cut to ``size``'s shape around its centre, then scaled to it (JPEG)."""
    with Image.open(path) as im:
        im = ImageOps.fit(ImageOps.exif_transpose(im).convert("RGB"), size, Image.LANCZOS, centering=(0.5, 0.4))
        out = io.BytesIO()
        im.save(out, "JPEG", quality=88, optimize=True)
        return out.getvalue()


def write_article(folder: Path, content: Path, article, site_url: str, site_name: str, theme_dir: Path, urls: dict[str, str]) -> wechat.Export:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "images").mkdir(exist_ok=True)
    made: dict[str, tuple[str, int, int]] = {}

    def image_for(site_path: str):
        if site_path not in made:
            source = content / site_path
            if not source.is_file():
                return None
            data, ext, w, h = web_image(source)
            name = f"images/{len(made) + 1:02d}.{ext}"
            (folder / name).write_bytes(data)
            made[site_path] = (name, w, h)
        return made[site_path]

    html = body_html(content, article)
    ex = wechat.export(article, html, site_url, site_name, image_for, urls)
    photo = first_photo(read_text(content / article.path), str(Path(article.path).parent))
    issue_cover = article.issue.url + article.issue.cover if article.issue and article.issue.cover else None
    source = next((content / p for p in (photo, issue_cover) if p and (content / p).is_file()), theme_dir / SITE_IMAGE[0])
    for size in (wechat.COVER_WIDE, wechat.COVER_SQUARE):
        (folder / f"cover-{size[0]}x{size[1]}.jpg").write_bytes(cover(source, size))
    (folder / "article.html").write_text(page(ex), encoding="utf-8")
    (folder / "说明.txt").write_text(notes(ex), encoding="utf-8")
    return ex


def page(ex: wechat.Export) -> str:
    """A page with nothing but the export: open it, select all, copy, paste into the 公众号 editor."""
    t = wechat._e(ex.title)
    return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"><title>{t}</title></head>\n'
            f'<body style="max-width:677px;margin:0 auto;padding:16px;">\n{ex.html}\n</body></html>\n')


def notes(ex: wechat.Export) -> str:
    lines = [f"标题：{ex.title}", f"作者：{ex.author}", f"摘要：{ex.digest}", f"阅读原文：{ex.source_url}", ex.source_line,
             "封面：cover-900x383.jpg（2.35:1）、cover-900x900.jpg（1:1）", "图片：images/ 里的文件，在公众号编辑器里上传替换", ""]
    lines += [render("wechat.warning", message=w) for w in ex.warnings]
    return "\n".join(lines) + "\n"


def zip_folder(folder: Path) -> Path:
    target = folder.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(folder.parent).as_posix())
    return target
