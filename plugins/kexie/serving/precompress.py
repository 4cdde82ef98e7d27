"""Write ``name.gz`` (and ``name.br`` when the ``brotli`` package is installed)
beside every text file of a built site, so the web server sends them as they
are (nginx ``gzip_static`` / ``brotli_static``) instead of compressing on each
request or not at all.

    python -m kexie.serving.precompress site/

scripts/publish.sh runs it before copying the site to a web server.  Copies
are written only when smaller than the file, with fixed timestamps, so an
unchanged file gives byte-identical copies (rsync --checksum sends nothing).
"""

from __future__ import annotations

import gzip
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a dependency; gzip alone still serves every browser
    brotli = None

TEXT = {".html", ".css", ".js", ".json", ".xml", ".xsl", ".svg", ".txt", ".webmanifest"}
SMALLEST = 256  # below one packet compression saves nothing worth a second file
BIG = 512 * 1024  # brotli's best level runs ~0.5 MB/s: larger files (the web editor's 5 MB script) get level 9


@dataclass
class Tally:
    files: int = 0
    raw: int = 0
    gz: int = 0
    br: int = 0

    def add(self, other: "Tally") -> None:
        self.files += other.files
        self.raw += other.raw
        self.gz += other.gz
        self.br += other.br


def wanted(path: Path) -> bool:
    return path.suffix.lower() in TEXT and path.stat().st_size >= SMALLEST


def compress_file(path: Path) -> Tally:
    """``path.gz`` and ``path.br`` beside ``path``; sizes of what a browser then receives."""
    data = path.read_bytes()
    tally = Tally(files=1, raw=len(data), gz=len(data), br=len(data))
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    tally.gz = _keep(path, ".gz", packed, len(data))
    if brotli is not None:
        tally.br = _keep(path, ".br", brotli.compress(data, quality=11 if len(data) < BIG else 9), len(data))
    else:
        tally.br = tally.gz
    return tally


def _keep(path: Path, suffix: str, packed: bytes, raw: int) -> int:
    target = path.with_name(path.name + suffix)
    if len(packed) >= raw:
        target.unlink(missing_ok=True)
        return raw
    if not target.is_file() or target.read_bytes() != packed:
        target.write_bytes(packed)
    stat = path.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # nginx sends the original's Last-Modified
    return len(packed)


def _compress_many(paths: list[Path]) -> Tally:
    tally = Tally()
    for path in paths:
        tally.add(compress_file(path))
    return tally


def precompress(site: Path, jobs: int | None = None) -> Tally:
    """Every text file under ``site``; ``jobs`` processes (default: the machine's cores)."""
    paths = sorted(p for p in site.rglob("*") if p.is_file() and wanted(p))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) // 200 + 1))
    if jobs == 1:
        return _compress_many(paths)
    total = Tally()
    with ProcessPoolExecutor(jobs) as pool:
        for part in pool.map(_compress_many, [paths[i::jobs] for i in range(jobs)]):
            total.add(part)
    return total


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    site = Path(args[0] if args else "site")
    if not (site / "index.html").is_file():
        print(f"未压缩：{site}/ 里没有构建好的网站（缺少 index.html）；先运行 bash scripts/build.sh", file=sys.stderr)
        return 1
    started = time.perf_counter()
    tally = precompress(site)
    kinds = ".gz 与 .br" if brotli is not None else ".gz（未安装 brotli，未生成 .br）"
    print(f"已预压缩 {tally.files} 个文本文件（{kinds}）：{tally.raw / 1e6:.1f} MB → gzip {tally.gz / 1e6:.1f} MB，"
          f"brotli {tally.br / 1e6:.1f} MB，用时 {time.perf_counter() - started:.1f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
