"""QR codes of short addresses for the printed magazine (segno: pure Python, maintained).

Each code: error correction M at least (segno raises it when the size allows:
``boost_error``), the standard 4-module quiet zone, an SVG in millimetres for layout
programs and a 300-dpi PNG.  One folder per issue for the layout team: the codes
named by print page, ``codes.csv`` and a printable ``index.html`` sheet.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path

import segno

from .shortlinks import short_url

ERROR = "m"
QUIET_ZONE = 4  # modules (ISO/IEC 18004)
DPI = 300
PNG_SCALE = 8  # px a module at 300 dpi: 0.68 mm, well above the 0.5 mm phones read from paper
SVG_MODULE_MM = 0.68


def make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR, boost_error=True, micro=False)


def svg(code: segno.QRCode) -> bytes:
    out = io.BytesIO()
    code.save(out, kind="svg", scale=SVG_MODULE_MM, unit="mm", border=QUIET_ZONE, xmldecl=True, svgns=True)
    return out.getvalue()


def png(code: segno.QRCode) -> bytes:
    out = io.BytesIO()
    code.save(out, kind="png", scale=PNG_SCALE, border=QUIET_ZONE, dpi=DPI)
    return out.getvalue()


@dataclass
class Code:
    article: object  # kexie.core.model.Article
    url: str
    name: str  # file name without extension
    code: segno.QRCode


def issue_codes(articles, site_url: str) -> tuple[list[Code], list]:
    """(codes of the articles with a link id, in print order; the articles without one)."""
    codes, missing = [], []
    for a in articles:
        if not a.link_id:
            missing.append(a)
            continue
        page = f"p{a.page:03d}" if a.page is not None else "cover"
        url = short_url(site_url, a.link_id)
        codes.append(Code(a, url, f"{page}-{a.slug}-{a.link_id}", make(url)))
    return codes, missing


def write_issue(folder: Path, issue, codes: list[Code]) -> list[Path]:
    """The layout team's folder: SVG + PNG per article, codes.csv, index.html."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for c in codes:
        for ext, data in (("svg", svg(c.code)), ("png", png(c.code))):
            path = folder / f"{c.name}.{ext}"
            path.write_bytes(data)
            written.append(path)
    (folder / "codes.csv").write_text(_csv(codes), encoding="utf-8-sig")  # -sig: Excel opens it as UTF-8
    (folder / "index.html").write_text(_sheet(issue, codes), encoding="utf-8")
    return written + [folder / "codes.csv", folder / "index.html"]


def _csv(codes: list[Code]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["页码", "栏目", "标题", "短网址", "二维码 SVG", "二维码 PNG", "纠错等级", "版本"])
    for c in codes:
        w.writerow([c.article.page or "", c.article.section.name, c.article.title, c.url, f"{c.name}.svg", f"{c.name}.png",
                    c.code.error, c.code.version])
    return out.getvalue()


def _sheet(issue, codes: list[Code]) -> str:
    rows = "\n".join(
        f'<tr><td>{c.article.page or ""}</td><td>{html.escape(c.article.section.name)}</td><td>{html.escape(c.article.title)}</td>'
        f'<td><code>{html.escape(c.url)}</code></td><td><img src="{c.name}.svg" alt="{html.escape(c.article.title)} 的二维码"></td></tr>'
        for c in codes)
    title = f"{html.escape(issue.full_label)} 文章二维码"
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>\n'
            '<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px;'
            'vertical-align:middle}img{width:25mm;height:auto}</style></head>\n'
            f'<body><h1>{title}</h1>\n<p>每个二维码指向文章的短网址（改了标题或网址也不变）。排版请用同名 SVG（矢量，毫米单位）或 300dpi PNG。</p>\n'
            f'<table><thead><tr><th>页码</th><th>栏目</th><th>标题</th><th>短网址</th><th>二维码</th></tr></thead>\n<tbody>\n{rows}\n</tbody></table>\n'
            '</body></html>\n')
