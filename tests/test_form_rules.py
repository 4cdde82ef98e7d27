"""The web editor's form rules (admin/kexie-rules.json) are the build's, taken from its catalog."""

from __future__ import annotations

import shutil

from sitekit import REPO

from kexie.core.catalog import load_catalog
from kexie.core.form_rules import form_rules, rules_digest
from kexie.core.messages import CATALOGUE


def test_rules_hold_every_address_reference_and_page_rule():
    catalog = load_catalog(REPO / "content")
    rules = form_rules(catalog, "content")
    assert rules["urls"] == {a.url: a.path for a in catalog.articles}
    assert rules["urls"]["issues/2023-02/li-weirong/"] == "issues/2023-02/li-weirong.md"
    assert rules["needs_page"]["创新达人"] is True and rules["needs_page"]["封面"] is False
    assert all(rules["needs_page"][s.name] == s.needs_page for s in catalog.sections)
    assert "issues/2023-02/li-weirong.md" in rules["refs"]["person"]["李卫荣"]
    assert rules["refs"]["section"]["创新达人"] and rules["refs"]["publication"]["企业科协"] == ["issues/2023-02/issue.yml"]
    people_org = [k for k, files in rules["refs"]["org"].items() if any("people.yml" in f for f in files)]
    assert people_org, "a person's 单位 is a reference too"
    assert rules["reserved_slugs"] == ["index"]
    assert set(rules["messages"]) >= {"form.slug_taken", "form.page_needed", "form.ref_in_use"}
    assert rules["messages"]["form.slug_taken"] == CATALOGUE["form.slug_taken"].zh
    assert rules["registries"]["publications"]["ref"] == "publication"


def test_implicit_slugs_are_only_those_the_build_made(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    with open(content / "_data/people.yml", "a", encoding="utf-8") as f:
        f.write("- name: 欧阳新人\n")  # no slug written: the build makes one from the name
    rules = form_rules(load_catalog(content), "content")
    implicit = rules["registries"]["people"]["implicit"]
    assert implicit.get("ouyang-xinren") == "欧阳新人"
    assert "li-weirong" not in implicit  # written in people.yml


def test_the_digest_follows_the_rules(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    before = rules_digest(form_rules(load_catalog(content), "content"))
    (content / "news/xin-gaojian.md").write_text("---\ntitle: 新稿件\nsection: 深入实施科教兴国战略、人才强国战略、创新驱动发展战略\n"
                                               "date: 2023-11-01\n---\n\n正文。\n", encoding="utf-8")
    after = rules_digest(form_rules(load_catalog(content), "content"))
    assert before != after
