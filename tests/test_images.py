"""Photos for phones: a site with real (generated) photos is built with the real
mkdocs; the phone-sized WebP/JPEG versions, their sizes and the markup are checked,
and the seed site shows no grey placeholder anywhere."""

from __future__ import annotations

import io
import re
from pathlib import Path

import feedparser
import lxml.html
import pytest
import yaml
from PIL import Image

from kexie.core.images import WIDTHS, make_variants, target_widths
from sitekit import PEOPLE, article, issue_yml, make_site


def photo(width: int, height: int, orientation: int | None = None) -> bytes:
    """A real JPEG: colour gradients and detail, like a camera's, optionally with an EXIF rotation."""
    img = Image.radial_gradient("L").resize((width, height))
    rgb = Image.merge("RGB", (img, Image.linear_gradient("L").resize((width, height)), img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    rgb.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def test_widths_never_upscale():
    assert target_widths(4000) == [480, 800, 1200]
    assert target_widths(1000) == [480, 800, 1000]
    assert target_widths(300) == [300]
    assert target_widths(1200) == [480, 800, 1200]


def test_variants_are_made_once_and_follow_exif_rotation(tmp_path):
    src = tmp_path / "p.jpg"
    src.write_bytes(photo(1600, 1200, orientation=6))  # camera held upright: 1200 × 1600 after rotation
    pic, files = make_variants("issues/x/p.jpg", src, tmp_path / "cache")
    assert (pic.width, pic.height) == (1200, 1600)
    assert sorted(files) == sorted(f"issues/x/p-{w}w.{ext}" for w in WIDTHS for ext in ("webp", "jpg"))
    for v in pic.variants:
        with Image.open(files[v.uri]) as img:
            assert img.size == (v.width, v.height)
            assert img.format == {"webp": "WEBP", "jpg": "JPEG"}[v.ext]
            assert v.height == round(1600 * v.width / 1200)
    stamps = {p: p.stat().st_mtime_ns for p in files.values()}
    again, _ = make_variants("issues/x/p.jpg", src, tmp_path / "cache")
    assert again == pic and {p: p.stat().st_mtime_ns for p in files.values()} == stamps


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    """A small site with an article photo (2400 px), a small one (600 px), a cover and a person photo."""
    site = make_site(tmp_path_factory.mktemp("photos"))
    site.write("issues/2023-02/issue.yml", issue_yml() + "cover: cover.jpg\ncover_caption: 实验室一角\n")
    site.write("issues/2023-02/cover.jpg", photo(1500, 2000))
    site.write("issues/2023-02/lab.jpg", photo(2400, 1600))
    site.write("issues/2023-02/small.png", _png(600, 400))
    site.write("people/photos/li-weirong.jpg", photo(800, 1000))
    people = [{**PEOPLE[0], "photo": "people/photos/li-weirong.jpg"}]
    site.write("_data/people.yml", yaml.safe_dump(people, allow_unicode=True, sort_keys=False))
    body = ("导语。\n\n<figure markdown=\"span\">\n  ![李卫荣在实验室](lab.jpg)\n  <figcaption>李卫荣在实验室</figcaption>\n</figure>\n\n"
            "正文。\n\n![样品](small.png)\n")
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, person=["李卫荣"], authors=["张婷"], body=body))
    result = site.build("--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 30, 128)).save(out, "PNG")
    return out.getvalue()


def pictures(html: str) -> list:
    return lxml.html.fromstring(html).xpath("//main//picture")


def srcset_widths(srcset: str) -> list[int]:
    return [int(w) for w in re.findall(r"\s(\d+)w(?:,|$)", srcset)]


def test_photo_versions_sit_beside_the_kept_original(photo_site):
    folder = photo_site.out / "issues/2023-02"
    assert (folder / "lab.jpg").read_bytes() == (photo_site.content / "issues/2023-02/lab.jpg").read_bytes()
    for w in WIDTHS:
        for ext, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
            with Image.open(folder / f"lab-{w}w.{ext}") as img:
                assert img.format == fmt and img.size == (w, round(1600 * w / 2400))
    assert (folder / "lab-1200w.webp").stat().st_size < (folder / "lab.jpg").stat().st_size
    # never upscaled: the 600 px PNG gets 480 and 600, flattened for JPEG
    assert sorted(p.name for p in folder.glob("small-*")) == ["small-480w.jpg", "small-480w.webp", "small-600w.jpg", "small-600w.webp"]


def test_article_photos_are_pictures_with_srcset_sizes_and_lazy_loading(photo_site):
    pics = pictures(photo_site.page("issues/2023-02/li-weirong/"))
    assert len(pics) == 2
    first, second = pics
    source, img = first.find("source"), first.find(".//img")
    assert source.get("type") == "image/webp"
    assert srcset_widths(source.get("srcset")) == [480, 800, 1200]
    assert srcset_widths(img.get("srcset")) == [480, 800, 1200]
    assert source.get("srcset").startswith("../lab-480w.webp 480w")
    assert img.get("src") == "../lab-800w.jpg"
    assert img.get("sizes") and img.get("sizes") == source.get("sizes")
    assert (img.get("width"), img.get("height")) == ("1200", "800")
    assert img.get("alt") == "李卫荣在实验室"
    assert img.get("loading") is None  # the first photo may be on the first screen
    assert second.find(".//img").get("loading") == "lazy"
    assert srcset_widths(second.find("source").get("srcset")) == [480, 600]


def test_cover_and_person_photo_take_the_same_path(photo_site):
    issue = pictures(photo_site.page("issues/2023-02/"))
    assert issue and srcset_widths(issue[0].find("source").get("srcset")) == [480, 800, 1200]
    assert issue[0].find(".//img").get("alt") == "《企业科协》2023年第2期封面"
    assert not lxml.html.fromstring(photo_site.page("issues/2023-02/")).find_class("kx-cover")
    person = pictures(photo_site.page("people/li-weirong/"))
    assert person and person[0].find(".//img").get("src") == "../photos/li-weirong-800w.jpg"
    assert (photo_site.out / "people/photos/li-weirong-480w.webp").is_file()


def test_feeds_carry_one_plain_absolute_image(photo_site):
    feed = feedparser.parse((photo_site.out / "feed.xml").read_bytes())
    entry = next(e for e in feed.entries if e.link.endswith("/li-weirong/"))
    html = entry.description
    assert "<picture" not in html and "srcset" not in html
    assert 'src="https://qyqx.example.cn/issues/2023-02/lab-800w.jpg"' in html


def test_a_broken_image_file_is_a_clear_error(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-02/broken.jpg", b"not a jpeg at all")
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, body="![坏图](broken.jpg)\n"))
    result = site.build()
    assert result.returncode != 0
    assert "issues/2023-02/broken.jpg：无法识别这张图片" in result.stderr and "Traceback" not in result.stderr
    assert "UnidentifiedImageError" not in result.stderr  # no Python names for editors


def test_seed_site_has_no_placeholder_photos(seed_site):
    for path in [*seed_site.rglob("*.html"), *seed_site.rglob("*.xml")]:
        text = path.read_text(encoding="utf-8")
        assert "figure-placeholder" not in text and "封面图片" not in text, path
    issue = lxml.html.fromstring((seed_site / "issues/2023-02/index.html").read_text(encoding="utf-8"))
    cover = issue.find_class("kx-cover")[0].text_content()
    assert "企业科协" in cover and "总第315期" in cover and "创新提振发展信心" in cover
    notes = sum(len(lxml.html.fromstring(p.read_text(encoding="utf-8")).find_class("kx-caption-note"))
                for p in (seed_site / "issues/2023-02").glob("*/index.html"))
    assert notes >= 31  # every print photo's caption is kept, as a note
