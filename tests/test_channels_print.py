"""Print ↔ web: each article's short address /a/<link_id>/ (kept through slug, title and
file name changes) and its QR codes, decoded with a real decoder (zbarimg) and followed
in Chromium on the built site."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from browserkit import chromium_browser, serve
from kexie.channels import shortlinks
from kexie.editor.cli import main as kexie
from sitekit import article, make_site

SITE_URL = "https://qyqx.example.cn/"


def zbarimg(path: Path) -> list[str]:
    if not shutil.which("zbarimg"):
        pytest.fail("zbarimg not found: run scripts/test.sh (it installs Debian's zbar-tools)", pytrace=False)
    out = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True, timeout=60)
    return out.stdout.split()


def test_ids_are_written_once_and_kept(tmp_path, capsys):
    site = make_site(tmp_path)
    site.write("issues/2023-02/juan-shou-yu.md", article("卷首语文章", "卷首语", 1).replace("section:", "# 印刷稿\nsection:"))
    assert kexie(["--content", str(site.content), "ids"]) == 0
    texts = {p: p.read_text(encoding="utf-8") for p in sorted(site.content.rglob("*.md")) if p.name != "index.md"}
    ids = {p: shortlinks.link_id_of(t) for p, t in texts.items()}
    assert len(ids) == 3 and all(map(shortlinks.is_link_id, ids.values())) and len(set(ids.values())) == 3
    assert "# 印刷稿\n" in texts[site.content / "issues/2023-02/juan-shou-yu.md"]  # the rest kept as written
    assert kexie(["--content", str(site.content), "ids"]) == 0  # a second run changes nothing
    assert {p: p.read_text(encoding="utf-8") for p in texts} == texts
    assert "其余 3 篇已有编号" in capsys.readouterr().out
    # `new` writes one too, different from those in use
    assert kexie(["--content", str(site.content), "new", "--title", "新闻稿", "--section", "地方动态", "--date", "2023-11-01"]) == 0
    new_id = shortlinks.link_id_of((site.content / "news/xinwengao.md").read_text(encoding="utf-8"))
    assert shortlinks.is_link_id(new_id) and new_id not in ids.values()


def test_short_address_survives_a_slug_and_title_change(tmp_path):
    site = make_site(tmp_path)
    assert kexie(["--content", str(site.content), "ids"]) == 0
    old = site.content / "issues/2023-02/li-weirong.md"
    link_id = shortlinks.link_id_of(old.read_text(encoding="utf-8"))
    assert site.build("--strict").returncode == 0
    assert 'url=../../issues/2023-02/li-weirong/"' in (site.out / "a" / link_id / "index.html").read_text(encoding="utf-8")
    # renamed file, new slug, new title: the id travels inside the file
    text = old.read_text(encoding="utf-8").replace("李卫荣：镁合金", "李卫荣：医用镁合金").replace("section:", "slug: li-weirong-mg\nsection:")
    old.unlink()
    site.write("issues/2023-02/weirong.md", text)
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    page = (site.out / "a" / link_id / "index.html").read_text(encoding="utf-8")
    assert 'url=../../issues/2023-02/li-weirong-mg/"' in page and "李卫荣：医用镁合金" in page
    assert f'<link rel="canonical" href="{SITE_URL}issues/2023-02/li-weirong-mg/">' in page
    assert '<meta property="og:title" content="李卫荣：医用镁合金">' in page  # pasted into a chat, it previews as the article


def test_bad_and_copied_ids_are_refused(tmp_path, capsys):
    site = make_site(tmp_path)
    assert kexie(["--content", str(site.content), "ids"]) == 0
    text = (site.content / "issues/2023-02/li-weirong.md").read_text(encoding="utf-8")
    site.write("issues/2023-02/li-weirong-copy.md", text.replace("李卫荣：镁合金", "另一篇"))
    site.write("news/bad.md", article("坏编号", "地方动态", None, date="2023-10-02", link_id="ABC"))
    assert kexie(["--content", str(site.content), "check"]) == 1
    err = capsys.readouterr().err
    link_id = shortlinks.link_id_of(text)
    assert re.search(rf"li-weirong-copy\.md link_id（短链编号）：短链编号“{link_id}”也写在 “issues/2023-02/li-weirong\.md”", err), err
    assert "news/bad.md 第" in err and "link_id（短链编号）：写成了“ABC”" in err


def test_issue_codes_decode_and_lead_to_the_articles(tmp_path, capsys):
    site = make_site(tmp_path)
    for n in range(3):
        site.write(f"issues/2023-02/wen-{n}.md", article(f"第{n}篇：新材料", "工作简讯", 50 + n))
    assert kexie(["--content", str(site.content), "ids"]) == 0
    assert site.build("--strict").returncode == 0
    out = tmp_path / "codes"
    assert kexie(["--content", str(site.content), "qr", "2023-02", "--out", str(out)]) == 0
    assert "已生成 5 个二维码" in capsys.readouterr().out
    rows = list(csv.DictReader((out / "codes.csv").open(encoding="utf-8-sig")))
    assert [int(r["页码"]) for r in rows] == [1, 42, 50, 51, 52]  # print order
    assert {r["纠错等级"] for r in rows} <= {"M", "Q", "H"}
    decoded = {}
    for r in rows:
        png = out / r["二维码 PNG"]
        with Image.open(png) as im:
            assert [round(d) for d in im.info["dpi"]] == [300, 300]
            assert im.size[0] >= (21 + 8) * 8  # version ≥ 1 plus a 4-module quiet zone, 8 px a module
            assert im.getpixel((0, 0)) == im.getpixel((31, 31)) != im.getpixel((33, 33))  # quiet zone white, finder black
        decoded[r["标题"]] = zbarimg(png)
        assert decoded[r["标题"]] == [r["短网址"]]
    sheet = (out / "index.html").read_text(encoding="utf-8")
    assert sheet.count("<img src=") == 5 and "2023年第2期（总第315期）" in sheet
    with serve(site.out) as base, chromium_browser() as browser:
        page = browser.new_page()
        for r in rows:
            # the SVG as a layout program would place it: rendered, then decoded
            page.goto((out / r["二维码 SVG"]).as_uri())
            shot = tmp_path / f"{r['二维码 SVG']}.png"
            page.locator("svg").screenshot(path=str(shot))
            assert zbarimg(shot) == [r["短网址"]]
            # follow the code on the built site: the reader lands on the article
            url = decoded[r["标题"]][0]
            assert url.startswith(SITE_URL)
            page.goto(base + urlsplit(url).path.lstrip("/"))
            page.wait_for_url(re.compile(r"/issues/2023-02/[a-z0-9-]+/$"))
            assert page.locator("h1").first.inner_text().strip() == r["标题"]
