"""Every bad input gets its one clear message, names its file, and leaves the rest valid."""

from __future__ import annotations

import re

import pytest

from bad_inputs import CASES, GOOD, Case
from kexie.core.catalog import load_catalog
from kexie.core.problems import ContentError
from sitekit import make_site


def problems_for(site) -> list[str]:
    try:
        load_catalog(site.content)
    except ContentError as e:
        return [str(p) for p in e.problems]
    return []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_named(tmp_path, case: Case):
    site = make_site(tmp_path)
    assert problems_for(site) == []
    for rel, text in case.files.items():
        site.write(rel, text)
    found = problems_for(site)
    mine = [p for p in found if p.startswith(case.path + ":")]
    assert mine, f"no problem names {case.path}; got {found}"
    assert any(all(w in p for w in case.words) for p in mine), f"expected {case.words} in {mine}"
    # the good articles beside it are untouched
    assert not [p for p in found if p.startswith(GOOD)]


def test_all_problems_reported_together_and_build_fails_without_traceback(tmp_path):
    site = make_site(tmp_path)
    for n, case in enumerate(c for c in CASES if c.path.startswith("issues/2023-02/bad")):
        for rel, text in case.files.items():
            site.write(rel.replace("bad.md", f"bad-{n}.md"), text)
    result = site.build("--strict")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    named = set(re.findall(r"ERROR\s+-\s+(issues/2023-02/bad-\d+\.md)", output))
    expected = sum(1 for c in CASES if c.path.startswith("issues/2023-02/bad"))
    assert len(named) == expected, output
    assert "content problem(s)" in output


def test_valid_site_builds_strict(tmp_path):
    site = make_site(tmp_path)
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "李卫荣：镁合金" in site.page("issues/2023-02")


def test_html_in_titles_is_escaped(tmp_path):
    site = make_site(tmp_path)
    site.write("issues/2023-02/xss.md", "---\ntitle: \"<script>alert(1)</script> & 标题\"\nsection: 卷首语\npage: 3\nauthors: [\"<b>坏</b>\"]\n---\n正文\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    for url in ("issues/2023-02/xss", "issues/2023-02", "sections/juan-shou-yu"):
        page = site.page(url)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    feed = (site.out / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in feed and "&lt;script&gt;" in feed
