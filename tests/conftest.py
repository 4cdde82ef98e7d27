import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import os
import re

import pytest

from sitekit import REPO, mkdocs_build


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The real content, built once with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("seed") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", out, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def seed_site_again(seed_site, tmp_path_factory) -> Path:
    """A second, independent build of the same content (for reproducibility)."""
    out = tmp_path_factory.mktemp("seed-again") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", out, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def page_text(site: Path, url: str) -> str:
    """Visible text of the main content of a built page."""
    html = (site / url / "index.html").read_text(encoding="utf-8")
    main = html[html.find('<article class="md-content__inner'):]
    return re.sub(r"<[^>]+>", " ", main)
