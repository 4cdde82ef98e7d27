"""What the web editor's form checks before it saves, from the build's own sources.

The build checks the whole site at once; the form checks one entry against
the rest of it.  What the form must know about the rest (addresses in use,
registry names articles refer to, which 栏目 need a print page) is taken here
from the catalog the build made, and its messages from the one catalogue
(messages.py), so the form and the build cannot drift apart.  The browser's
half is ``editor/admin/kexie-cms.js``; it reads this as ``admin/kexie-rules.json``
from the built site, so it works with every backend, not only the local preview.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from ..channels.shortlinks import ALPHABET, LENGTH
from .catalog import ISSUES_DIR, Catalog
from .house import HOUSE_FILE
from .messages import CATALOGUE, lang
from .registries import DATA_DIR
from .slugs import SLUG

FORM_MESSAGES = ("form.slug_needed", "form.slug_taken", "form.slug_reserved", "form.page_needed", "form.ref_in_use",
                 "form.problems_head", "form.problems_ok", "form.save_refused", "field.bad_slug",
                 "publishing.editor_missing", "publishing.signoff_missing", "form.proofread_head")
# registry file → (the reference it answers, the keys an article may refer to an entry by)
REGISTRY_KEYS = {"people": ("person", ("name", "slug")), "orgs": ("org", ("name", "short", "slug")),
                 "sections": ("section", ("name", "slug")), "publications": ("publication", ("name", "slug"))}
# a file named so would write a page the site generates (an issue's CONTENTS, the news list)
RESERVED_SLUGS = ("index",)


def rules_digest(rules: dict) -> str:
    """Names this version of the rules: the open editor fetches them again when it changes."""
    return hashlib.sha1(json.dumps(rules, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def form_rules(catalog: Catalog, docs: str) -> dict:
    """The rules as JSON-ready data; ``docs`` is content/ relative to the repository (Decap's paths)."""
    return {
        "docs": docs,
        "slug_pattern": SLUG.pattern,
        "reserved_slugs": list(RESERVED_SLUGS),
        # drafts, scheduled and withdrawn articles keep their addresses and references too
        "urls": {a.url: a.path for a in catalog.every_article},
        "issues": {i.id: i.full_label for i in catalog.issues + catalog.waiting_issues},
        "needs_page": {key: s.needs_page for s in catalog.sections for key in (s.name, s.slug)},
        "signoff": _signoff(catalog),
        # a new article's short address (print QR codes) is given by the form, as `kexie new` gives it
        "link_id": {"alphabet": ALPHABET, "length": LENGTH, "taken": sorted(a.link_id for a in catalog.every_article if a.link_id)},
        "refs": _references(catalog),
        "registries": {name: {"ref": ref, "keys": list(keys), "implicit": _implicit_slugs(_entries(catalog, ref), keys)}
                       for name, (ref, keys) in REGISTRY_KEYS.items()},
        "messages": {key: (CATALOGUE[key].zh if lang() == "zh" else CATALOGUE[key].en) for key in FORM_MESSAGES},
    }


def _references(catalog: Catalog) -> dict[str, dict[str, list[str]]]:
    """Reference kind → the key as written → the files that write it."""
    refs: dict[str, dict[str, list[str]]] = {kind: defaultdict(list) for kind in ("person", "org", "section", "publication")}
    for a in catalog.every_article:
        for kind, keys in a.refs.items():
            for key in keys:
                refs[kind][key].append(a.path)
    for person in catalog.people:
        if person.org:
            refs["org"][person.org].append(f"{DATA_DIR}/people.yml（{person.name}）")
    for org in catalog.orgs:
        if org.parent:
            refs["org"][org.parent].append(f"{DATA_DIR}/orgs.yml（{org.name}）")
    for issue in catalog.issues + catalog.waiting_issues:
        refs["publication"][issue.publication].append(f"{ISSUES_DIR}/{issue.id}/issue.yml")
    return {kind: dict(by_key) for kind, by_key in refs.items()}


def _signoff(catalog: Catalog) -> dict:
    """The 栏目 (by name and slug) whose published articles need a 责任编辑 and these levels (kexie.core.house)."""
    rule = catalog.house.signoff
    return {"house": HOUSE_FILE, "levels": rule.levels,
            "sections": sorted({key for s in catalog.sections if rule.applies_to(s) for key in (s.name, s.slug)})}


def _entries(catalog: Catalog, ref: str) -> list:
    return {"person": catalog.people, "org": catalog.orgs, "section": catalog.sections, "publication": catalog.publications}[ref]


def _implicit_slugs(entries: list, keys: tuple[str, ...]) -> dict[str, str]:
    """Slugs the build made from a name (no ``slug:`` written): slug → name.  The form cannot
    make pinyin, so it learns that a reference by such a slug lives as long as the name."""
    written = {e.name: e.lines.get("slug") for e in entries}
    return {e.slug: e.name for e in entries if "slug" in keys and not written[e.name]}
