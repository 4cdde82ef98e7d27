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
    result = site.build("--strict", quiet=False)  # not quiet: -q would keep --strict from counting warnings
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stdout + result.stderr
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


# -- photos named as phones, WeChat and cameras name them ------------------------------
from urllib.parse import quote, urljoin  # noqa: E402
import unicodedata  # noqa: E402

from kexie.core.checks import check_site  # noqa: E402
from kexie.core.images import photo_refs, safe_upload_name, target_path, version_stem  # noqa: E402
from kexie.core.problems import ContentError  # noqa: E402

NFD_CAFE = unicodedata.normalize("NFD", "café照片.jpeg")  # a Mac's spelling on disk
# file on disk → how the article shows it (what Markdown editors, Decap CMS among them, write)
PHONE_PHOTOS = {
    "微信图片_20231001 (2).JPG": ["![说明](微信图片_20231001%20(2).JPG)", "![说明](<微信图片_20231001 (2).JPG>)"],
    "IMG_20231001_123456.JPEG": ["![相机](IMG_20231001_123456.JPEG \"标题\")"],
    "DSC01234.JPG": ["![大小写](DSC01234.jpg)"],  # Windows and Macs ignore the case; the web does not
    "mmexport1696123456789.jpg": ['<figure markdown="span">\n  ![微信保存](mmexport1696123456789.jpg)\n  <figcaption>说明</figcaption>\n</figure>'],
    "Screenshot_2023-10-01-12-00-00-123_com.tencent.mm.jpg": ["![截屏](Screenshot_2023-10-01-12-00-00-123_com.tencent.mm.jpg)"],
    "截图 2023-10-01 12.00.00.png": ["![截图](截图 2023-10-01 12.00.00.png)"],
    "照片.PNG": ['<figure markdown="span">\n  <img src="照片.PNG" alt="原始 HTML">\n</figure>', '段中 <img alt="行内" src="%E7%85%A7%E7%89%87.PNG"> 图'],
    "照片.jpg": ["![同名不同格式](照片.jpg)"],
    "a+b&c 1.jpg": [f"![符号]({quote('a+b&c 1.jpg')})"],
    "百分之50%.jpg": ["![百分号](百分之50%25.jpg)"],
    "合影（2）.Jpg": ["![全角括号](合影（2）.Jpg)"],
    "相片.webp": ["![webp](相片.webp)"],
    NFD_CAFE: [f"![NFC 写法]({unicodedata.normalize('NFC', NFD_CAFE)})"],
    "photo.jpg": ["![普通](photo.jpg)"],
    "Photo.jpg": ["![只差大小写](Photo.jpg)"],
    "photo (1).jpg": ["![副本](photo%20(1).jpg)"],
}


@pytest.mark.parametrize("name, safe", [
    ("微信图片_20231001 (2).JPG", "wei-xin-tu-pian-20231001-2.jpg"),
    ("IMG_20231001_123456.JPEG", "img-20231001-123456.jpg"),
    ("DSC01234.JPG", "dsc01234.jpg"),
    ("mmexport1696123456789.jpg", "mmexport1696123456789.jpg"),
    ("Screenshot_2023-10-01-12-00-00-123_com.tencent.mm.jpg", "screenshot-2023-10-01-12-00-00-123-com-tencent-mm.jpg"),
    ("截图 2023-10-01 12.00.00.png", "jie-tu-2023-10-01-12-00-00.png"),
    ("照片.PNG", "zhao-pian.png"),
    ("合影（２）.Jpg", "he-ying-2.jpg"),  # full-width parentheses and digit
    ("a+b#c&d%e.jpg", "a-b-c-d-e.jpg"),
    ("Café.webp", "cafe.webp"),
    (unicodedata.normalize("NFD", "Café.webp"), "cafe.webp"),
    ("绿色.jfif", "lv-se.jpg"),
    ("IMG_0001.HEIC", "img-0001.heic"),
    ("（）.jpg", "photo.jpg"),
    (".jpg", "photo.jpg"),
    ("no extension", "no-extension"),
    ("C:\\Users\\编辑\\照片.jpg", "zhao-pian.jpg"),
])
def test_safe_upload_name(name, safe):
    assert safe_upload_name(name) == safe
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)?", safe_upload_name(name))


def test_version_names_are_ascii_and_apart():
    names = [*PHONE_PHOTOS, "照片.png", "照片 .PNG", "照片(2).jpg", "照片（2）.jpg", "照片-2.jpg"]
    stems = [version_stem(f"issues/2023-02/{n}") for n in names]
    assert len(set(stems)) == len(stems)  # names that read alike never share versions
    for stem in stems:
        assert re.fullmatch(r"issues/2023-02/[a-z0-9][a-z0-9._-]*", stem), stem
    assert version_stem("issues/x/lab.jpg") == "issues/x/lab"  # plain names keep the README's photo-800w.webp
    assert version_stem(NFD_CAFE) == version_stem(unicodedata.normalize("NFC", NFD_CAFE))


@pytest.mark.parametrize("written, target", [
    ("![a](微信图片_20231001%20(2).JPG)", "微信图片_20231001 (2).JPG"),
    ("![a](<照片 (2).jpg> \"t\")", "照片 (2).jpg"),
    ("![a](照片 (2).jpg \"t\")", "照片 (2).jpg"),
    ("![a](photo.jpg#x)", "photo.jpg"),
    ("<img alt='x' src='%E7%85%A7.png'>", "照.png"),
    ('<IMG SRC="a&amp;b.jpg">', "a&b.jpg"),
])
def test_every_way_of_writing_an_image_is_found(written, target):
    (ref,) = photo_refs(f"前文\n{written}\n后文")
    assert target_path(ref[2]) == target


@pytest.fixture(scope="module")
def phone_site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("phone"))
    for name in PHONE_PHOTOS:
        data = _png(640, 400) if name.lower().endswith(".png") else photo(640, 400)
        if name.endswith(".webp"):
            out = io.BytesIO()
            Image.open(io.BytesIO(data)).save(out, "WEBP")
            data = out.getvalue()
        site.write(f"issues/2023-02/{name}", data)
    body = "\n\n".join(ref for refs in PHONE_PHOTOS.values() for ref in refs) + "\n"
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, body=body))
    # the reverse of NFD_CAFE: the file NFC, the article NFD
    site.write("news/Ärger.jpg", photo(500, 300))
    site.write("news/tianjin.md", article("天津：民营企业", "地方动态", None, date="2023-10-01", org=["天津市科协"],
                                          body=f"![NFD 写法]({unicodedata.normalize('NFD', 'Ärger.jpg')})\n"))
    result = site.build("--strict", quiet=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return site


def _page_images(site, url: str):
    doc = lxml.html.fromstring(site.page(url))
    return doc.xpath("//article//picture"), doc.xpath("//article//img[not(ancestor::picture)]")


def test_phone_named_photos_get_pictures_like_photo_jpg(phone_site):
    url = "issues/2023-02/li-weirong/"
    pics, plain = _page_images(phone_site, url)
    assert plain == []  # nothing full size
    assert len(pics) == sum(len(refs) for refs in PHONE_PHOTOS.values())
    page = f"https://x.test/{url}"
    shown: dict[str, set] = {}
    for pic in pics:
        img = pic.find(".//img")
        files = [img.get("src")] + [part.split()[0] for el in (pic.find("source"), img) for part in el.get("srcset").split(", ")]
        for href in files:
            assert re.fullmatch(r"\.\./[a-z0-9][a-z0-9._-]*-\d+w\.(?:webp|jpg)", href), href  # plain ASCII addresses
            assert (phone_site.out / urljoin(page, href).removeprefix("https://x.test/")).is_file(), href
        assert srcset_widths(pic.find("source").get("srcset")) == [480, 640]
        shown.setdefault(img.get("alt"), set()).update(files)
    # two photos never share a version (the two references to 微信图片 and to 照片.PNG share theirs)
    groups = list(shown.values())
    assert all(a.isdisjoint(b) for i, a in enumerate(groups) for b in groups[i + 1:] if a != b)
    assert len({frozenset(g) for g in groups}) == len(PHONE_PHOTOS)
    for name in PHONE_PHOTOS:  # the original stays where it was
        assert (phone_site.out / "issues/2023-02" / name).read_bytes() == (phone_site.content / "issues/2023-02" / name).read_bytes()


def test_a_name_in_another_unicode_form_is_the_same_photo(phone_site):
    pics, plain = _page_images(phone_site, "news/tianjin/")
    assert len(pics) == 1 and plain == []
    assert pics[0].find(".//img").get("src").startswith("../arger-")


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """The content check of a site whose article shows photos the site cannot give versions."""
    site = make_site(tmp_path_factory.mktemp("refused"))
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(200)
    site.write("issues/2023-02/IMG_0001.HEIC", heic)
    site.write("issues/2023-02/IMG_0002.jpg", heic)  # renamed, still HEIC
    site.write("issues/2023-02/动图.GIF", b"GIF89a" + bytes(40))
    site.write("issues/2023-02/a#b.jpg", photo(100, 80))
    body = "![iPhone](IMG_0001.HEIC)\n\n![改名](IMG_0002.jpg)\n\n<img src=\"动图.GIF\">\n\n![井号](a#b.jpg)\n\n![没有](照片%20(3).jpg)\n"
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, body=body))
    with pytest.raises(ContentError) as e:
        check_site(site.content)
    return str(e.value)


def test_pillow_here_cannot_read_heic():
    with pytest.raises(Exception) as e:
        Image.open(io.BytesIO(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(200)))
    assert type(e.value).__name__ == "UnidentifiedImageError"


def test_photos_without_versions_are_refused_with_advice(checked):
    lines = checked.splitlines()
    assert any("li-weirong.md 第7行" in ln and "“IMG_0001.HEIC”是苹果手机的 HEIC 照片" in ln and "导出为 JPEG 再放进来（如 img-0001.jpg" in ln for ln in lines), checked
    assert any(ln.strip().startswith("issues/2023-02/IMG_0002.jpg") and "HEIC 照片，只是扩展名" in ln for ln in lines), checked
    assert any("第11行" in ln and "“动图.GIF”是 GIF 图片" in ln and "dong-tu.jpg" in ln for ln in lines), checked
    assert any("第13行" in ln and "“a#b.jpg”含有 #、? 或 %" in ln and "a-b.jpg" in ln for ln in lines), checked
    assert any("第15行" in ln and "图片“照片 (3).jpg”不存在" in ln for ln in lines), checked
    assert "Traceback" not in checked


def test_a_page_that_would_show_a_photo_full_size_warns_and_strict_fails(tmp_path):
    """The build's own net, for what the content check does not see: here a GIF shown as a
    reference-style image (![说明][1] … [1]: 动图.gif)."""
    site = make_site(tmp_path)
    site.write("issues/2023-02/动图 (1).gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42,
                                                       body="导语。\n\n![动图][1]\n\n[1]: 动图%20(1).gif\n"))
    result = site.build("--strict", quiet=False)
    assert result.returncode != 0
    # a warning, not an error: a preview or a build without --strict publishes the page and says why
    assert ("WARNING -  issues/2023-02/li-weirong.md 第11行 image（图片）：图片“issues/2023-02/动图 (1).gif”没有手机版本"
            "（它不是 JPEG、PNG 或 WebP），页面会直接显示原图，手机读者要下载整张大图；请另存为 JPEG 或 PNG 再放进来") in result.stderr, result.stderr
    assert "ERROR" not in result.stderr and "Traceback" not in result.stderr


def test_a_photo_cut_short_is_refused_before_the_build(tmp_path):
    site = make_site(tmp_path)
    whole = photo(900, 600)
    site.write("issues/2023-02/坏照片 (1).jpg", whole[: len(whole) // 2])  # an upload cut short: the header reads, the pixels do not
    site.write("issues/2023-02/li-weirong.md", article("李卫荣：镁合金", "创新达人", 42, body="![坏照片](<坏照片 (1).jpg>)\n"))
    with pytest.raises(ContentError) as e:
        check_site(site.content)
    assert "issues/2023-02/坏照片 (1).jpg：图片数据不完整" in str(e.value)
